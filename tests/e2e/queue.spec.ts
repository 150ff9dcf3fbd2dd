// The worker's queue is a to-do list: live demands with a running clock, by deadline, with
// author, deadline and co-signs; all and resolved a click away; an empty list names its scope.
// The merge picker offers the most similar demands first; the timeline names who acted.
import { expect, test } from '@playwright/test';

import { apiAs, shot, signIn } from './support';

test('the queue opens on what needs doing, by deadline', async ({ page }, testInfo) => {
  await signIn(page, 'worker');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '需求队列' }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole('radio', { name: '待办' })).toBeChecked();
  const table = page.locator('.ant-table');
  for (const column of ['提出人', '办理时限', '附议']) await expect(table.getByRole('columnheader', { name: column })).toBeVisible();
  await expect(table.locator('tbody tr').first()).toBeVisible();
  // Only live demands are to do: none resolved, rejected, merged, referred or withdrawn.
  for (const closed of ['不予受理', '已合并', '已转办', '已撤回']) await expect(table.getByText(closed)).toHaveCount(0);
  // The first row may be the table's loading placeholder: wait for a deadline before reading them.
  await expect(table.locator('tbody time').first()).toBeVisible();
  const dues = await table.locator('tbody time').allTextContents();
  expect(dues.length).toBeGreaterThan(0);
  expect([...dues].sort()).toEqual(dues);
  await shot(page, testInfo, 'queue-todo');

  const views = page.locator('.ant-segmented');
  await views.getByText('全部').click();
  await expect(page).toHaveURL(/view=all/);
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await views.getByText('已办结').click();
  await expect(page).toHaveURL(/view=done/);
  // The demo's closed project (兴华南街楼道照明改造) resolved 楼道灯不亮: only resolved demands show.
  await expect(table.locator('tbody tr').first()).toBeVisible();
  for (const state of await table.locator('tbody tr td:nth-child(4)').allTextContents()) expect(state).toBe('已办结');
});

test('an empty queue names its community', async ({ page, request }, testInfo) => {
  const admin = await apiAs(request, 'admin');
  const unit = (await admin.get('/api/v1/org-units?q=齐礼阎社区&kind=community')).items[0];
  await admin.post('/api/v1/users', {
    username: 'qiliyan-worker',
    password: 'Zhao-min-2026!',
    display_name: '赵敏',
    grant: { role: 'community_worker', unit_id: unit.id },
  });
  await signIn(page, 'qiliyan-worker', { password: 'Zhao-min-2026!' });
  // Its workbench has nothing waiting either; the queue says where it looked.
  await expect(page.getByRole('link', { name: /^暂无\s*待受理需求/ })).toBeVisible();
  await page.goto('/queue');
  await expect(page.getByText('齐礼阎社区暂无待受理需求')).toBeVisible();
  await shot(page, testInfo, 'queue-empty');
});

test('merging offers the most similar demand first, and the timeline names who acted', async ({ page, request }, testInfo) => {
  const resident = await apiAs(request, 'resident');
  const neighbour = await apiAs(request, 'neighbour');
  const unit_id = (await resident.get('/api/v1/me')).grants[0].unit_id;
  const file = (who: typeof resident, title: string, description: string) =>
    who.post('/api/v1/demands', { title, description, category: 'parking_traffic', unit_id });
  const target = await file(resident, '地下车库入口积水严重', '一下雨车库入口就积水，车开不进去。');
  const twin = await file(neighbour, '车库入口一下雨就积水', '车库入口积水，车进不去。');

  await signIn(page, 'worker', { at: `/demands/${twin.id}` });
  await page.getByRole('button', { name: /^合 ?并$/ }).click();
  await page.getByRole('dialog').getByLabel('合并到').click();
  const items = page.locator('.ant-select-dropdown:visible .ant-select-item');
  await expect(items.first()).toHaveText('最相似的需求');
  await expect(items.nth(1)).toContainText('地下车库入口积水严重');
  await shot(page, testInfo, 'merge-similar-first');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // The worker verifies the target: its timeline names the worker and the role.
  await page.goto(`/demands/${target.id}`);
  await page.getByRole('button', { name: /受理公示/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(async () => {
    if (await dialog.count()) await dialog.getByRole('button', { name: /受理公示/ }).last().click({ timeout: 2_000 });
    await expect(dialog).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText('社区工作者 兴华南街社区工作者 受理公示')).toBeVisible();
  await expect(page.getByText('居民 张伟 提交')).toBeVisible();
  await shot(page, testInfo, 'timeline-named');
});
