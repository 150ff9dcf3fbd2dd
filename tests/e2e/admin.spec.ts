// The district admin creates an account and grants it a role; the new user signs in and
// gets the screens of that role.
import { expect, test } from '@playwright/test';

import { choose, shot, signIn, signInOnScreen } from './support';

test('an admin creates a user, grants a role, and the user signs in to its workbench', async ({ page }, testInfo) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: '用户与授权' }).click();
  await expect(page.getByRole('button', { name: /新建用户/ })).toBeVisible();
  await shot(page, testInfo, 'users');

  await page.getByRole('button', { name: /新建用户/ }).click();
  const form = page.locator('.ant-modal:visible');
  await form.getByLabel('用户名').fill('xinghua-2');
  await form.getByLabel('姓名').fill('周磊');
  await form.getByLabel(/^密码$/).fill('123');
  await form.getByRole('button', { name: /保 ?存/ }).click();
  await expect(form.getByText('密码至少 10 个字符')).toBeVisible();
  await shot(page, testInfo, 'new-user-refused');
  await form.getByLabel(/^密码$/).fill('zhou-lei-2026');
  await form.getByRole('button', { name: /保 ?存/ }).click();
  await expect(page.getByText(/已创建用户/)).toBeVisible();

  // Its details open: no roles yet; grant community_worker of 兴华南街社区.
  const drawer = page.getByRole('dialog').filter({ hasText: '用户详情' });
  await expect(drawer.getByText('xinghua-2')).toBeVisible();
  await expect(drawer.getByText('尚未授权任何角色，此账号只能登录')).toBeVisible();
  await choose(page, '角色', '社区工作者', drawer);
  await choose(page, '所属单位', '兴华南街社区', drawer, '兴华');
  await shot(page, testInfo, 'grant-form');
  await drawer.getByRole('button', { name: /^授 ?权$/ }).click();
  await expect(drawer.getByText('社区工作者').first()).toBeVisible();
  await expect(drawer.getByText('尚未授权任何角色，此账号只能登录')).toHaveCount(0);
  await shot(page, testInfo, 'granted');

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /退出/ }).click();
  await signInOnScreen(page, 'xinghua-2', 'zhou-lei-2026');
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByRole('link', { name: /待受理需求/ })).toBeVisible();
  await expect(page.getByRole('link', { name: '需求队列' })).toBeVisible();
  await expect(page.getByRole('link', { name: '用户与授权' })).toHaveCount(0);
});
