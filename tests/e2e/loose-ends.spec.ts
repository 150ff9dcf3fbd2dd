// Issue 20's loose ends on the screens, as a user meets them in the demo district: progress and
// money that follow a project's state, the cancel dialog, Chinese colons, one date format,
// 乡 not 街道, a draft that warns before it is lost, 全部 on the street's projects, a new
// resident's empty 我的需求, 请评价, and a project's demands named for every reader. Each
// looks its records up through the API, so other specs' changes to the demo do not matter.
import { expect, test, type APIRequestContext } from '@playwright/test';

import { apiAs, shot, signIn } from './support';

type Project = { id: string; title: string; state: string; demand_ids: string[] };

async function firstProject(request: APIRequestContext, state: string): Promise<Project> {
  const street = await apiAs(request, 'street');
  const { items } = await street.get(`/api/v1/projects?state=${state}&limit=1`);
  expect(items.length, `a ${state} project in the demo`).toBeGreaterThan(0);
  return items[0];
}

test('a finished project reads 100% and a cancelled one says its money was released', async ({ page, request }, testInfo) => {
  const closed = await firstProject(request, 'closed');
  const completed = await firstProject(request, 'completed');
  const cancelled = await firstProject(request, 'cancelled');
  await signIn(page, 'street');

  for (const done of [closed, completed]) {
    await page.goto(`/projects/${done.id}`);
    await expect(page.getByRole('heading', { name: done.title, exact: true })).toBeVisible();
    await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuenow', '100');
  }

  await page.goto(`/projects/${cancelled.id}`);
  await expect(page.getByRole('heading', { name: cancelled.title, exact: true })).toBeVisible();
  await expect(page.getByText('项目已撤销，已确认的共建资源已释放，不再使用资金')).toBeVisible();
  await expect(page.getByText('资金已落实')).toHaveCount(0);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await shot(page, testInfo, 'cancelled-project');

  // The workbench's cards and the public board say the same.
  await page.goto('/projects?state=closed');
  await expect(page.locator('.project-card').filter({ hasText: closed.title }).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await page.goto(`/board/projects/${closed.id}`);
  await expect(page.locator('progress.board-progress')).toHaveAttribute('value', '100');
  await page.goto(`/board/projects/${cancelled.id}`);
  await expect(page.getByText('项目已撤销，已确认的共建资源已释放，不再使用资金')).toBeVisible();
});

test('the cancel dialog says what cancelling releases, with the counts', async ({ page, request }, testInfo) => {
  const project = await firstProject(request, 'in_progress');
  const street = await apiAs(request, 'street');
  const claims: { state: string }[] = (await street.get(`/api/v1/claims?project_id=${project.id}&limit=100`)).items;
  const confirmed = claims.filter((c) => c.state === 'confirmed').length;
  await signIn(page, 'street', { at: `/projects/${project.id}` });
  await page.getByRole('button', { name: /^撤 ?销$/ }).click();
  const dialog = page.locator('.ant-modal:visible');
  await expect(dialog.getByText(`本项目承接的 ${project.demand_ids.length} 条需求重新公示，回到需求清单，可由其他项目承接`)).toBeVisible();
  if (confirmed > 0) await expect(dialog.getByText(`已确认的 ${confirmed} 项共建认领释放，资源退回共建单位`)).toBeVisible();
  await shot(page, testInfo, 'cancel-dialog');
  // Only looked at: the demo's project stays as it is.
  await dialog.getByRole('button', { name: /^取 ?消$/ }).click();
  await expect(dialog).toHaveCount(0);
});

test('labels take the full-width colon, dates one format, and 侯寨乡 is a 乡', async ({ page, request }, testInfo) => {
  const demand = (await (await request.get('/api/v1/public/demands?limit=1')).json()).items[0];
  await page.goto(`/board/${demand.id}`);
  const term = page.locator('.details dt').first();
  await expect(term).toBeVisible();
  expect(await term.evaluate((dt) => getComputedStyle(dt, '::after').content)).toBe('"："');

  // The board's place filter names the township's whole as 全乡.
  await page.goto('/board');
  await expect(page.locator('option', { hasText: '侯寨乡（全乡）' })).toHaveCount(1);

  const admin = await apiAs(request, 'admin');
  const houzhai = (await admin.get(`/api/v1/org-units?kind=street&q=${encodeURIComponent('侯寨乡')}`)).items[0];
  await signIn(page, 'admin', { at: `/admin/units?unit=${houzhai.id}` });
  const card = page.locator('.ant-card').filter({ has: page.locator('.ant-descriptions') });
  const kind = card.locator('.ant-descriptions-row').filter({ hasText: '类型' }).locator('.ant-descriptions-item-content');
  await expect(kind).toHaveText('乡');
  const label = card.locator('.ant-descriptions-item-label').first();
  expect(await label.evaluate((l) => getComputedStyle(l, '::after').content)).toBe('"："');
  await expect(card.locator('time').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await shot(page, testInfo, 'township');
});

test("co-builders, supervisors and the property company read a project's demands by title", async ({ page, request }) => {
  const project = await firstProject(request, 'in_progress');
  const titles: string[] = [];
  for (const id of project.demand_ids) titles.push((await (await request.get(`/api/v1/public/demands/${id}`)).json()).title);
  for (const user of ['builder', 'supervisor', 'property']) {
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404 && /\/api\/v1\/demands\//.test(r.url())) refused.push(r.url());
    });
    await signIn(page, user, { at: `/projects/${project.id}` });
    for (const [i, title] of titles.entries()) {
      await expect(page.getByRole('link', { name: title, exact: true })).toHaveAttribute('href', `/board/${project.demand_ids[i]}`);
    }
    await expect(page.getByText(/^需求 \d+$/)).toHaveCount(0);
    expect(refused, user).toEqual([]);
    page.removeAllListeners('response');
    await page.getByRole('button', { name: /退出/ }).click();
  }
});

