// One tap, one record: every create button is clicked twice, as a double click and as two
// clicks in the same instant (before the page can redraw), and exactly one record is made,
// with no error shown for the second. Each scenario makes its own records (fresh titles, a
// fresh project), and takes back what could change another scenario's view of the demo
// district (the resource is withdrawn, the claim cancelled).
import { expect, test, type Locator, type Page } from '@playwright/test';

import { freshProject, named } from './projects.support';
import { apiAs, choose, signIn } from './support';

const suffix = () => String(Date.now() % 1_000_000);

/**
 * A button by its text. Not anchored at the start: once it has been locked, antd may leave its
 * spent loading icon (named "loading") in the button while it fades.
 */
const button = (scope: Page | Locator, text: string) => scope.getByRole('button', { name: new RegExp(`${[...text].join(' ?')}$`) });

/** Two clicks dispatched in one task, as two fast taps land before the button can be redrawn locked. */
async function twoFastClicks(button: Locator) {
  await button.evaluate((element: HTMLElement) => {
    element.click();
    element.click();
  });
}

test('a progress update posted with a double click is posted once', async ({ page, request }) => {
  const { id } = await freshProject(request, `兴华南街楼道扶手更换${suffix()}`, { stage: 'in_progress' });
  const street = await apiAs(request, 'street');
  await signIn(page, 'street', { at: `/projects/${id}` });

  const post = button(page, '发布进度');
  await page.getByLabel('进展说明').fill('扶手已到货，开始安装');
  await page.getByLabel('完成百分比').fill('30');
  await post.dblclick();
  await expect(page.getByText('进度已更新')).toBeVisible();
  // The form is cleared for the next update, which two fast clicks post once too.
  await expect(page.getByLabel('进展说明')).toHaveValue('');
  await page.getByLabel('进展说明').fill('一至三层安装完毕');
  await page.getByLabel('完成百分比').fill('60');
  await twoFastClicks(post);
  await expect(page.getByText('一至三层安装完毕').first()).toBeVisible();

  const notes = ((await street.get(`/api/v1/projects/${id}/progress`)) as { note: string }[]).map((u) => u.note);
  expect(notes).toEqual(['扶手已到货，开始安装', '一至三层安装完毕']);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a resource published with a double click is published once', async ({ page, request }) => {
  const builder = await apiAs(request, 'builder');
  const organization = (await builder.get('/api/v1/me')).grants.find((g: { role: string }) => g.role === 'co_builder').organization_id;
  const titles = [`社区议事折叠椅${suffix()}`, `社区议事长条桌${suffix()}`];

  await signIn(page, 'builder', { at: '/resources/mine' });
  for (const [i, title] of titles.entries()) {
    await page.getByRole('button', { name: /发布资源/ }).first().click();
    const dialog = page.getByRole('dialog');
    await choose(page, '类型', '物资', dialog);
    await dialog.getByLabel('名称').fill(title);
    await dialog.getByLabel('数量').fill('12');
    await dialog.getByLabel('计量单位').fill('张');
    const publish = dialog.getByRole('button', { name: /发布资源/ });
    if (i === 0) await publish.dblclick();
    else await twoFastClicks(publish);
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('article', { name: title })).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveCount(0);

  for (const title of titles) {
    const { items } = await builder.get(`/api/v1/resources?organization_id=${organization}&q=${encodeURIComponent(title)}`);
    expect(items.map((r: { title: string }) => r.title)).toEqual([title]);
    // Nothing of it is offered to the other scenarios' projects.
    await builder.post(`/api/v1/resources/${items[0].id}/transitions`, { action: 'withdraw', version: items[0].version });
  }
});

test('a claim sent with a double click is one claim, and the screen says it was sent', async ({ page, request }) => {
  const { id } = await freshProject(request, `兴华南街单元门禁维修${suffix()}`, { stage: 'published', budget: 800_000, gov: 300_000 });
  const builder = await apiAs(request, 'builder');
  await signIn(page, 'builder', { at: `/projects/${id}` });
  await page.getByRole('button', { name: named('认领') }).click();
  const dialog = page.locator('.ant-modal:visible');
  await choose(page, '我方资源', 'LED声控楼道灯', dialog);
  await dialog.getByLabel(/申请数量/).fill('6');
  // The second click would have been refused (one pending claim per project and resource).
  await button(dialog, '认领').dblclick();
  await expect(page.getByText('已提交认领，等待街道确认')).toBeVisible();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);

  const { items } = await builder.get(`/api/v1/claims?project_id=${id}`);
  expect(items).toHaveLength(1);
  await builder.post(`/api/v1/claims/${items[0].id}/transitions`, { action: 'cancel', version: items[0].version });
});

test('an account created with a double click is created once, and its details open', async ({ page, request }) => {
  const admin = await apiAs(request, 'admin');
  const usernames = [`dbl-a-${suffix()}`, `dbl-b-${suffix()}`];
  // A username is unique, so a second record could not be made anyway: what is counted is
  // what was sent (a second request would have been refused, or said "用户名已被使用").
  let sent = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/users') sent += 1;
  });
  await signIn(page, 'admin', { at: '/admin/users' });
  for (const [i, username] of usernames.entries()) {
    await page.getByRole('button', { name: /新建用户/ }).click();
    const form = page.locator('.ant-modal:visible');
    await form.getByLabel('用户名').fill(username);
    await form.getByLabel('姓名').fill('双击测试');
    await form.getByLabel(/^密码$/).fill('double-click-2026');
    const save = button(form, '保存');
    if (i === 0) await save.dblclick();
    else await twoFastClicks(save);
    // The first answer stands: the account, not "用户名已被使用".
    await expect(page.getByText(/已创建用户/).first()).toBeVisible();
    await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
    const drawer = page.getByRole('dialog').filter({ hasText: '用户详情' });
    await expect(drawer.getByText(username)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(drawer).toHaveCount(0);
  }
  await expect(page.getByText('用户名已被使用')).toHaveCount(0);
  expect(sent).toBe(2);
  for (const username of usernames) {
    const { items } = await admin.get(`/api/v1/users?q=${username}`);
    expect(items.map((u: { username: string }) => u.username)).toEqual([username]);
  }
});
