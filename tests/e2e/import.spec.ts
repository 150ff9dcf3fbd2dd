// 批量导入 in the browser: the district admin downloads the template workbook, fills it in (a
// new street and its staff member, and a new community without its type), uploads it, sees
// the bad row said by its number and reason before anything is written, imports, takes the
// first passwords as a CSV, and finds the new street in its unit tree. Both the check and
// the result pass axe, the result on a phone too.
import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';

import { blockingViolations } from './axe';
import { fitsTheScreen, mainMenu, shot, signIn } from './support';

test('the district admin imports a filled-in template and finds the new street', async ({ page }, testInfo) => {
  // Names of this run alone: a retry on the same demo district imports its own.
  const stamp = String(Date.now()).slice(-8);
  const street = `导入${stamp}街道`;
  const phone = `139${stamp}`;

  await signIn(page, 'admin');
  await (await mainMenu(page)).getByRole('link', { name: '批量导入' }).click();
  await expect(page.getByRole('heading', { name: '批量导入' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: /导入模板\.xlsx/ }).click();
  const template = await downloading;
  expect(template.suggestedFilename()).toBe('导入模板.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await template.path());
  expect(book.worksheets.map((w) => w.name)).toEqual(['单位', '组织', '人员']);
  // Below each sheet's example row (row 2, skipped when left as it is).
  book.getWorksheet('单位')?.addRows([
    [street, '', '', ''],
    [street, `导入${stamp}社区`, '', ''],
  ]);
  book.getWorksheet('人员')?.addRow(['王导入', phone, '', '街道党工委', street, '', '', '', '否']);
  const filled = Buffer.from(await book.xlsx.writeBuffer());

  await page.locator('input[type="file"]').setInputFiles({ name: 'district.xlsx', mimeType: 'application/octet-stream', buffer: filled });
  const units = page.getByRole('region', { name: '「单位」district.xlsx「单位」' });
  await expect(units.getByText('将新建 1，已有 0，失败 1')).toBeVisible();
  await expect(units.getByText('第2行是模板的示例，已跳过')).toBeVisible();
  await expect(units.getByText('第4行')).toBeVisible();
  await expect(units.getByText(`社区“导入${stamp}社区”是新的，须填社区类型`, { exact: false })).toBeVisible();
  await expect(page.getByRole('region', { name: '「人员」district.xlsx「人员」' }).getByText('将新建 1，已有 0，失败 0')).toBeVisible();
  await shot(page, testInfo, 'checked');
  expect(await blockingViolations(page)).toEqual([]);

  await page.getByRole('button', { name: /^导 ?入$/ }).click();
  await expect(page.getByText('导入结果')).toBeVisible();
  await expect(units.getByText('新建 1，已有 0，失败 1')).toBeVisible();
  await expect(page.getByText(/1 个新账号的初始密码只能在这里下载一次/)).toBeVisible();

  const passwords = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载初始密码/ }).click();
  const file = await passwords;
  expect(file.suggestedFilename()).toBe('新账号初始密码.csv');
  const text = await readFile(await file.path(), 'utf8');
  // The BOM Excel needs to read it as UTF-8.
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [head, row] = text.trim().split('\n');
  expect(head).toBe('用户名,姓名,手机,角色,范围,初始密码（首次登录须修改）');
  const password = row?.split(',').at(-1) ?? '';
  expect(row).toBe(`${phone},王导入,${phone},街道党工委,${street},${password}`);
  await expect(page.getByText(password)).toHaveCount(0);
  await expect(page.getByText(/初始密码已下载/)).toBeVisible();

  // A phone reads the result as cards, nothing wider than its screen.
  await page.setViewportSize({ width: 375, height: 812 });
  await fitsTheScreen(page);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'imported-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await (await mainMenu(page)).getByRole('link', { name: '组织架构' }).click();
  await expect(page.getByRole('tree').getByText(street)).toBeVisible();

  // The new account's holder signs in with its first password and is asked for its own.
  const login = await page.request.post('/api/v1/auth/login', { data: { username: phone, password } });
  expect(login.ok()).toBeTruthy();
  expect((await login.json()).user.password_change_required).toBe(true);
});
