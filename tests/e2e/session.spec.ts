import { expect, test } from '@playwright/test';

import { choose, shot, signIn } from './support';

test('a resident signs up, signs out and back in; the app switches to English and back', async ({ page }, testInfo) => {
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: '居民注册' })).toBeVisible();
  await choose(page, '所在社区', '兴华南街社区');
  await page.getByLabel('姓名').fill('赵敏');
  await page.getByLabel('用户名').fill('zhaomin');
  await page.getByLabel('密码').fill('short');
  await page.getByRole('button', { name: /注 ?册/ }).click();
  // The password policy speaks Chinese, on the password field.
  await expect(page.getByText('密码至少 10 个字符')).toBeVisible();
  await shot(page, testInfo, 'register-refused');
  await page.getByLabel('密码').fill('zhao-min-2026');
  await page.getByRole('button', { name: /注 ?册/ }).click();
  await expect(page).toHaveURL(/\/my\/demands/);

  await page.getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('用户名').fill('zhaomin');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('main').getByRole('button', { name: /^登 ?录$/ }).click();
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  await shot(page, testInfo, 'login-refused');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, 'zhaomin', 'zhao-min-2026');
  await expect(page.getByRole('link', { name: 'My demands' })).toBeVisible();
  await shot(page, testInfo, 'english');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('link', { name: '我的需求' })).toBeVisible();
});

test('a deep link reloads into the app, and unknown API paths stay problem+json', async ({ page, request }) => {
  await page.goto('/board');
  await page.reload();
  await expect(page.getByRole('link', { name: '公示栏' })).toBeVisible();
  const api = await request.get('/api/v1/nothing');
  expect(api.status()).toBe(404);
  expect(api.headers()['content-type']).toBe('application/problem+json');
});
