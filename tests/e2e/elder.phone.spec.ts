// 长辈模式 on a 375 px touch phone (issue 20): switched on from the public board without
// signing in, it stays on; a resident files a demand, co-signs a neighbour's, follows a
// demand of its own to the project that answered it and rates it. An older person signs up
// and signs in, and a worker opens an account at the desk, in 长辈模式 too. On every screen:
// text of 18 px and more, every control 48 × 48 px and more, nothing sideways, contrast at
// 7:1, and no serious or critical axe finding.
import { expect, test, type APIRequestContext } from '@playwright/test';

import { fitsAHand } from './hands';
import { freshProject } from './projects.support';
import { apiAs, choose, openMenu, shot, signIn, signInOnScreen, token } from './support';

const ELDER = { target: 48, text: 18, aaa: true };

/** A neighbour's demand, published by the community worker. */
async function neighbours(request: APIRequestContext, title: string) {
  const neighbour = await apiAs(request, 'neighbour');
  const worker = await apiAs(request, 'worker');
  const unit_id = (await neighbour.get('/api/v1/me')).grants[0].unit_id;
  const filed = await neighbour.post('/api/v1/demands', { title, description: '晚上看不清路，老人容易摔倒。', category: 'safety', unit_id });
  await worker.post(`/api/v1/demands/${filed.id}/transitions`, { action: 'verify', version: filed.version });
  return filed.id as string;
}

