// One tap, one record, on a resident's phone (375 px): 提交 tapped twice files one demand,
// and the screen says it was filed, not that it was refused.
import { expect, test } from '@playwright/test';

import { apiAs, choose, signIn } from './support';

test('a demand tapped in twice is filed once', async ({ page, request }) => {
  const title = `单元门口积水严重${Date.now() % 1_000_000}`;
  await signIn(page, 'resident');
  await page.goto('/demands/new');
  await page.getByLabel('标题').fill(title);
  await choose(page, '类别', '维修维护');
  const submit = page.getByRole('button', { name: /提 ?交/ });
  const box = (await submit.boundingBox())!;
  // Two taps as a thumb makes them: raw touches, the second before the first is answered.
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByRole('button', { name: '查看需求' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const resident = await apiAs(request, 'resident');
  const { items } = await resident.get(`/api/v1/demands?mine=filed&q=${encodeURIComponent(title)}`);
  expect(items.map((d: { title: string }) => d.title)).toEqual([title]);
});
