import { expect, test } from '@playwright/test';

import { choose, shot, signIn, signInOnScreen } from './support';

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
  // What to type next time, before going on.
  await expect(page.getByText('以后登录时，在“手机号或用户名”一栏填写：zhaomin')).toBeVisible();
  await page.getByRole('button', { name: '开始使用' }).click();
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
  await signInOnScreen(page, 'zhaomin', 'zhao-min-2026');
  await expect(page.getByRole('link', { name: 'My demands', exact: true })).toBeVisible();
  await shot(page, testInfo, 'english');
  // The choice is remembered: a fresh load fetches the English texts before drawing.
  await page.goto('/board');
  await expect(page.getByRole('heading', { name: 'Public demand board' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
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

test('two tabs refreshing at once both stay signed in; no token script can read outlives a quarter hour', async ({
  context,
  page,
}) => {
  await signIn(page, 'worker');
  await expect(page).toHaveURL(/\/workbench$/);
  // Both tabs below work in the queue (its list is the request each one waits for).
  await page.goto('/queue');
  // The refresh token is an HttpOnly cookie for /api/v1/auth only; script sees none.
  const cookies = await context.cookies();
  const refresh = cookies.find((c) => c.name === 'gongzhi_refresh');
  expect(refresh?.httpOnly).toBe(true);
  expect(refresh?.sameSite).toBe('Strict');
  expect(refresh?.path).toBe('/api/v1/auth');
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(refresh?.value ?? 'none');

  const second = await context.newPage();
  await second.goto('/queue');
  await expect(second.getByRole('heading', { level: 2 }).first()).toBeVisible();
  // Both tabs find their access token refused at the same moment and refresh together.
  const stale = async (p: typeof page) =>
    p.evaluate(() => {
      const raw = localStorage.getItem('gongzhi.session');
      if (raw) localStorage.setItem('gongzhi.session', JSON.stringify({ ...JSON.parse(raw), access_token: 'stale' }));
    });
  await stale(page);
  // Refreshes answer slowly, so both tabs' refreshes are under way at once.
  await context.route('**/api/v1/auth/refresh', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.fulfill({ response: await route.fetch() });
  });
  const responses = [page, second].map((p) =>
    p.waitForResponse((r) => r.url().includes('/api/v1/demands') && r.request().method() === 'GET' && r.status() === 200, {
      timeout: 15_000,
    }),
  );
  await Promise.all([page.reload(), second.reload()]);
  await Promise.all(responses);
  for (const p of [page, second]) {
    await expect(p).toHaveURL(/\/queue/);
  }
  // Still one live login: a fresh load needs no password.
  await second.goto('/queue');
  await expect(second).toHaveURL(/\/queue/);
  const me = await second.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('gongzhi.session') ?? '{}');
    const r = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${session.access_token}` } });
    return r.status;
  });
  expect(me).toBe(200);
});
