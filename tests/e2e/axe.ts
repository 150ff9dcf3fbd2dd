// The accessibility walk shared by the desktop and the phone specs: every screen of the
// issue, each checked by axe-core once it shows its data, with no serious or critical
// violation allowed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';

import { apiAs, signIn } from './support';

/** The violations that block someone (axe's "serious" and "critical"), said readably. */
export async function blockingViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
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
  await expect(ready(page).first()).toBeVisible();
  // Nothing is still loading: skeletons and spinners are not what a reader meets.
  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .ant-skeleton')).toHaveCount(0);
  expect(await blockingViolations(page), path).toEqual([]);
}

/** A demand each screen below can show: one of the resident's, and a public one. */
async function demands(request: APIRequestContext) {
  const resident = await apiAs(request, 'resident');
  const own = (await resident.get('/api/v1/demands?limit=50')).items.find(
    (d: { author_name: string; allowed_actions: string[] }) => d.allowed_actions.includes('withdraw'),
  );
  const published = (await (await request.get('/api/v1/public/demands?limit=1')).json()).items[0];
  expect(own, 'the demo resident has a demand of its own').toBeTruthy();
  expect(published, 'the demo board has a public demand').toBeTruthy();
  return { own: own.id as string, published: published.id as string };
}

/** Declares the walk's tests (one per kind of visitor) in the calling spec. */
export function axeWalk() {
  test('anonymous screens: board, a public demand, login and register', async ({ page, request }) => {
    const { published } = await demands(request);
    await check(page, '/board', (p) => p.locator('.demand-card'));
    await check(page, `/board/${published}`, (p) => p.getByRole('heading', { level: 1 }));
    await check(page, '/login', (p) => p.getByLabel(/用户名/));
    await check(page, '/register', (p) => p.getByLabel(/用户名/));
  });

  test("a resident's screens: new demand, my demands, one of its demands", async ({ page, request }) => {
    const { own } = await demands(request);
    await signIn(page, 'resident');
    await check(page, '/demands/new', (p) => p.getByLabel('标题'));
    await check(page, '/my/demands', (p) => p.locator('.demand-card'));
    await check(page, `/demands/${own}`, (p) => p.getByText('办理记录'));
  });

  test("the worker's queue", async ({ page }) => {
    await signIn(page, 'worker');
    await check(page, '/queue', (p) => p.getByRole('main').getByRole('link'));
  });

  test("the admin's users, units and organisations", async ({ page }) => {
    await signIn(page, 'admin');
    await check(page, '/admin/users', (p) => p.getByRole('main').getByText('resident', { exact: true }));
    await check(page, '/admin/units', (p) => p.getByRole('main').getByText('淮河路街道'));
    await check(page, '/admin/organizations', (p) => p.getByRole('main').getByText(/金祥花园业主委员会/));
  });
}
