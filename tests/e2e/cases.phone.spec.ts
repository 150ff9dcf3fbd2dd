// 三方联动 and 红色物业 on a 375 px phone. The property manager of 亚新小区's red property opens
// a case for its compound from 协调事项 and confirms it for the property company; the community
// worker opens the same case and confirms it for the community; the three parties' checklist
// follows each confirmation. A resident reports a fault (我要报修) on the lighting the red
// property took over, the property manager answers it under 报修, the resident reads the
// answer. Buttons are a thumb's height and nothing is wider than the screen.
import { expect, test, type Locator, type Page } from '@playwright/test';

import { apiAs, choose, confirmDialog, fitsTheScreen, openMenu, shot, signIn } from './support';

const TITLE = `东门道闸故障影响通行 ${Date.now() % 100_000}`;

/** At least 44 px in both directions: a thumb can hit it. */
async function thumbSized(target: Locator) {
  const box = await target.boundingBox();
  expect(box && Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
}

/** The checklist's row of one party (by who speaks for it, or by its name). */
const row = (page: Page, text: string) => page.getByRole('region', { name: /三方确认/ }).getByRole('listitem').filter({ hasText: text });

test('a property manager opens a case for its compound, and the checklist follows the parties’ confirmations', async ({ page }, testInfo) => {
  test.setTimeout(40_000);
  await signIn(page, 'property');
  await openMenu(page);
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '协调事项' }).click();
  await expect(page.getByRole('heading', { name: '协调事项' })).toBeVisible();
  await fitsTheScreen(page);

  const start = page.getByRole('button', { name: /发起协调/ });
  await thumbSized(start);
  await start.click();
  const dialog = page.getByRole('dialog');
  await choose(page, /^小区$/, '亚新小区', dialog, '亚新');
  await dialog.getByLabel('事项').fill(TITLE);
  await dialog.getByLabel('情况说明').fill('东门道闸抬杆失灵，早晚高峰车辆排队到马路上。');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'case-new-phone');
  const submit = dialog.getByRole('button', { name: '发起协调' });
  await thumbSized(submit);
  await submit.click();

  // The case's own page: nobody has confirmed yet; the reader speaks for the property company.
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(page.getByRole('region', { name: /三方确认/ })).toContainText('0/3');
  await expect(row(page, '亚新红色物业服务中心')).toContainText('待确认');
  const confirm = page.getByRole('button', { name: '确认（以物业身份）' });
  await thumbSized(confirm);
  await thumbSized(page.getByRole('button', { name: '上报街道' }));
  await confirm.click();
  await confirmDialog(page, /^确\s*认$/);
  await expect(row(page, '亚新红色物业服务中心')).toContainText('已确认');
  await expect(page.getByRole('region', { name: /三方确认/ })).toContainText('1/3');
  await expect(page.getByRole('button', { name: '确认（以物业身份）' })).toHaveCount(0);
  await fitsTheScreen(page);
  await shot(page, testInfo, 'case-property-confirmed-phone');

  // The community worker finds it and confirms for the community.
  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'worker', { at: `/cases/${id}` });
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  await expect(row(page, '亚新红色物业服务中心')).toContainText('已确认');
  await expect(row(page, '兴华南街社区')).toContainText('待确认');
  await page.getByRole('button', { name: '确认（以社区身份）' }).click();
  await confirmDialog(page, /^确\s*认$/);
  await expect(row(page, '兴华南街社区')).toContainText('已确认');
  await expect(page.getByRole('region', { name: /三方确认/ })).toContainText('2/3');
  await expect(row(page, '亚新小区居民自治小组')).toContainText('待确认');
  // Still open: the residents' organisation has yet to confirm; the timeline says who did what.
  await expect(page.getByText('办理中', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/兴华南街社区工作者（社区）确认/)).toBeVisible();
  await fitsTheScreen(page);
  await shot(page, testInfo, 'case-community-confirmed-phone');
});

const FAULT = `2号楼三层声控灯不亮 ${Date.now() % 100_000}`;
const MAINTAINED = '兴华南街楼道照明改造';

test('a resident reports a fault on maintained work, the property company answers it, the resident reads the answer', async ({ page, request }, testInfo) => {
  test.setTimeout(40_000);
  const resident = await apiAs(request, 'resident');
  const { items } = await resident.get(`/api/v1/projects?q=${encodeURIComponent(MAINTAINED)}`);
  const project = items.find((p: { title: string }) => p.title === MAINTAINED);

  await signIn(page, 'resident', { at: `/projects/${project.id}` });
  const upkeep = page.locator('.upkeep-card');
  await expect(upkeep).toContainText('亚新红色物业服务中心');
  await expect(upkeep).toContainText('已接管');
  const report = upkeep.getByRole('button', { name: '我要报修' });
  await thumbSized(report);
  await report.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('问题').fill(FAULT);
  await dialog.getByLabel('详细描述').fill('晚上上楼看不见台阶。');
  // The lighting serves the whole community: which compound is asked.
  await choose(page, /^所在小区$/, '亚新小区', dialog, '亚新');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'fault-report-phone');
  await thumbSized(dialog.getByRole('button', { name: '提交报修' }));
  await dialog.getByRole('button', { name: '提交报修' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(upkeep.getByRole('link', { name: FAULT })).toBeVisible();
  await fitsTheScreen(page);

  // The property company finds it under 报修, beside the projects it maintains, and answers it.
  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'property');
  await openMenu(page);
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '报修' }).click();
  await expect(page.locator('.maintained-project').filter({ hasText: MAINTAINED })).toContainText('已接管');
  await page.getByRole('link', { name: FAULT }).click();
  await expect(page.getByRole('heading', { name: FAULT })).toBeVisible();
  await page.getByLabel('答复居民').fill('已登记，明天上午上门更换');
  const answer = page.getByRole('button', { name: /^答\s*复$/ });
  await thumbSized(answer);
  await answer.click();
  await expect(page.getByRole('heading', { name: FAULT }).locator('..')).toContainText('已答复');
  await fitsTheScreen(page);
  await shot(page, testInfo, 'fault-answered-phone');

  // The resident reads the answer.
  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'resident', { at: '/faults' });
  const card = page.getByRole('article', { name: FAULT });
  await expect(card).toContainText('已答复');
  await expect(card).toContainText('已登记，明天上午上门更换');
  await fitsTheScreen(page);
});
