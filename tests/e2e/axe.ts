// The accessibility walk shared by the desktop and the phone specs: every screen of the
// issue, each checked by axe-core once it shows its data, with no serious or critical
// violation allowed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';

import { freshProject, publishedDemand } from './projects.support';
import { apiAs, fileDemand, signIn } from './support';

/**
 * axe for `page`. A page of one frame (the app has no iframe) is checked by axe.run in the
 * page itself: the same rules and results as axe's frame-by-frame mode, which also opens a
 * blank page to merge the frames' results, a second or two a screen on two busy cores. A page
 * with frames gets that mode, cross-origin frames and all.
 */
export function axeOn(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode(page.frames().length === 1);
}

/** The violations that block someone (axe's "serious" and "critical"), said readably. */
export async function blockingViolations(page: Page): Promise<string[]> {
  const { violations } = await axeOn(page).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.slice(0, 3).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary}`);
      return [`${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}`, ...nodes].join('\n');
    });
}

/** Opens `path`, waits for `ready` (its data, not a placeholder), and checks it. */
async function check(page: Page, path: string, ready: (page: Page) => Locator) {
  await page.goto(path);
  // The machine running the suite may be busy: a screen gets longer than one assertion.
  await expect(ready(page).first()).toBeVisible({ timeout: 30_000 });
  // Nothing is still loading: skeletons and spinners are not what a reader meets.
  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .ant-skeleton')).toHaveCount(0);
  expect(await blockingViolations(page), path).toEqual([]);
}

/**
 * Tabs through the screen from the top: every stop shows where the focus is (an outline or
 * antd's focus ring), and `last` is reached.
 */
async function tabTo(page: Page, last: Locator) {
  for (let stop = 0; stop < 40; stop++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      // antd draws the ring of an input with an icon or a suffix on the box around it.
      const style = getComputedStyle(element.closest('.ant-input-affix-wrapper, .ant-select') ?? element);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return { name: element.outerHTML.slice(0, 120), shown: ring || style.boxShadow !== 'none' };
    });
    expect(focus.shown, `focus is visible on ${focus.name}`).toBe(true);
    if (await last.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error('the keyboard never reached the end of the screen');
}

/**
 * A demand of the resident's with a full timeline (filed, verified and so public, a
 * neighbour's duplicate merged in).
 */
async function demandWithTimeline(request: APIRequestContext): Promise<string> {
  const own = await fileDemand(request, 'resident', '楼下夜里有人大声喧哗', '几乎每晚十二点以后');
  const duplicate = await fileDemand(request, 'neighbour', '夜里楼下太吵睡不着');
  const worker = await apiAs(request, 'worker');
  const act = async (id: string, action: string, extra = {}) => {
    const { version } = await worker.get(`/api/v1/demands/${id}`);
    await worker.post(`/api/v1/demands/${id}/transitions`, { action, version, ...extra });
  };
  await act(own, 'verify');
  await act(duplicate, 'merge', { target_id: own });
  return own;
}

/** Declares the walk's tests (one per kind of visitor) in the calling spec. */
export function axeWalk() {
  test('anonymous screens: board, a public demand and project, login and register', async ({ page, request }) => {
    const published = await demandWithTimeline(request);
    await check(page, '/board', (p) => p.locator('.demand-card'));
    await check(page, '/board/projects', (p) => p.locator('.project-public'));
    const project = (await (await request.get('/api/v1/public/projects?state=in_progress')).json()).items[0].id;
    await check(page, `/board/projects/${project}`, (p) => p.getByRole('progressbar'));
    await check(page, `/board/${published}`, (p) => p.getByRole('heading', { level: 1 }));
    await check(page, '/login', (p) => p.getByLabel(/用户名/));
    await check(page, '/register', (p) => p.getByLabel(/用户名/));
    await check(page, '/public/resources', (p) => p.getByRole('article', { name: 'LED声控楼道灯' }));
  });

  test('the keyboard reaches every control of the board and of the sign-in, with the focus shown', async ({ page }) => {
    await page.goto('/board');
    await expect(page.locator('.demand-card').first()).toBeVisible();
    await tabTo(page, page.locator('.demand-card a').first());
    await page.goto('/login');
    await expect(page.getByLabel(/用户名/)).toBeFocused();
    await tabTo(page, page.getByRole('link', { name: /居民注册/ }));
  });

  test("a resident's screens: new demand, my demands, one of its demands", async ({ page, request }) => {
    const own = await demandWithTimeline(request);
    await signIn(page, 'resident');
    await check(page, '/demands/new', (p) => p.getByLabel('标题'));
    await check(page, '/my/demands', (p) => p.locator('.demand-card'));
    await check(page, `/demands/${own}`, (p) => p.getByText('办理记录'));
  });

  test("the worker's workbench and queue, an account opened at the desk, and the change of one's own password", async ({ page }) => {
    await signIn(page, 'worker');
    await check(page, '/workbench', (p) => p.locator('.work-card'));
    await check(page, '/queue', (p) => p.getByRole('main').getByRole('link'));
    await check(page, '/residents/new', (p) => p.getByLabel('姓名'));
    await check(page, '/account/password', (p) => p.getByLabel(/当前密码/));
  });

  test("a co-builder's resources and claims, a street's resource list and claims", async ({ page }) => {
    await signIn(page, 'builder');
    await check(page, '/resources/mine', (p) => p.getByRole('article', { name: 'LED声控楼道灯' }));
    // The inbox may have been answered by an earlier spec: then it says so.
    await check(page, '/claims', (p) => p.getByRole('main').getByRole('article').or(p.getByText('暂无待您处理的认领或申请')));
    await check(page, '/claims?tab=all', (p) => p.getByRole('main').getByRole('article'));
    await page.getByRole('button', { name: /退出/ }).click();
    await signIn(page, 'street');
    await check(page, '/resources', (p) => p.getByRole('article', { name: 'LED声控楼道灯' }));
    await check(page, '/claims?tab=all', (p) => p.getByRole('main').getByRole('article'));
  });

  test("the admin's users, units, organisations and their coverage", async ({ page }) => {
    await signIn(page, 'admin');
    await check(page, '/admin/users', (p) => p.getByRole('main').getByText('resident', { exact: true }));
    await check(page, '/admin/units', (p) => p.getByRole('main').getByText('淮河路街道'));
    await check(page, '/admin/organizations', (p) => p.getByRole('main').getByText(/金祥花园业主委员会/));
    await check(page, '/coverage', (p) => p.getByRole('main').getByText('金祥花园', { exact: true }));
  });

  test("the projects' screens: workbench, new project, a project, inspection, rating", async ({ page, request }) => {
    // Three fresh projects and ten screens for three people: longer than one scenario.
    test.setTimeout(240_000);
    const demand = await publishedDemand(request, '小区南门路面坑洼');
    const short = await freshProject(request, '南门路面修补', { stage: 'published', budget: 2_000_000, gov: 500_000 });
    const completed = await freshProject(request, '南门雨棚加固', { stage: 'completed', approvals: 2 });
    const closed = await freshProject(request, '南门照明补装', { stage: 'closed' });
    await signIn(page, 'street');
    await check(page, '/queue?view=all&state=published', (p) => p.getByLabel('选择“小区南门路面坑洼”纳入项目'));
    await check(page, '/projects?state=published', (p) => p.locator('.project-card'));
    await check(page, `/projects/new?demand_ids=${demand}`, (p) => p.getByRole('link', { name: '小区南门路面坑洼' }));
    await check(page, `/projects/${short.id}`, (p) => p.locator('.match'));
    await page.getByRole('button', { name: /退出/ }).click();
    await signIn(page, 'supervisor');
    await check(page, '/inspections', (p) => p.locator('.project-card'));
    await check(page, `/projects/${completed.id}/inspect`, (p) => p.getByText('提交验收意见'));
    await page.getByRole('button', { name: /退出/ }).click();
    await signIn(page, 'resident');
    await check(page, `/projects/${closed.id}`, (p) => p.getByText('满意度评价'));
    await check(page, `/demands/${closed.demandId}`, (p) => p.locator('.answering-project'));
  });
}