// The account keeps 长辈模式 (PUT /me/preferences): the demo's resident and worker must not
// take it into the other specs of this shared district.
test.afterEach(async ({ request }) => {
  for (const username of ['resident', 'worker']) {
    const access = await token(request, username);
    const reset = await request.put('/api/v1/me/preferences', {
      data: { elder_mode: false },
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(reset.ok()).toBeTruthy();
  }
});

test('a resident in elder mode files, co-signs, follows a demand to its project and rates it', async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  const other = await neighbours(request, '小区东门台阶没有扶手');
  const project = await freshProject(request, '东门台阶扶手加装', { stage: 'closed' });

  // The switch is in the header of the public board, before signing in; it is remembered.
  await page.goto('/board');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  const toggle = page.getByRole('banner').getByRole('switch', { name: '长辈模式' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await expect(page.getByRole('banner').getByRole('switch', { name: '长辈模式' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('.demand-card').first()).toBeVisible();
  // The language is not in the header any more: it is under 设置.
  await expect(page.getByRole('banner').getByRole('button', { name: 'English' })).toHaveCount(0);
  await fitsAHand(page, 'board (visitor)', ELDER);
  await shot(page, testInfo, 'elder-board');

  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await fitsAHand(page, 'settings', ELDER);

  // Signing in lands a resident on its home: three large actions and what waits for it.
  await signInOnScreen(page, 'resident');
  await expect(page).toHaveURL(/\/home$/);
  const actions = page.getByRole('region', { name: '您想做什么？' });
  await expect(actions.getByRole('link')).toHaveCount(3);
  const waiting = page.getByRole('region', { name: '等您看一看' });
  await expect(waiting.getByRole('link', { name: /件办好的事请您打分/ })).toBeVisible();
  await fitsAHand(page, 'home', ELDER);
  await shot(page, testInfo, 'elder-home');

  // 提交需求.
  await actions.getByRole('link', { name: /提交需求/ }).click();
  await expect(page).toHaveURL(/\/demands\/new$/);
  await expect(page.getByLabel('标题')).toBeVisible();
  await fitsAHand(page, 'new demand', ELDER);
  await page.getByLabel('标题').fill('单元楼下垃圾桶太少');
  await page.getByLabel('描述').fill('每天傍晚垃圾就堆满了，味道很大。');
  await choose(page, '类别', '环境卫生');
  await page.getByRole('button', { name: /提 ?交/ }).click();
  await expect(page.getByRole('button', { name: '查看需求' })).toBeVisible();
  await fitsAHand(page, 'demand filed', ELDER);
  await shot(page, testInfo, 'elder-filed');

  // 附议 a neighbour's, from the board, in plain words.
  await page.getByRole('navigation', { name: '快捷入口' }).getByRole('link', { name: '公示栏' }).click();
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await page.goto(`/board/${other}`);
  await expect(page.getByRole('heading', { name: '小区东门台阶没有扶手' })).toBeVisible();
  await fitsAHand(page, 'public demand', ELDER);
  await page.getByRole('button', { name: '我也遇到了（附议）' }).click();
  await expect(page.getByText(/附议成功/)).toBeVisible();
  await shot(page, testInfo, 'elder-cosigned');

  // From home, the rating waiting: the demand, its project, the stars.
  await page.getByRole('navigation', { name: '快捷入口' }).getByRole('link', { name: '首页' }).click();
  await page.getByRole('region', { name: '等您看一看' }).getByRole('link', { name: /件办好的事请您打分/ }).click();
  await expect(page).toHaveURL(/\/my\/demands/);
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await fitsAHand(page, 'my demands', ELDER);
  await page.getByRole('tab', { name: '已附议' }).click();
  await page.getByRole('link', { name: '东门台阶扶手加装（居民需求）' }).click();
  await expect(page).toHaveURL(new RegExp(`/demands/${project.demandId}$`));
  await expect(page.getByText('办理经过')).toBeVisible();
  await fitsAHand(page, 'demand', ELDER);
  await shot(page, testInfo, 'elder-demand');

  // The project answering it, by its name.
  await page.getByRole('link', { name: '东门台阶扶手加装', exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`));
  const rating = page.getByText('给办理结果打分');
  await expect(rating).toBeVisible();
  await fitsAHand(page, 'project', ELDER);
  await page.getByRole('radio', { name: /5 星/ }).click();
  await page.getByRole('button', { name: /提交打分/ }).click();
  await expect(page.getByText('感谢您的评价')).toBeVisible();
  await expect(page.getByText('您已评价过该项目')).toBeVisible();
  await shot(page, testInfo, 'elder-rated');
});

test('signing up, signing in and the desk read large in elder mode', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const mobile = `136${String(Date.now()).slice(-8)}`;
  await page.goto('/register');
  const toggle = page.getByRole('banner').getByRole('switch', { name: '长辈模式' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  // The rules stand before a key is typed; the form fits the hand empty and filled.
  await expect(page.locator('.password-rules li')).toHaveCount(4);
  await fitsAHand(page, 'sign up', ELDER);
  await page.getByLabel('姓名').fill('王淑珍');
  await page.getByLabel('手机号').fill(mobile);
  await page.getByLabel(/^密码$/).fill('shuzhen-home-2026');
  await expect(page.locator('.password-rules li.met')).toHaveCount(3);
  await choose(page, '所在社区', '兴华南街社区', undefined, '兴华');
  await fitsAHand(page, 'sign up, filled', ELDER);
  await shot(page, testInfo, 'elder-sign-up');
  await page.getByRole('button', { name: /注 ?册/ }).click();
  await expect(page.getByText('注册成功')).toBeVisible();
  await fitsAHand(page, 'signed up', ELDER);
  await page.getByRole('button', { name: '开始使用' }).click();
  await expect(page).toHaveURL(/\/home$/);

  // Signed out (in the 菜单 drawer), the sign-in screen is as large; so is a refusal.
  await openMenu(page);
  await fitsAHand(page, 'menu', ELDER);
  await page.getByRole('dialog', { name: '菜单' }).getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await fitsAHand(page, 'sign in', ELDER);
  await page.getByLabel(/手机号或用户名/).fill(mobile);
  await page.getByLabel(/^密码$/).fill('not-her-password');
  await page.getByRole('main').getByRole('button', { name: /^登 ?录$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '手机号、用户名或密码错误' })).toBeVisible();
  await fitsAHand(page, 'sign in refused', ELDER);

  // The desk, on the worker's phone, this device still in 长辈模式.
  await signIn(page, 'worker', { at: '/residents/new' });
  await expect(page.getByRole('banner').getByRole('switch', { name: '长辈模式' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByLabel('姓名')).toBeVisible();
  await fitsAHand(page, 'desk', ELDER);
  await page.getByLabel('姓名').fill('李桂芳');
  await page.getByLabel('手机号').fill(`135${String(Date.now()).slice(-8)}`);
  await page.getByRole('button', { name: /开 ?户/ }).click();
  const slip = page.getByRole('region', { name: '共治账号开户单' });
  await expect(slip).toBeVisible();
  await fitsAHand(page, 'desk slip', ELDER);
  await shot(page, testInfo, 'elder-desk-slip');
});
