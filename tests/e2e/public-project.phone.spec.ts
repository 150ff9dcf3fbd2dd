// The public board's projects on a 375 px phone, logged out (SPEC §4.7): a resolved demand
// leads to the project that answered it, an accepted one too; the demo's closed project shows
// its inspection, its ratings and who funded it exactly as the public API says, names no
// person, fits the screen in text of 14 px and more, and passes axe.
import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';

import { blockingViolations } from './axe';
import { fitsTheScreen, shot } from './support';

type PublicDemand = { id: string; title: string; state: string; project_id?: string | null };
type Outcome = {
  votes: { round: number; verdict: 'pass' | 'fail'; comment: string }[];
  ratings: { count: number; average: number | null; by_score: number[]; comments: { score: number; comment: string }[] };
  gov_funds_fen: number;
  contributions: { organization_name: string; organization_kind: string; kind: string; quantity: number; measure: string }[];
};

/** The demo's people, by the names they signed up with (api/src/demo.rs): none is shown publicly. */
const PEOPLE = ['张伟', '李娜', '王芳', '赵敏', '孙丽', '周强', '刘洋', '陈静'];

const ORGANIZATION_KINDS: Record<string, string> = {
  party_org: '党组织',
  resident_autonomy: '居民自治组织',
  property_service: '物业服务企业',
  social_org: '社会组织',
  volunteer_org: '志愿服务组织',
  government_dept: '政府部门',
  stationed_unit: '驻区单位',
  merchant: '商户',
  integration: '接入平台',
};
const RESOURCE_KINDS: Record<string, string> = { funds: '资金', venue: '场地', personnel: '人力', materials: '物资', service: '服务' };

