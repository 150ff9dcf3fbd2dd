// The sign-in screen says that a session ran out when the app was sent there because the
// server refused it (expired or revoked), and only then.
import { expect, test } from '@playwright/test';

import { blockingViolations } from './axe';
import { signIn } from './support';

const EXPIRED = /登录已过期/;

test('the sign-in screen says a session ran out, and only then', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByText(EXPIRED)).toHaveCount(0);

  await signIn(page, 'resident', { at: '/my/demands' });
  await expect(page.locator('.demand-card').first()).toBeVisible();
  // The login is revoked (its refresh cookie with it) and the access token has run out.
  expect((await page.request.post('/api/v1/auth/logout', { data: {} })).ok()).toBe(true);
  await page.evaluate(() => {
    const raw = localStorage.getItem('gongzhi.session') ?? '{}';
    localStorage.setItem('gongzhi.session', JSON.stringify({ ...JSON.parse(raw), access_token: 'expired' }));
  });
  await page.reload();
  await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fmy%2Fdemands$/);
  await expect(page.getByText(EXPIRED)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);

  // Signed in again, the resident is back where it was; signing out says nothing of expiry.
  await page.getByLabel('用户名').fill('resident');
  await page.getByLabel('密码').fill('gongzhi-demo');
  await page.getByRole('main').getByRole('button', { name: /^登 ?录$/ }).click();
  await expect(page).toHaveURL(/\/my\/demands$/);
  await page.getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByText(EXPIRED)).toHaveCount(0);
});
