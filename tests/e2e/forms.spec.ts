// A form sent empty says what to fill in, in the page's language: 请输入…/请选择…, never
// the server's "单位不存在" for a picker left empty. The page's `lang` follows the language.
import { expect, test, type Locator } from '@playwright/test';

import { shot, signIn } from './support';

/** The error messages under the form fields inside `scope`. */
function fieldErrors(scope: Locator): Locator {
  return scope.locator('.ant-form-item-explain-error');
}

test('an empty sign-up and an empty new account say what to fill in', async ({ page }, testInfo) => {
  await page.goto('/register');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const form = page.getByRole('main').locator('form');
  await form.getByLabel('手机号').fill('12345');
  await page.getByRole('button', { name: /注 ?册/ }).click();
  // The username may be left out: the mobile number signs in.
  await expect(fieldErrors(form)).toHaveText(['请输入姓名', '请输入正确的手机号或固定电话', '请输入密码', '请选择所在社区']);
  await expect(page.getByText('单位不存在')).toHaveCount(0);
  await shot(page, testInfo, 'register-empty');

  // The same in English, and the page says it is English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Resident sign-up' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(fieldErrors(form).last()).toHaveText('Choose your community');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await signIn(page, 'admin');
  await page.getByRole('link', { name: '组织单位' }).click();
  await page.getByRole('button', { name: /新建组织/ }).click();
  const organization = page.locator('.ant-modal:visible');
  await organization.getByRole('button', { name: /保 ?存/ }).click();
  await expect(fieldErrors(organization)).toHaveText(['请输入名称', '请选择类型', '请选择所属单位']);
  await expect(page.getByText('单位不存在')).toHaveCount(0);
  await shot(page, testInfo, 'new-organization-empty');
  await organization.getByRole('button', { name: /取 ?消/ }).click();

  await page.getByRole('link', { name: '用户与授权' }).click();
  await page.getByRole('button', { name: /新建用户/ }).click();
  const account = page.locator('.ant-modal:visible');
  await account.getByRole('button', { name: /保 ?存/ }).click();
  await expect(fieldErrors(account)).toHaveText(['请输入用户名', '请输入密码', '请输入姓名']);
  // Each role says what it may do, in the picker.
  await account.getByLabel('角色').click();
  await expect(page.locator('.ant-select-dropdown:visible').getByText('居民 — 提交和附议本社区的需求，评价办结的项目')).toBeVisible();
  await shot(page, testInfo, 'new-user-empty');
});

test('form labels end in the language’s own colon', async ({ page }) => {
  await signIn(page, 'worker', { at: '/queue' });
  const label = page.locator('.ant-form-item-label > label', { hasText: '关键词' });
  const colon = () => label.evaluate((el) => getComputedStyle(el, '::after').content);
  await expect.poll(colon).toBe('"："');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('.ant-form-item-label > label', { hasText: 'Keyword' })).toBeVisible();
  await expect.poll(() => page.locator('.ant-form-item-label > label', { hasText: 'Keyword' }).evaluate((el) => getComputedStyle(el, '::after').content)).toBe('":"');
  await page.getByRole('button', { name: '中文' }).click();
});
