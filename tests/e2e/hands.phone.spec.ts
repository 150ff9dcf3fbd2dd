// Outside 长辈模式, a 375 px touch phone still fits every hand (issue 20): on the screens
// residents and officials use most, every visible control is 44 × 44 px or more, nothing
// scrolls sideways, and axe finds nothing serious or critical. Tables are cards here.
import { expect, test } from '@playwright/test';

import { fitsAHand } from './hands';
import { freshProject } from './projects.support';
import { fileDemand, signIn } from './support';

const PHONE = { target: 44 };

test("a resident's screens fit a thumb", async ({ page, request }) => {
  test.setTimeout(180_000);
  const own = await fileDemand(request, 'resident', '二号楼北门门禁刷不开');
  const closed = await freshProject(request, '北门门禁更换', { stage: 'closed' });

  await page.goto('/board');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await fitsAHand(page, 'board', PHONE);

  await signIn(page, 'resident', { at: '/my/demands' });
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await fitsAHand(page, 'my demands', PHONE);
  await page.goto('/demands/new');
  await expect(page.getByLabel('标题')).toBeVisible();
  await fitsAHand(page, 'new demand', PHONE);
  await page.goto(`/demands/${own}`);
  await expect(page.getByText('办理记录')).toBeVisible();
  await fitsAHand(page, 'own demand', PHONE);
  await page.goto(`/projects/${closed.id}`);
  await expect(page.getByText('满意度评价')).toBeVisible();
  await fitsAHand(page, 'project to rate', PHONE);
});

test("an official's screens fit a thumb, and the admin's users are cards, not a sideways table", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'worker', { at: '/workbench' });
  await expect(page.locator('.work-card').first()).toBeVisible();
  await fitsAHand(page, 'workbench', PHONE);
  await page.goto('/queue');
  await expect(page.locator('main a[href^="/demands/"]').first()).toBeVisible();
  await fitsAHand(page, 'queue', PHONE);

  await signIn(page, 'admin', { at: '/admin/users' });
  await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
  await expect(page.getByRole('main').getByRole('table')).toHaveCount(0);
  await fitsAHand(page, 'users', PHONE);
  await page.goto('/admin/organizations');
  await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
  await fitsAHand(page, 'organisations', PHONE);
});

test('signing up, signing in and the desk fit a thumb', async ({ page }) => {
  await page.goto('/register');
  await expect(page.locator('.password-rules li')).toHaveCount(4);
  await fitsAHand(page, 'sign up', PHONE);
  await page.goto('/login');
  await expect(page.getByLabel(/手机号或用户名/)).toBeVisible();
  await fitsAHand(page, 'sign in', PHONE);
  await signIn(page, 'worker', { at: '/residents/new' });
  await expect(page.getByLabel('姓名')).toBeVisible();
  await fitsAHand(page, 'desk', PHONE);
});

test('an unknown address says so and leads home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: '找不到这个页面' })).toBeVisible();
  await fitsAHand(page, '404', PHONE);
  await page.getByRole('link', { name: '回到首页' }).click();
  await expect(page).toHaveURL(/\/board$/);
});

test('the app installs to the home screen: a manifest, its icons and a favicon', async ({ request }) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()['content-type']).toBe('application/manifest+json');
  const body = await manifest.json();
  expect(body).toMatchObject({ short_name: '共治', start_url: '/', display: 'standalone' });
  for (const icon of body.icons as { src: string; type: string }[]) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toBe(icon.type);
  }
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toBe('image/x-icon');
});
