// Passwords someone else set are temporary: an account a street committee creates signs in
// to 修改密码 before anything else, told why, sets its own, and goes on to its own start
// page; its temporary password no longer opens it. Everyone else finds 修改密码 in the header.
import { expect, test } from '@playwright/test';

import { apiAs, DEMO_PASSWORD, signIn, signInOnScreen } from './support';

test('an account with a temporary password sets its own first, then goes on', async ({ page, request }) => {
  const street = await apiAs(request, 'street');
  const unit_id = (await (await apiAs(request, 'resident')).get('/api/v1/me')).grants[0].unit_id;
  const username = `temp-${Date.now() % 1_000_000}`;
  const created = await street.post('/api/v1/users', {
    username,
    password: 'given-by-street-1',
    display_name: '刘芳',
    grant: { role: 'resident', unit_id },
  });
  expect(created.password_change_required).toBe(true);

  await signInOnScreen(page, username, 'given-by-street-1');
  await expect(page).toHaveURL(/\/account\/password\?next=/);
  await expect(page.getByText(/替您设置的/)).toBeVisible();
  // Nothing else opens until then.
  await page.goto('/my/demands');
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fmy%2Fdemands/);

  await page.getByLabel(/当前密码/).fill('given-by-street-1');
  await page.getByLabel('新密码', { exact: true }).fill('liu-fang-own-2026');
  await page.getByLabel('再次输入新密码').fill('liu-fang-own-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/my\/demands$/);
  await expect(page.getByText(/替您设置的/)).toHaveCount(0);

  const refused = await request.post('/api/v1/auth/login', { data: { username, password: 'given-by-street-1' } });
  expect(refused.status()).toBe(401);
  await page.getByRole('button', { name: /退出/ }).click();
  await signInOnScreen(page, username, 'liu-fang-own-2026');
  await expect(page).toHaveURL(/\/my\/demands$/);
});

test('everyone signed in finds 修改密码 in the header, and a wrong current password is said at its field', async ({ page }) => {
  await signIn(page, 'worker');
  await page.getByRole('link', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fworkbench/);
  await expect(page.getByText(/替您设置的/)).toHaveCount(0);
  await page.getByLabel(/当前密码/).fill(`not-${DEMO_PASSWORD}`);
  await page.getByLabel('新密码', { exact: true }).fill('brand-new-pass-2026');
  await page.getByLabel('再次输入新密码').fill('brand-new-pass-2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('当前密码不正确')).toBeVisible();
});