/** How the page says a quantity: yuan for funds (`¥6,000`), else `60 盏`. */
function quantity(q: number, measure: string) {
  if (measure !== 'fen') return `${q.toLocaleString('en-US')} ${measure}`;
  const cents = q % 100;
  return `¥${Math.floor(q / 100).toLocaleString('en-US')}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/** The public demands in `state` that a public project answered (a draft's demand is left out). */
async function answered(request: APIRequestContext, state: 'accepted' | 'resolved'): Promise<PublicDemand[]> {
  const { items } = await (await request.get(`/api/v1/public/demands?state=${state}&limit=100`)).json();
  const linked: PublicDemand[] = [];
  for (const d of items as PublicDemand[]) {
    if (d.project_id && (await request.get(`/api/v1/public/projects/${d.project_id}`)).ok()) linked.push(d);
  }
  return linked;
}

/** Paragraphs, list items, definitions, dates and headings of `scope` are 14 px and more (tags aside). */
async function readable(scope: Locator) {
  const sizes = await scope.locator('p, li, dt, dd, time, h2, h3').evaluateAll((elements) =>
    elements.filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.sr-only')).map((e) => parseFloat(getComputedStyle(e).fontSize)),
  );
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
}

test('logged out, a resolved demand on the board leads to the project that answered it; an accepted one too', async ({ page, request }, testInfo) => {
  const [resolved] = await answered(request, 'resolved');
  expect(resolved, 'the demo has a resolved demand answered by a public project').toBeTruthy();
  const project = await (await request.get(`/api/v1/public/projects/${resolved.project_id}`)).json();

  await page.goto('/board?state=resolved');
  await page.locator('.demand-card').getByRole('link', { name: resolved.title }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: resolved.title })).toBeVisible();
  await expect(page.getByText('已纳入民生实事项目办理')).toBeVisible();
  const link = page.getByRole('link', { name: '查看解决它的项目' });
  await expect(page.getByText(project.title, { exact: true })).toBeVisible();
  expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await fitsTheScreen(page);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'resolved-demand-phone');

  await link.tap();
  await expect(page).toHaveURL(new RegExp(`/board/projects/${resolved.project_id}$`));
  await expect(page.getByRole('heading', { level: 1, name: project.title })).toBeVisible();
  await expect(page.getByRole('region', { name: '验收结果' })).toBeVisible();

  // An accepted demand, its project under way or done, shows the way there as well.
  const accepted = await answered(request, 'accepted');
  expect(accepted.length, 'the demo has accepted demands answered by a public project').toBeGreaterThan(0);
  await page.goto(`/board/${accepted[0].id}`);
  await expect(page.getByRole('link', { name: '查看解决它的项目' })).toHaveAttribute('href', `/board/projects/${accepted[0].project_id}`);
  await fitsTheScreen(page);
});

test("logged out, the demo's closed project shows its inspection, ratings and funders as the API says, and no one's name", async ({ page, request }, testInfo) => {
  const { items } = await (await request.get('/api/v1/public/projects?state=closed&limit=100')).json();
  const closed = (items as { id: string; title: string }[]).find((p) => p.title === '兴华南街楼道照明改造');
  expect(closed, "the demo's closed project").toBeTruthy();
  const outcome: Outcome = await (await request.get(`/api/v1/public/projects/${closed!.id}/outcome`)).json();
  expect(outcome.ratings.count).toBeGreaterThan(0);
  expect(outcome.votes.some((v) => v.verdict === 'pass')).toBe(true);

  await page.goto(`/board/projects/${closed!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: closed!.title })).toBeVisible();
  const inspection = page.getByRole('region', { name: '验收结果' });
  await expect(inspection.getByText('已通过居民验收')).toBeVisible();
  const passes = outcome.votes.filter((v) => v.verdict === 'pass' && v.round === 0).length;
  const fails = outcome.votes.filter((v) => v.verdict === 'fail' && v.round === 0).length;
  await expect(inspection.getByText(`通过 ${passes} 票 · 不通过 ${fails} 票`).first()).toBeVisible();

  const ratings = page.getByRole('region', { name: '居民评价' });
  await expect(ratings.getByTestId('rating-count')).toHaveText(`${outcome.ratings.count} 条评价`);
  await expect(ratings.getByTestId('rating-average')).toHaveText(outcome.ratings.average!.toFixed(1));
  const distribution = ratings.getByRole('list', { name: '评分分布' }).getByRole('listitem');
  await expect(distribution).toHaveCount(5);
  for (const [i, score] of [5, 4, 3, 2, 1].entries()) {
    await expect(distribution.nth(i).locator('.sr-only')).toHaveText(`${score} 星：${outcome.ratings.by_score[score - 1]} 条`);
  }
  for (const c of outcome.ratings.comments.filter((c) => c.comment)) await expect(ratings.getByText(c.comment)).toBeVisible();

  // Who funded it: each organisation once, with its kind and everything it gave.
  const sources = page.getByRole('region', { name: '资金与资源来源' });
  const contributors = sources.getByRole('list', { name: '共建单位投入' }).locator(':scope > li');
  const names = [...new Set(outcome.contributions.map((c) => c.organization_name))];
  await expect(contributors).toHaveCount(names.length);
  for (const [i, name] of names.entries()) {
    const given = outcome.contributions.filter((c) => c.organization_name === name);
    const row = contributors.nth(i);
    await expect(row.locator('strong')).toHaveText(name);
    await expect(row.getByText(ORGANIZATION_KINDS[given[0].organization_kind], { exact: true })).toBeVisible();
    await expect(row.locator('li')).toHaveText(given.map((c) => `${RESOURCE_KINDS[c.kind]} ${quantity(c.quantity, c.measure)}`));
  }
  const social = outcome.contributions.filter((c) => c.kind === 'funds').reduce((sum, c) => sum + c.quantity, 0);
  await expect(sources.getByTestId('funding-gov')).toContainText(quantity(outcome.gov_funds_fen, 'fen'));
  await expect(sources.getByTestId('funding-social')).toContainText(quantity(social, 'fen'));
  const leverage = Math.round((social / outcome.gov_funds_fen) * 100) / 100;
  await expect(sources.getByTestId('funding-leverage')).toContainText(`×${leverage}`);

  const text = (await page.locator('body').innerText()) + (await page.locator('body').textContent());
  for (const person of PEOPLE) expect(text, `${person} is not named`).not.toContain(person);

  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0);
  await fitsTheScreen(page);
  for (const section of [inspection, ratings, sources]) await readable(section);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'closed-project-phone');
});
