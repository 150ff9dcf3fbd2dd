// 定期公示 on the demo district. The street committee of 淮河路街道 publishes last month's
// disclosure through its form (the month before is offered), and the same month again is
// refused in words; logged out, the public board's 定期公示 lists it, marked 已验证 only once
// the browser's check (/verify) has answered; its page shows the snapshot's lists, its hash
// (which is the SHA-256 of the text shown) and how to check it. The district admin sets the
// district's 公示日. The auditor reads the disclosures but is offered no publication.
//
// The demo district is created when the server starts, and a period must be over to be
// disclosed: the spec files a demand and offers a resource of its own in 淮河路街道 and dates
// them into last month in the database (the server keeps no clock a test could set), so the
// snapshot has something to show.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { blockingViolations } from './axe';
import { apiAs, fileDemand, shot, signIn } from './support';

const menu = (page: Page) => page.getByRole('navigation', { name: '主菜单' });

/** Beijing's date now, and the month before it (the form's default). */
function lastMonth() {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [year, month] = today.split('-').map(Number);
  const day = (m: number, d: number) => new Date(Date.UTC(year, m, d)).toISOString().slice(0, 10);
  return { start: day(month - 2, 1), end: day(month - 1, 0), middle: day(month - 2, 15) };
}

/** Dates a record into `day` (noon in Beijing) in the server's SQLite database. */
function backdate(table: 'demands' | 'resources', id: string, day: string) {
  const database = join(tmpdir(), `gongzhi-e2e-${process.env.E2E_PORT}.db`);
  execFileSync('sqlite3', [database, `PRAGMA busy_timeout = 5000; UPDATE ${table} SET created_at = '${day} 04:00:00' WHERE id = '${id}';`]);
}

async function streetId(request: APIRequestContext, name: string): Promise<string> {
  const admin = await apiAs(request, 'admin');
  return (await admin.get(`/api/v1/org-units?kind=street&q=${encodeURIComponent(name)}`)).items[0].id;
}

/** A demand (not taken up, so never overdue: the community refused it) and a resource of 淮河路街道, dated last month. */
async function lastMonthsRecords(request: APIRequestContext) {
  const month = lastMonth();
  const suffix = Date.now() % 100000;
  const demandTitle = `小区围墙破损需要修补${suffix}`;
  const demand = await fileDemand(request, 'neighbour', demandTitle, '东侧围墙有一段倒塌');
  const worker = await apiAs(request, 'worker');
  const { version } = await worker.get(`/api/v1/demands/${demand}`);
  await worker.post(`/api/v1/demands/${demand}/transitions`, { action: 'reject', version, reason: '属于开发商保修范围，已转告开发商' });
  backdate('demands', demand, month.middle);

  const builder = await apiAs(request, 'builder');
  const grant = (await builder.get('/api/v1/me')).grants.find((g: { role: string }) => g.role === 'co_builder');
  const resourceTitle = `围墙修补砖石${suffix}`;
  const resource = await builder.post('/api/v1/resources', {
    organization_id: grant.organization_id,
    unit_id: await streetId(request, '淮河路街道'),
    kind: 'materials',
    title: resourceTitle,
    description: '',
    quantity: 500,
    measure: '块',
  });
  backdate('resources', resource.id, month.middle);
  return { demandTitle, resourceTitle };
}

