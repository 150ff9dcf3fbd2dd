// Issue 20 §3, signing up and signing in as an older person. At the desk: a community
// worker opens an account for a resident from the workbench and reads the temporary password
// off the slip (printed, the slip is all there is); the resident signs in with the phone
// number and is made to set a password of her own. On a 375 px phone: a resident of seventy
// signs up with her name and mobile, no username, and signs in with the number as she writes it.
import { expect, test, type Page } from '@playwright/test';

import { choose, shot, signIn, signInOnScreen } from './support';

/** A mobile number no other account of this run has. */
const freshMobile = (prefix: string) => `${prefix}${String(Date.now()).slice(-8)}`;

async function signOut(page: Page) {
  await page.getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);
}

test('a community worker opens an account at the desk; the resident signs in with the phone and sets her own password', async ({ page }, testInfo) => {
  const mobile = freshMobile('137');
  await signIn(page, 'worker');
  await expect(page).toHaveURL(/\/workbench$/);
  await page.getByRole('link', { name: /为居民开户/ }).click();
  await expect(page).toHaveURL(/\/residents\/new$/);

  await page.getByLabel('姓名').fill('李秀英');
  await page.getByLabel('手机号').fill(mobile);
  // The worker's own community is chosen already.
  await expect(page.locator('.ant-select-content[title="兴华南街社区"], .ant-select-selection-item[title="兴华南街社区"]').first()).toBeVisible();
  await page.getByRole('button', { name: /开 ?户/ }).click();

  const slip = page.getByRole('region', { name: '共治账号开户单' });
  await expect(slip).toBeVisible();
  await expect(slip).toContainText('李秀英');
  await expect(slip).toContainText(`登录时填写手机号${mobile}`);
  await expect(slip).toContainText('第一次登录后，系统会请您设置一个只有自己知道的新密码');
  const password = ((await slip.locator('.slip-password').textContent()) ?? '').replace(/\s/g, '');
  expect(password).toMatch(/^\d{12}$/);
  // Read out in three groups of four.
  await expect(slip.locator('.slip-password span')).toHaveText([password.slice(0, 4), password.slice(4, 8), password.slice(8)]);
  await shot(page, testInfo, 'desk-slip');

  // Printed, the slip alone: no menu, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(slip).toBeVisible();
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: /打 ?印/ })).toBeHidden();
  await shot(page, testInfo, 'desk-slip-print');
  await page.emulateMedia({ media: 'screen' });

  await signOut(page);
  // The number as people write it.
  await signInOnScreen(page, `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`, password);
  await expect(page).toHaveURL(/\/account\/password/);
  await expect(page.getByRole('alert').filter({ hasText: '替您设置的' })).toBeVisible();
  await page.getByLabel(/当前密码/).fill(password);
  await page.getByLabel('新密码', { exact: true }).fill('xiuying-home-2026');
  await page.getByLabel('再次输入新密码').fill('xiuying-home-2026');
  await page.getByRole('main').getByRole('button', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/my\/demands/);
  await shot(page, testInfo, 'desk-own-password');

  // The temporary password is spent; her own signs her in.
  await signOut(page);
  await page.getByLabel(/手机号或用户名/).fill(mobile);
  await page.getByLabel(/^密码$/).fill(password);
  await page.getByRole('main').getByRole('button', { name: /^登 ?录$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '手机号、用户名或密码错误' })).toBeVisible();
  await signInOnScreen(page, mobile, 'xiuying-home-2026');
  await expect(page).toHaveURL(/\/my\/demands/);
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('孙桂兰 signs up with her name and mobile, no username, and signs in with the number', async ({ page }, testInfo) => {
    const mobile = freshMobile('139');
    await page.goto('/register');
    // Every password rule before a key is typed.
    for (const rule of ['至少 10 个字符', '至少用到 5 个不同的字符', '不包含手机号', '不用 1234567890、qwertyuiop 这类常见密码']) {
      await expect(page.locator('.password-rules').getByText(rule)).toBeVisible();
    }
    await page.getByLabel('姓名').fill('孙桂兰');
    await page.getByLabel('手机号').fill(`${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`);
    await page.getByLabel(/^密码$/).fill('guilan-home-2026');
    await expect(page.locator('.password-rules li.met')).toHaveCount(3);
    await choose(page, '所在社区', '兴华南街社区', undefined, '兴华');
    // Nothing wider than the phone, and the picker a thumb high.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const picker = await page.locator('.ant-form-item').filter({ hasText: '所在社区' }).locator('.ant-select').boundingBox();
    expect(picker?.height ?? 0).toBeGreaterThanOrEqual(44);
    await shot(page, testInfo, 'sign-up-phone');
    await page.getByRole('button', { name: /注 ?册/ }).click();

    await expect(page.getByText('注册成功')).toBeVisible();
    await expect(page.getByText(`以后登录时，在“手机号或用户名”一栏填写您的手机号：${mobile}`)).toBeVisible();
    await shot(page, testInfo, 'signed-up-phone');
    await page.getByRole('button', { name: '开始使用' }).click();
    await expect(page).toHaveURL(/\/my\/demands/);

    await signOut(page);
    await signInOnScreen(page, `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`, 'guilan-home-2026');
    await expect(page).toHaveURL(/\/my\/demands/);
  });
});
