// 工作台: everyone but a resident lands on its own work, with counts. Every demo user but the
// residents signs in to its workbench, first in its menu, where the work the demo district
// leaves it is counted, and each card with work opens the list the count came from (on a
// desktop; the property company's on a 375 px phone too). A resident keeps its home and its
// three tabs, with the same counts atop it. The street reads its 三类组织覆盖.
import { expect, test, type Locator, type Page } from '@playwright/test';

import { fitsTheScreen, mainMenu, shot, signIn } from './support';

/** Each demo user with a kind of work the demo district leaves it waiting (README). */
const WAITING = [
  ['admin', '待受理需求'],
  ['street', '待街道办结的协调事项'],
  ['worker', '待受理需求'],
  ['worker', '办理中的协调事项'],
  ['builder', '待我处理的认领与申请'],
  ['supervisor', '待验收项目'],
  ['yaxin-supervisor', '办理中的协调事项'],
  ['property', '待处理报修'],
  ['leader', '即将开展的志愿活动'],
  ['volunteer', '我报名的活动'],
  ['auditor', '待街道办结的协调事项'],
] as const;

/** Every demo user but the residents: each lands on its workbench. */
const USERS = [
  'admin', 'street', 'worker', 'builder', 'social', 'supervisor', 'supervisor2', 'yaxin-supervisor',
  'yaxin-supervisor2', 'property', 'leader', 'volunteer', 'auditor',
];

const workList = (page: Page) => page.getByRole('list', { name: '待办事项' });

/** The workbench's card for the kind of work called `label`. */
function card(page: Page, label: string): Locator {
  return workList(page)
    .getByRole('link')
    .filter({ has: page.locator('.work-label', { hasText: new RegExp(`^${label}$`) }) });
}

/** Signs in and finds itself on its workbench, 工作台 first in its menu. */
async function landsOnWorkbench(page: Page, username: string) {
  await signIn(page, username);
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
  const menu = await mainMenu(page);
  await expect(menu.getByRole('link').first()).toHaveText('工作台');
  if (page.viewportSize()!.width < 768) await page.keyboard.press('Escape');
  await expect(workList(page).getByRole('link').first()).toBeVisible();
}

/** The card counts some work: a number above 0 (or "99+"), not muted. */
async function countsWork(page: Page, label: string) {
  const found = card(page, label);
  await expect(found.locator('.work-count')).toHaveText(/^[1-9]\d*\+?$/);
  await expect(found).not.toHaveClass(/\bnone\b/);
}

/** Cards with nothing waiting (暂无) come after every card with work. */
async function mutedLast(page: Page) {
  const muted = await workList(page).getByRole('link').evaluateAll((links) => links.map((l) => l.classList.contains('none')));
  expect(muted.indexOf(true) === -1 || !muted.slice(muted.indexOf(true)).includes(false), String(muted)).toBe(true);
}

/**
 * Each card with work opens the list its count came from: the address the card names, the
 * page's heading, at least one record, and no error.
 */
async function eachCardOpensItsList(page: Page) {
  const links = workList(page).getByRole('link').and(page.locator(':not(.none)'));
  const targets = await links.evaluateAll((found) => found.map((l) => l.getAttribute('href')!));
  for (const [index, target] of targets.entries()) {
    if (target.startsWith('/notifications')) continue;
    await links.nth(index).click();
    await expect(page).toHaveURL(target);
    await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
    await expect(page.getByRole('main').locator('article, tr, li').first()).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.goBack();
    await expect(workList(page)).toBeVisible();
  }
}

for (const username of USERS) {
  test(`${username} lands on its workbench, its work counted, each card opening its list`, async ({ page }) => {
    await landsOnWorkbench(page, username);
    for (const [who, label] of WAITING) if (who === username) await countsWork(page, label);
    await mutedLast(page);
    await eachCardOpensItsList(page);
  });
}

test('the street taps its escalated cases and lands on that list', async ({ page }, testInfo) => {
  await landsOnWorkbench(page, 'street');
  await shot(page, testInfo, 'street-workbench');
  await card(page, '待街道办结的协调事项').click();
  await expect(page).toHaveURL(/\/cases\?state=escalated$/);
  await expect(page.getByRole('radio', { name: '已上报街道' })).toBeChecked();
  await expect(page.getByRole('main').getByRole('article').first()).toContainText('已上报街道');
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

  test('the property company’s cards are a thumb’s size, and 待处理报修 opens its open faults', async ({ page }, testInfo) => {
    await landsOnWorkbench(page, 'property');
    await countsWork(page, '待处理报修');
    await fitsTheScreen(page);
    for (const link of await workList(page).getByRole('link').all()) {
      const box = (await link.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      for (const text of [link.locator('.work-label'), link.locator('.work-hint')]) {
        expect(await text.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(16);
      }
    }
    await shot(page, testInfo, 'property-workbench-phone');

    await card(page, '待处理报修').tap();
    await expect(page).toHaveURL(/\/faults\?state=open$/);
    await expect(page.getByRole('radio', { name: '待处理' })).toBeChecked();
    await expect(page.getByRole('main').getByRole('article').first()).toContainText('待处理');
  });

  test('a resident keeps its home and its three tabs, with its counts atop it', async ({ page }) => {
    await signIn(page, 'resident');
    await expect(page).toHaveURL(/\/my\/demands$/);
    const counts = page.getByRole('region', { name: '我的待办' });
    await expect(counts.getByRole('link')).toHaveCount(3);
    await expect(counts.getByRole('link', { name: /我的在办需求/ })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '快捷入口' }).getByRole('link')).toHaveText(['公示栏', '提交需求', '我的需求']);
    await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '工作台' })).toHaveCount(0);
    await fitsTheScreen(page);
  });
});

test('the street reads its 三类组织覆盖: 金祥花园 has all three', async ({ page }, testInfo) => {
  await signIn(page, 'street');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '三类组织覆盖' }).click();
  await expect(page).toHaveURL(/\/coverage$/);
  await expect(page.getByText(/^覆盖 \d+\/\d+$/).first()).toBeVisible();
  const jinxiang = page.getByRole('row', { name: /金祥花园/ });
  await expect(jinxiang).toContainText('三类齐全');
  await expect(jinxiang.getByText('已建')).toHaveCount(3);
  // 亚新小区 lacks a party organisation: the street may create one from here.
  const yaxin = page.getByRole('row', { name: /亚新小区/ });
  await expect(yaxin.getByRole('link', { name: '为亚新小区新建党组织' })).toHaveAttribute('href', /\/admin\/organizations\?unit=[0-9a-f-]{36}&kind=party_org&new=1$/);
  await shot(page, testInfo, 'coverage');
});
