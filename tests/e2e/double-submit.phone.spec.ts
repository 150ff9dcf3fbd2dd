// One tap, one record, on a resident's phone (375 px): 提交 tapped twice files one demand,
// and the screen says it was filed, not that it was refused.
import { expect, test } from '@playwright/test';

import { apiAs, choose, signIn } from './support';

test('a demand tapped in twice is filed once', async ({ page, request }) => {
  const title = `单元门口积水严重${Date.now() % 1_000_000}`;
  await signIn(page, 'resident', { at: '/demands/new' });
  // The draft is compared with what is filed once its category is known, and the similar ones
  // shown above the button move it down: the thumb aims once the page has stopped moving.
  const compared = page.waitForResponse((r) => r.url().includes('/api/v1/demands/similar') && r.url().includes('category='));
  await page.getByLabel('标题').fill(title);
  await choose(page, '类别', '维修维护');
  await compared;
  const submit = page.getByRole('button', { name: /提 ?交/ });
  // In the middle of the screen, clear of the bar of shortcuts fixed at its foot.
  await submit.evaluate((button) => button.scrollIntoView({ block: 'center' }));
  let box = (await submit.boundingBox())!;
  await expect(async () => {
    const before = box;
    await page.waitForTimeout(100);
    box = (await submit.boundingBox())!;
    expect(box).toEqual(before);
  }).toPass();
  // Two taps as a thumb makes them: raw touches, the second before the first is answered
  // (the filing is held on its way to the server until both have landed).
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/demands', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  release();
  await expect(page.getByRole('button', { name: '查看需求' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const resident = await apiAs(request, 'resident');
  const { items } = await resident.get(`/api/v1/demands?mine=filed&q=${encodeURIComponent(title)}`);
  expect(items.map((d: { title: string }) => d.title)).toEqual([title]);
});
