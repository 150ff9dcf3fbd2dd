// Layout that holds on a 375 px phone: long titles wrap on cards, dates and labels keep to
// one line, nothing is wider than the screen.
import { expect, test } from '@playwright/test';

import { choose, fileDemand, fitsTheScreen, lineCount, openMenu, signIn } from './support';

const LONG = '二号楼北侧的路灯坏了三个多月，晚上出门一片漆黑，老人孩子走路都要打手电筒，希望尽快修好';
const DESCRIPTION = '路灯坏了以后晚上没人敢从北门走，绕路要多走十分钟，下雨天更是看不清台阶。'.repeat(6);

test('long titles wrap on cards, dates and labels keep to one line', async ({ page, request }) => {
  const id = await fileDemand(request, 'resident', LONG, DESCRIPTION);
  await signIn(page, 'resident', { at: '/my/demands' });
  const card = page.locator('.demand-card').filter({ hasText: LONG });
  expect(await lineCount(card.getByRole('link', { name: LONG }))).toBeGreaterThan(1);
  for (const time of await page.locator('.demand-card time').all()) expect(await lineCount(time)).toBe(1);
  for (const label of await page.getByRole('main').locator('label').all()) {
    expect(await lineCount(label), await label.innerText()).toBe(1);
  }
  await fitsTheScreen(page);

  // Beside a long description, every label of the demand's details stays on one line.
  await page.goto(`/demands/${id}`);
  const labels = page.locator('.ant-descriptions-item-label');
  await expect(labels.first()).toBeVisible();
  for (const label of await labels.all()) expect(await lineCount(label), await label.innerText()).toBe(1);
  await fitsTheScreen(page);

  await page.goto('/demands/new');
  await expect(page.getByLabel('标题')).toBeVisible();
  for (const label of await page.getByRole('main').locator('label').all()) {
    expect(await lineCount(label), await label.innerText()).toBe(1);
  }
});

test('the filters of the board and the queue fold away behind a "筛选" button', async ({ page }) => {
  await page.goto('/board');
  const toggle = page.getByRole('button', { name: '筛选' });
  const filters = page.getByRole('search');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(filters).toBeHidden();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('状态').selectOption({ label: '已公示' });
  await expect(page).toHaveURL(/state=published/);
  // Folded again, the button still says that a filter is in use.
  await toggle.click();
  await expect(filters).toBeHidden();
  await expect(page.getByRole('button', { name: '筛选（1）' })).toHaveAttribute('aria-expanded', 'false');

  await signIn(page, 'worker', { at: '/queue' });
  await expect(page.locator('main a[href^="/demands/"]').first()).toBeVisible();
  await expect(filters).toBeHidden();
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(filters.getByLabel('关键词')).toBeVisible();
});

test("a resident's three places are tabs at the bottom of the phone; the menus are labelled", async ({ page }) => {
  await signIn(page, 'resident', { at: '/my/demands' });
  const tabs = page.getByRole('navigation', { name: '快捷入口' });
  await expect(tabs.getByRole('link')).toHaveText(['公示栏', '提交需求', '我的需求']);
  await expect(tabs.getByRole('link', { name: '我的需求' })).toHaveAttribute('aria-current', 'page');
  // The same places are not offered twice.
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的需求' })).toBeHidden();

  // The tabs sit at the bottom of the screen and cover nothing at the end of the list.
  const bar = await tabs.boundingBox();
  expect(bar && bar.y + bar.height).toBe(812);
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const content = await page.locator('main > *').last().boundingBox();
  expect(content && bar && content.y + content.height).toBeLessThanOrEqual(bar!.y);

  await tabs.getByRole('link', { name: '提交需求' }).click();
  await expect(page).toHaveURL(/\/demands\/new/);
  await expect(tabs.getByRole('link', { name: '提交需求' })).toHaveAttribute('aria-current', 'page');

  // A community worker has no such places: its menu, labelled, is behind the 菜单 button.
  await signIn(page, 'worker');
  await expect(page.getByRole('navigation', { name: '快捷入口' })).toHaveCount(0);
  await openMenu(page);
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '需求队列' })).toBeVisible();
});

test('after filing a demand, "back" never lands on an empty form', async ({ page }) => {
  await signIn(page, 'resident', { at: '/my/demands' });
  await page.getByRole('navigation', { name: '快捷入口' }).getByRole('link', { name: '提交需求' }).click();
  await page.getByLabel('标题').fill('单元门禁坏了好几天');
  await choose(page, '类别', '维修维护');
  await page.getByRole('button', { name: /提 ?交/ }).click();
  const filed = page.getByRole('button', { name: '查看需求' });
  await expect(filed).toBeVisible();

  // Back from a similar demand: what was filed, with its similar demands, is still there.
  await page.locator('.demand-card').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/demands\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(filed).toBeVisible();

  // Back from the filed demand: where the resident was before the form.
  await filed.click();
  await expect(page.getByRole('heading', { name: '单元门禁坏了好几天' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/my\/demands$/);
});
