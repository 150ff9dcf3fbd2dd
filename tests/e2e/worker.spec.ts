// A community worker works the queue: verifies, rejects with a reason (refused without
// one), and merges a duplicate found by search; the public board then shows the result.
import { expect, test, type Page } from '@playwright/test';

import { apiAs, confirmDialog, shot, signIn } from './support';

async function openFromQueue(page: Page, title: string) {
  await page.goto('/queue');
  await page.getByPlaceholder('搜索标题或描述').fill(title);
  await page.getByPlaceholder('搜索标题或描述').press('Enter');
  await page.getByRole('link', { name: title }).first().click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

test('a community worker verifies, rejects with a reason and merges', async ({ page, request }, testInfo) => {
  const resident = await apiAs(request, 'resident');
  const neighbour = await apiAs(request, 'neighbour');
  const unit = (await resident.get('/api/v1/me')).grants[0].unit_id;
  const file = (who: typeof resident, title: string) =>
    who.post('/api/v1/demands', { title, description: '夜里经常有人在楼下喧哗', category: 'safety', unit_id: unit });
  await file(resident, '小区夜间治安巡逻不足');
  await file(neighbour, '晚上小区里巡逻太少');
  await file(resident, '想在楼顶装太阳能热水器');

  await signIn(page, 'worker');
  await expect(page).toHaveURL(/\/workbench$/);
  // 待受理需求 on the workbench opens the queue on the submitted demands.
  await page.getByRole('link', { name: /待受理需求/ }).click();
  await expect(page).toHaveURL(/\/queue\?state=submitted$/);
  await expect(page.getByRole('link', { name: '想在楼顶装太阳能热水器' })).toBeVisible();
  await shot(page, testInfo, 'queue');

  // Verify: the demand goes on the public list.
  await openFromQueue(page, '小区夜间治安巡逻不足');
  await shot(page, testInfo, 'demand-actions');
  await page.getByRole('button', { name: /受理公示/ }).click();
  await confirmDialog(page, /确 ?认|确 ?定|受理公示/);
  await expect(page.getByText('已公示').first()).toBeVisible();

  // Reject: a reason is required, and the refusal is shown on the field.
  await openFromQueue(page, '想在楼顶装太阳能热水器');
  await page.getByRole('button', { name: /不予受理/ }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /不予受理/ }).click();
  await expect(dialog.getByText(/请填写理由|理由/).first()).toBeVisible();
  await shot(page, testInfo, 'reject-needs-reason');
  await dialog.getByLabel(/理由/).fill('楼顶属公共部位，需全体业主同意');
  await confirmDialog(page, /不予受理/);
  await expect(page.getByText('楼顶属公共部位，需全体业主同意').first()).toBeVisible();

  // Merge the duplicate into the verified one, found by search.
  await openFromQueue(page, '晚上小区里巡逻太少');
  await page.getByRole('button', { name: /^合 ?并$/ }).first().click();
  const merge = page.getByRole('dialog');
  await merge.getByLabel('合并到').click();
  await page.keyboard.type('巡逻');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '小区夜间治安巡逻不足' }).first().click();
  await shot(page, testInfo, 'merge-search');
  await confirmDialog(page, /^合 ?并$/);
  await expect(page.getByText('已合并').first()).toBeVisible();
  await expect(page.getByText('办理记录')).toBeVisible();
  await shot(page, testInfo, 'merged');

  // The public board shows the verified demand, the author masked, with the merged support.
  await page.goto('/board');
  const card = page.locator('.demand-card').filter({ hasText: '小区夜间治安巡逻不足' });
  await expect(card).toContainText('张**');
  await expect(card).not.toContainText('张伟');
  await shot(page, testInfo, 'board');
  // Its own page says the same, and offers a signed-in worker no co-sign.
  await card.getByRole('link', { name: '小区夜间治安巡逻不足' }).click();
  await expect(page.getByRole('heading', { name: '小区夜间治安巡逻不足' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('张**');
  await expect(page.getByRole('button', { name: /附 ?议/ })).toHaveCount(0);
  await shot(page, testInfo, 'board-demand');
});
