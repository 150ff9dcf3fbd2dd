// 数据统计 on the demo district. Signed out, the public board opens with 办理成效: four figures
// of the district (answered, answered on time, satisfaction, the social money drawn in), each
// the API's own numbers with what they divide; picking 淮河路街道 shows that street's. The
// district admin opens 数据统计 from its menu: key figures, charts drawn on canvases, and under
// each chart a table with the API's numbers; it drills down to a street from the table and
// comes back up. Both screens pass axe.
import { expect, test, type Page } from '@playwright/test';

import { blockingViolations } from './axe';
import { headline, percent, fraction, publicStats } from './statistics.support';
import { apiAs, shot, signIn } from './support';

const figures = (page: Page) => page.getByRole('region', { name: '办理成效' });

/** The value and small text of each headline figure on the board. */
async function shownHeadline(page: Page) {
  const shown: Record<string, string[]> = {};
  for (const name of ['已回应', '按时回应率', '满意率', '社会资金撬动']) {
    const figure = figures(page).getByRole('article', { name });
    shown[name] = [await figure.locator('.board-figure-value').innerText(), await figure.locator('.board-figure-detail').innerText()];
  }
  return shown;
}

test('signed out, the board opens with the district’s figures, and a street’s on request', async ({ page, request }, testInfo) => {
  const district = await publicStats(request);
  expect(district.name).toBe('二七区');
  await page.goto('/board');
  await expect(figures(page).getByText(`二七区 · ${district.from} 至 ${district.to}`)).toBeVisible();
  await expect(page.locator('.demand-card').first()).toBeVisible();
  expect(await shownHeadline(page)).toEqual(headline(district));
  // The demo's demands were filed today: some answered, so no 暂无 for the district.
  expect(district.figures.response_rate.denominator).toBeGreaterThan(0);

  // "?" says how a figure is counted.
  const why = figures(page).getByRole('button', { name: '按时回应率是怎么算的' });
  await why.click();
  await expect(figures(page).getByText('在答复期限内作出首次答复的需求 ÷ 已答复和已逾期未答复的需求。')).toBeVisible();
  await why.click();
  await expect(figures(page).getByText('在答复期限内作出首次答复的需求', { exact: false })).toBeHidden();

  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'board-figures');

  // A street, from the district's own streets: 淮河路街道 (where the demo's records are), then
  // 京广路街道 (none yet: its rates say 暂无, not 0%).
  const picker = figures(page).getByLabel('查看范围');
  await expect(picker.locator('option')).toHaveText([`二七区（全区）`, ...district.children.map((c: { name: string }) => c.name)]);
  for (const name of ['淮河路街道', '京广路街道']) {
    const { unit_id } = district.children.find((c: { name: string }) => c.name === name);
    const street = await publicStats(request, unit_id);
    await picker.selectOption({ label: name });
    await expect(figures(page).getByText(`${name} · ${street.from} 至 ${street.to}`)).toBeVisible();
    await expect(figures(page)).not.toHaveAttribute('aria-busy', 'true');
    expect(await shownHeadline(page)).toEqual(headline(street));
    if (name === '京广路街道') {
      expect(headline(street)).not.toEqual(headline(district));
      if (street.figures.response_rate.denominator === 0) {
        await expect(figures(page).getByRole('article', { name: '按时回应率' }).locator('.board-figure-value')).toHaveText('暂无');
      }
    }
    await shot(page, testInfo, `board-figures-${name}`);
  }
});