test('the street publishes last month; the public board shows it verified, with its snapshot', async ({ page, request }, testInfo) => {
  const month = lastMonth();
  const { demandTitle, resourceTitle } = await lastMonthsRecords(request);

  await signIn(page, 'street');
  await menu(page).getByRole('link', { name: '定期公示' }).click();
  await expect(page).toHaveURL(/\/disclosures$/);
  await page.getByRole('button', { name: /发布公示/ }).click();
  const dialog = page.getByRole('dialog', { name: '发布公示' });
  await expect(dialog.getByLabel('开始日期')).toHaveValue(month.start);
  await expect(dialog.getByLabel('结束日期')).toHaveValue(month.end);
  await expect(dialog.getByText('街道：淮河路街道')).toBeVisible();
  await shot(page, testInfo, 'publish-form');
  await dialog.getByRole('button', { name: /^发 ?布$/ }).click();
  const done = page.getByText(/^已发布淮河路街道第\d+期定期公示$/);
  await expect(done).toBeVisible();
  const number = Number((await done.textContent())?.match(/第(\d+)期/)?.[1]);
  await expect(dialog).toHaveCount(0);
  const row = page.getByRole('main').getByRole('article', { name: `淮河路街道 · 第${number}期` });
  await expect(row.getByText('已验证')).toBeVisible();
  await shot(page, testInfo, 'published');

  // The same month again: the server refuses it, and the form says so.
  await page.getByRole('button', { name: /发布公示/ }).click();
  await dialog.getByRole('button', { name: /^发 ?布$/ }).click();
  await expect(dialog.getByRole('alert')).toHaveText('这段时间已有公示，请选择之后的日期');
  await shot(page, testInfo, 'refused');
  await dialog.getByRole('button', { name: /取 ?消/ }).click();
  await page.getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);

  // Logged out: the board's 定期公示, the street picked. The check is held back a moment: the
  // mark says 校验中 until it answers, and 已验证 only then.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/public/disclosures/*/verify', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/board');
  await page.getByRole('navigation', { name: '公示内容' }).getByRole('link', { name: '定期公示' }).click();
  await expect(page).toHaveURL(/\/board\/disclosures$/);
  await page.getByRole('combobox', { name: '街道' }).selectOption({ label: '淮河路街道' });
  const listed = page.getByRole('article', { name: `淮河路街道 · 第${number}期` });
  await expect(listed).toContainText(`${month.start} 至 ${month.end}`);
  await expect(listed.getByText('校验中')).toBeVisible();
  await expect(listed.getByText('已验证')).toHaveCount(0);
  const verified = page.waitForResponse((r) => r.url().includes('/verify') && r.status() === 200);
  release();
  await verified;
  await expect(listed.getByText('已验证')).toBeVisible();
  await page.unroute('**/api/v1/public/disclosures/*/verify');
  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'board-disclosures');

  // Its page: the snapshot's lists, the hash of the text shown, how to check it.
  await listed.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `淮河路街道 · 第${number}期` })).toBeVisible();
  await expect(page.getByRole('main').getByText('已验证')).toBeVisible();
  const demands = page.getByRole('list', { name: '需求清单' });
  await expect(demands.getByRole('listitem').filter({ hasText: demandTitle })).toContainText('不予受理');
  const resources = page.getByRole('list', { name: '资源清单' });
  await expect(resources.getByRole('listitem').filter({ hasText: resourceTitle })).toContainText('数量：500 块');
  await expect(page.getByText(/核对方法/)).toBeVisible();
  await page.getByText('公示原文', { exact: true }).click();
  const canonical = await page.locator('pre.canonical-text').textContent();
  const sha256 = await page.getByTestId('sha256').textContent();
  expect(createHash('sha256').update(canonical ?? '', 'utf8').digest('hex')).toBe(sha256);
  expect(canonical).toContain(demandTitle);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'disclosure');
});

test('the district admin sets the district’s 公示日', async ({ page, request }, testInfo) => {
  const admin = await apiAs(request, 'admin');
  const district = (await admin.get('/api/v1/org-units?kind=district')).items[0];
  await signIn(page, 'admin', { at: `/admin/units?unit=${district.id}` });
  const details = page.getByRole('main').locator('.ant-card').filter({ hasText: '公示日' });
  await expect(details.getByText('未设置（不自动发布）')).toBeVisible();
  await details.getByRole('button', { name: /编 ?辑/ }).click();
  const form = page.getByRole('dialog', { name: '编辑单位' });
  await expect(form.getByText(/须发布上个月的定期公示/)).toBeVisible();
  await form.getByLabel('公示日').fill('28');
  await shot(page, testInfo, 'disclosure-day');
  await form.getByRole('button', { name: /保 ?存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(details.getByText('每月 28 日')).toBeVisible();
  expect((await admin.get(`/api/v1/org-units/${district.id}`)).disclosure_day).toBe(28);
});

test('the auditor reads the disclosures and is offered no publication', async ({ page }) => {
  await signIn(page, 'auditor');
  await menu(page).getByRole('link', { name: '定期公示' }).click();
  await expect(page.getByRole('heading', { name: '定期公示' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '街道' })).toBeVisible();
  await expect(page.getByRole('button', { name: /发布公示/ })).toHaveCount(0);
});
