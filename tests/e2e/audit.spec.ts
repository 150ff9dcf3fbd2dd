// 审计概览 on the demo district: the auditor (区纪委监督员) opens it from its menu (its
// workbench leads there too), reads every account's history (the district admin created 张伟's
// account and made him a resident, a page or more down: 加载更多), and opens the closed
// project 兴华南街楼道照明改造 to its votes: 王芳 and 赵敏 of 金祥花园业主委员会 passed it (the
// project's own 项目验收 names them too). On a 375 px phone the screen fits and every control
// is a thumb's size. The street committee has no such menu entry, and the address alone sends
// it back to its workbench.
import { expect, test, type Page } from '@playwright/test';

import { blockingViolations } from './axe';
import { fitsTheScreen, shot, signIn } from './support';

const menu = (page: Page) => page.getByRole('navigation', { name: '主菜单' });
const history = (page: Page) => page.getByRole('region', { name: '账号变更记录' });

/** Pages through the account history until a step of `name`'s saying `what` is shown. */
async function findStep(page: Page, name: string, what: string) {
  const rows = history(page).getByRole('list', { name: '账号变更记录' }).getByRole('listitem');
  const step = rows.filter({ hasText: new RegExp(`^${name}${what}`) }).first();
  await expect(rows.first()).toBeVisible();
  for (let pages = 0; pages < 30 && (await step.count()) === 0; pages++) {
    const shown = await rows.count();
    await history(page).getByRole('button', { name: '加载更多' }).click();
    await expect(rows).not.toHaveCount(shown);
  }
  await expect(step).toBeVisible();
  return step;
}

/** Opens the closed project `title` to its votes. */
async function votesOf(page: Page, title: string) {
  const project = page.getByRole('list', { name: '已结单的项目' }).getByRole('article', { name: title });
  await project.getByRole('button', { name: '查看投票' }).click();
  await expect(project.getByRole('button', { name: '收起投票' })).toHaveAttribute('aria-expanded', 'true');
  return project.getByRole('list', { name: `${title}的验收投票` });
}

test('the auditor reads who did what: the accounts’ history and the voters of a closed project', async ({ page }, testInfo) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByRole('list', { name: '查阅' }).getByRole('link', { name: /审计概览/ })).toHaveAttribute('href', '/audit');

  await menu(page).getByRole('link', { name: '审计概览' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('heading', { level: 2, name: '审计概览' })).toBeVisible();

  // 张伟's account: created by the district admin, then made a resident.
  const created = await findStep(page, '张伟', '创建账号');
  await expect(created).toContainText('操作人：区委管理员');
  await expect(created).toContainText('用户名：resident');
  await expect(created.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await expect(created.locator('time')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  const granted = await findStep(page, '张伟', '授予角色：居民');
  await expect(granted).toContainText('操作人：区委管理员');

  const votes = await votesOf(page, '兴华南街楼道照明改造');
  for (const voter of ['王芳', '赵敏']) {
    const vote = votes.getByRole('listitem').filter({ hasText: `投票人：${voter}（金祥花园业主委员会）` });
    await expect(vote).toHaveCount(1);
    await expect(vote).toContainText('通过');
    await expect(vote).toContainText('第 1 轮');
    await expect(vote).toContainText('逐层查看，灯具全部正常');
  }
  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .skeleton')).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'audit');

  // The project's own vote list (项目验收) names the same voters to the auditor.
  const href = await page.getByRole('article', { name: '兴华南街楼道照明改造' }).getByRole('link').first().getAttribute('href');
  await page.goto(`${href}/inspect`);
  await expect(page.getByRole('heading', { name: '项目验收' })).toBeVisible();
  for (const voter of ['王芳', '赵敏']) await expect(page.getByText(`投票人：${voter}（金祥花园业主委员会）`)).toBeVisible();
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

  test('the auditor’s overview fits, in text of 14 px and more, with controls a thumb can hit', async ({ page }, testInfo) => {
    await signIn(page, 'auditor', { at: '/audit' });
    await expect(history(page).getByRole('listitem').first()).toBeVisible();
    const votes = await votesOf(page, '兴华南街楼道照明改造');
    await expect(votes.getByRole('listitem')).toHaveCount(2);
    await fitsTheScreen(page);

    const main = page.getByRole('main');
    for (const control of [...(await main.getByRole('button').all()), ...(await main.getByRole('article').getByRole('link').all())]) {
      expect((await control.boundingBox())!.height, (await control.textContent()) ?? undefined).toBeGreaterThanOrEqual(44);
    }
    const sizes = await main.locator('li, p, time').evaluateAll((elements) => elements.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
    await shot(page, testInfo, 'audit-phone');
  });
});

test('the street committee has no 审计概览, in its menu or on its workbench', async ({ page }) => {
  await signIn(page, 'street');
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(menu(page).getByRole('link').first()).toHaveText('工作台');
  await expect(menu(page).getByRole('link', { name: '审计概览' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /审计概览/ })).toHaveCount(0);

  // The address alone: sent back to its workbench, told why.
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/workbench$/);
  await expect(page.getByRole('heading', { name: '审计概览' })).toHaveCount(0);
});
