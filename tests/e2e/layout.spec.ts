// Layout that holds on a desktop: a long title is cut to one line in the queue's table, with
// the whole of it on hover, dates never break at their hyphens, and the filter bars are
// drawn once, where they stay.
import { expect, test } from '@playwright/test';

import { fileDemand, lineCount, signIn, watchBox } from './support';

const LONG = '五号楼到七号楼之间的消防通道长期被私家车和电动车占用，夜间救护车和消防车都开不进来，多次反映无人处理，请尽快协调清理';

test("the queue's table cuts a long title to one line, with the whole title on hover", async ({ page, request }) => {
  await fileDemand(request, 'resident', LONG);
  await signIn(page, 'worker', { at: '/queue' });

  const link = page.getByRole('table').getByRole('link', { name: LONG });
  await expect(link).toHaveAttribute('title', LONG);
  expect(await lineCount(link)).toBe(1);
  expect(await link.evaluate((a) => a.scrollWidth > a.clientWidth)).toBe(true);

  // Short values and headings keep to one line; a date is never "2026-11-" over "29".
  const table = page.getByRole('table');
  for (const cell of await table.locator('th, time').all()) expect(await lineCount(cell), await cell.innerText()).toBe(1);
});

test('the filter bars of the board and the queue do not move while the screen loads', async ({ page }) => {
  const bar = 'form[role="search"]';
  await watchBox(page, bar);
  await page.goto('/board');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  expect(await page.evaluate(() => window.boxes)).toHaveLength(1);
  // A desktop has room for them: nothing folds.
  await expect(page.getByRole('button', { name: /^筛选/ })).toBeHidden();

  await signIn(page, 'worker', { at: '/queue' });
  await expect(page.getByRole('table').getByRole('link').first()).toBeVisible();
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  // antd's controls animate their size for a third of a second after a change.
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.boxes)).toHaveLength(1);
});

test("a desktop keeps a resident's places in the menu, with no tabs at the bottom", async ({ page }) => {
  await signIn(page, 'resident');
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的需求' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '快捷入口' })).toBeHidden();
});
