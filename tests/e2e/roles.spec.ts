// Each role reaches only its own screens, whatever URL it types, and a street committee's
// grant picker offers only the units of its street.
import { expect, test } from '@playwright/test';

import { choose, shot, signIn } from './support';

const NOT_FOR_ROLE = '该页面不适用于您的角色，已为您打开首页。';

test('a co-builder cannot open the queue, nor a supervisor the filing form', async ({ page }, testInfo) => {
  await signIn(page, 'builder', { at: '/queue' });
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByText(NOT_FOR_ROLE)).toBeVisible();
  await shot(page, testInfo, 'builder-queue-refused');

  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'supervisor', { at: '/demands/new' });
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByText(NOT_FOR_ROLE)).toBeVisible();
  await expect(page.getByLabel('标题')).toHaveCount(0);
});

test('a street committee grants only inside its street', async ({ page }, testInfo) => {
  await signIn(page, 'street', { at: '/admin/users' });
  await page.getByRole('button', { name: /新建用户/ }).click();
  const form = page.locator('.ant-modal:visible');
  await form.getByLabel('角色').click();
  const roles = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(roles.first()).toBeVisible();
  // Its own level and above are not offered (grantable_roles).
  await expect(roles.filter({ hasText: '街道党工委' })).toHaveCount(0);
  // A click while the list is still animating open is lost: choose() tries until it is chosen.
  await choose(page, '角色', '社区工作者', form);

  await form.getByLabel('所属单位').click();
  await page.keyboard.type('社区');
  const units = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(units.filter({ hasText: '兴华南街社区' }).first()).toBeVisible();
  await expect(units.filter({ hasText: '淮河东路社区' }).first()).toBeVisible();
  await shot(page, testInfo, 'grant-units');
  // 京广南路社区 is a community of another street.
  await expect(units.filter({ hasText: '京广南路社区' })).toHaveCount(0);
  await expect(units.filter({ hasText: '建中街社区' })).toHaveCount(0);
});
