// A resident on a phone (375 px): files a demand, is shown the similar one, co-signs it in
// one tap, and finds its own demand with the timeline.
import { expect, test } from '@playwright/test';

import { choose, shot, signIn } from './support';

test('a resident files a demand and co-signs the similar one', async ({ page }, testInfo) => {
  await signIn(page, 'resident', { at: '/demands/new' });
  await page.getByLabel('标题').fill('单元门禁坏了一直没修');
  await page.getByLabel('描述').fill('5号楼1单元门禁刷卡没反应，陌生人可以随意进出。');
  await choose(page, '类别', '维修维护');
  await shot(page, testInfo, 'new-demand');
  await page.getByRole('button', { name: /提 ?交/ }).click();

  // 单元门禁损坏 (a neighbour's, published) is offered instead of a duplicate.
  await expect(page.getByText('已有相似需求，可直接附议')).toBeVisible();
  const similar = page.locator('.demand-card').filter({ hasText: '单元门禁损坏' }).first();
  await expect(similar).toBeVisible();
  await shot(page, testInfo, 'similar-demands');
  await similar.getByRole('button', { name: /附 ?议/ }).click();
  await expect(page.getByText(/附议成功/)).toBeVisible();
  await shot(page, testInfo, 'cosigned');

  await page.goto('/my/demands');
  const mine = page.getByRole('link', { name: '单元门禁坏了一直没修' });
  await expect(mine).toBeVisible();
  await shot(page, testInfo, 'my-demands');
  await mine.click();
  await expect(page.getByText('待受理').first()).toBeVisible();
  await expect(page.getByText('办理记录')).toBeVisible();
  await expect(page.getByRole('button', { name: /撤 ?回/ })).toBeVisible();
  await shot(page, testInfo, 'my-demand-timeline');
});