test('the district admin reads 数据统计: key figures, charts and tables with the API’s numbers, by street', async ({ page, request }, testInfo) => {
  const admin = await apiAs(request, 'admin');
  const district = (await admin.get('/api/v1/me')).grants[0].unit_id;
  const stats = await admin.get(`/api/v1/stats/overview?unit_id=${district}`);

  await signIn(page, 'admin');
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '数据统计' }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByText(new RegExp(`^二七区 · ${stats.from} 至 ${stats.to} · 数据截至`))).toBeVisible();

  // Key figures.
  const kpis = page.getByRole('region', { name: '主要指标' });
  await expect(kpis.getByRole('article', { name: '提出需求' })).toContainText(`${stats.figures.demands_filed} 件`);
  for (const [name, rate] of [
    ['响应率', stats.figures.response_rate],
    ['解决率', stats.figures.resolution_rate],
    ['满意率', stats.figures.satisfaction_rate],
  ] as const) {
    const card = kpis.getByRole('article', { name });
    await expect(card.locator('.stats-kpi-value')).toHaveText(percent(rate));
    await expect(card).toContainText(fraction(rate));
  }

  // Charts on canvases, each with its table: the streets' rows are the API's children.
  const byChild = page.getByRole('region', { name: '按下级单位' });
  await expect(byChild.getByRole('img', { name: /^按下级单位（图表/ }).locator('canvas').first()).toBeVisible();
  await expect(page.locator('.stats-chart canvas')).toHaveCount(7);
  const table = byChild.getByRole('group', { name: '按下级单位（表格）' });
  const rows = table.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(stats.children.length);
  for (const [i, child] of stats.children.entries()) {
    const cells = rows.nth(i).getByRole('cell');
    await expect(cells.nth(0)).toHaveText(child.name);
    await expect(cells.nth(1)).toHaveText(String(child.figures.demands_filed));
    await expect(cells.nth(2)).toHaveText(`${percent(child.figures.response_rate)} （${fraction(child.figures.response_rate)}）`);
    await expect(cells.nth(3)).toHaveText(`${percent(child.figures.resolution_rate)} （${fraction(child.figures.resolution_rate)}）`);
    await expect(cells.nth(4)).toHaveText(`${percent(child.figures.satisfaction_rate)} （${fraction(child.figures.satisfaction_rate)}）`);
  }
  // Demands by state, with their labels.
  const demands = page.getByRole('group', { name: '需求（表格）' }).locator('tbody tr.ant-table-row');
  await expect(demands).toHaveCount(stats.figures.demands_by_state.length);
  const published = stats.figures.demands_by_state.find((s: { state: string }) => s.state === 'published');
  await expect(demands.filter({ hasText: '已公示' }).getByRole('cell').nth(1)).toHaveText(String(published.count));
  // Month by month: this month's filed demands.
  const months = page.getByRole('region', { name: '按月份' }).locator('tbody tr.ant-table-row');
  await expect(months).toHaveCount(stats.months.length);
  await expect(months.last().getByRole('cell').nth(1)).toHaveText(String(stats.months.at(-1).demands_filed));

  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .skeleton')).toHaveCount(0);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'stats-district');

  // Printed (打印): no menu, no controls, no charts; the key figures and every table.
  await expect(page.getByRole('button', { name: /^打 ?印$/ })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByLabel('开始月份')).toBeHidden();
  await expect(page.locator('.stats-chart').first()).toBeHidden();
  await expect(table).toBeVisible();
  await expect(kpis).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Down to 淮河路街道 from its row, and back up.
  const huaihe = stats.children.find((c: { name: string }) => c.name === '淮河路街道');
  const street = await admin.get(`/api/v1/stats/overview?unit_id=${huaihe.unit_id}`);
  await table.getByRole('button', { name: '查看淮河路街道' }).click();
  await expect(page).toHaveURL(new RegExp(`unit=${huaihe.unit_id}`));
  await expect(page.getByText(/^淮河路街道 · .* · 数据截至/)).toBeVisible();
  await expect(kpis.getByRole('article', { name: '提出需求' })).toContainText(`${street.figures.demands_filed} 件`);
  await expect(kpis.getByRole('article', { name: '响应率' }).locator('.stats-kpi-value')).toHaveText(percent(street.figures.response_rate));
  const communities = page.getByRole('group', { name: '按下级单位（表格）' }).locator('tbody tr.ant-table-row');
  await expect(communities).toHaveCount(street.children.length);
  await expect(communities.first().getByRole('cell').first()).toHaveText(street.children[0].name);
  await shot(page, testInfo, 'stats-street');

  await page.getByRole('button', { name: '返回上一级：二七区' }).click();
  await expect(page.getByText(/^二七区 · .* · 数据截至/)).toBeVisible();
});

test('the months chosen are asked for, and a resident has no 数据统计', async ({ page, request }) => {
  const admin = await apiAs(request, 'admin');
  const district = (await admin.get('/api/v1/me')).grants[0].unit_id;
  await signIn(page, 'admin', { at: '/stats' });
  const to = await page.getByLabel('结束月份').inputValue();
  await page.getByLabel('开始月份').fill(to);
  await expect(page).toHaveURL(new RegExp(`from=${to}`));
  await expect(page.getByText(new RegExp(`^二七区 · ${to} 至 ${to} · 数据截至`))).toBeVisible();
  const stats = await admin.get(`/api/v1/stats/overview?unit_id=${district}&from=${to}&to=${to}`);
  await expect(page.getByRole('region', { name: '按月份' }).locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.getByRole('region', { name: '主要指标' }).getByRole('article', { name: '提出需求' })).toContainText(`${stats.figures.demands_filed} 件`);

  await page.getByRole('button', { name: /退出/ }).click();
  await signIn(page, 'resident');
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '数据统计' })).toHaveCount(0);
  await page.goto('/stats');
  await expect(page).not.toHaveURL(/\/stats/);
});
