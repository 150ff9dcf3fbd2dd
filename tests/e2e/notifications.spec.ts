// The inbox: a resident's demand is verified by the community worker; the bell in the
// resident's header counts it (asked again when the tab comes back into view), 消息通知 says
// it in a sentence, and a tap marks it read and opens the demand.
import { expect, test } from '@playwright/test';

import { apiAs, fileDemand, fitsTheScreen, shot, signIn } from './support';

const TITLE = '三号楼楼顶水箱漏水';

/** The unread count in the bell's name: 「通知（3 条未读）」, or 「通知」 for none. */
const unreadIn = (name: string | null) => Number(name?.match(/（(\d+) 条未读）/)?.[1] ?? 0);

test('a resident is told its demand was verified, and the notification leads to it', async ({ page, request }, testInfo) => {
  const id = await fileDemand(request, 'resident', TITLE, '楼顶水箱一直往下渗水，顶楼住户家里墙面发霉。');
  await signIn(page, 'resident');
  const bell = page.getByRole('banner').getByRole('link', { name: /^通知/ });
  await expect(bell).toBeVisible();
  const before = unreadIn(await bell.getAttribute('aria-label'));

  // The community worker verifies it; the server's worker writes the notice within a second.
  const worker = await apiAs(request, 'worker');
  const { version } = await worker.get(`/api/v1/demands/${id}`);
  await worker.post(`/api/v1/demands/${id}/transitions`, { action: 'verify', version });

  // The bell asks every 30 s, and at once when the tab comes back into view.
  let unread = before;
  await expect(async () => {
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    unread = unreadIn(await bell.getAttribute('aria-label', { timeout: 1_000 }));
    expect(unread).toBeGreaterThan(before);
  }).toPass({ timeout: 10_000 });
  // Other specs' notices may arrive meanwhile: the badge and the name agree, whatever the count.
  await expect(async () => {
    const now = unreadIn(await bell.getAttribute('aria-label', { timeout: 1_000 }));
    expect(now).toBeGreaterThanOrEqual(unread);
    await expect(bell.locator('.ant-badge-count')).toHaveAttribute('title', String(now), { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  // On a phone the bell is a thumb's width, and the header still fits.
  await page.setViewportSize({ width: 375, height: 812 });
  const box = await bell.boundingBox();
  expect(box && Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  await fitsTheScreen(page);
  await shot(page, testInfo, 'phone-header');
  await page.setViewportSize({ width: 1280, height: 720 });

  await bell.click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole('heading', { name: '消息通知' })).toBeVisible();
  const notice = page.getByRole('link', { name: new RegExp(`您的需求「${TITLE}」已受理并公示`) });
  await expect(notice).toContainText('未读');
  await shot(page, testInfo, 'notifications');

  await notice.click();
  await expect(page).toHaveURL(new RegExp(`/demands/${id}$`));
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  // Tapped, it is read: back in 消息通知 it no longer says 未读.
  await page.goto('/notifications');
  await expect(page.getByRole('link', { name: new RegExp(`您的需求「${TITLE}」已受理并公示`) })).not.toContainText('未读');
});