test("the street's projects open on 全部", async ({ page }) => {
  await signIn(page, 'street', { at: '/projects' });
  await expect(page.locator('.state-tabs').getByRole('radio', { name: '全部' })).toBeChecked();
  const tags = page.locator('.project-card .tag');
  await expect(tags.first()).toBeVisible();
  // More than one state on the first page: not only 拟定.
  await expect.poll(async () => new Set(await tags.allInnerTexts()).size).toBeGreaterThan(2);
  await expect(page).toHaveURL(/\/projects$/);
});

test('a draft demand warns before it is left, and is kept on 继续填写', async ({ page }) => {
  await signIn(page, 'resident', { at: '/demands/new' });
  await page.getByLabel('描述').fill('三楼楼道的灯一直不亮');
  await page.getByRole('link', { name: '我的需求', exact: true }).first().click();
  const dialog = page.locator('.ant-modal:visible');
  await expect(dialog.getByText('离开此页？')).toBeVisible();
  await dialog.getByRole('button', { name: '继续填写' }).click();
  await expect(page).toHaveURL(/\/demands\/new$/);
  await expect(page.getByLabel('描述')).toHaveValue('三楼楼道的灯一直不亮');
  await page.getByRole('link', { name: '我的需求', exact: true }).first().click();
  await page.locator('.ant-modal:visible').getByRole('button', { name: /^离 ?开$/ }).click();
  await expect(page).toHaveURL(/\/my\/demands/);
});

test('a new resident is led from an empty 我的需求 to filing', async ({ page, request }) => {
  const worker = await apiAs(request, 'worker');
  const community = (await worker.get('/api/v1/me')).grants[0].unit_id;
  const username = `newcomer${Date.now() % 1_000_000}`;
  const registered = await request.post('/api/v1/auth/register', {
    data: { username, password: 'newcomer-2026', display_name: '新居民', unit_id: community },
  });
  expect(registered.ok(), await registered.text()).toBeTruthy();
  await signIn(page, username, { password: 'newcomer-2026' });
  await page.goto('/my/demands');
  await expect(page.getByText('您还没有提交过需求。')).toBeVisible();
  await expect(page.getByRole('region', { name: '筛选' })).toHaveCount(0);
  await page.getByRole('main').getByRole('button', { name: /提交需求/ }).click();
  await expect(page).toHaveURL(/\/demands\/new$/);
});

test('a resident is asked 请评价 on a resolved demand whose closed project it has not rated', async ({ page, request }) => {
  const neighbour = await apiAs(request, 'neighbour');
  const cosigned: { title: string; state: string; project?: { id: string; state: string } }[] = (
    await neighbour.get('/api/v1/demands?mine=cosigned&state=resolved&limit=100')
  ).items;
  const owed = [];
  for (const d of cosigned.filter((d) => d.project?.state === 'closed')) {
    const project = await neighbour.get(`/api/v1/projects/${d.project!.id}`);
    if (project.allowed_actions.includes('rate')) owed.push(d);
  }
  test.skip(owed.length === 0, 'another scenario rated the demo project already');
  await signIn(page, 'neighbour', { at: '/my/demands?tab=cosigned' });
  const card = page.locator('.demand-card').filter({ hasText: owed[0].title }).first();
  await card.getByRole('link', { name: '请评价' }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${owed[0].project!.id}#rating$`));
  await expect(page.getByText('满意度评价')).toBeInViewport();
});
