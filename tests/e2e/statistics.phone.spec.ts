// 数据统计 on a 375 px phone: the board's 办理成效 fits the screen in text of 14 px and more, its
// "?" and its unit picker a thumb's size; the street committee's dashboard fits too (its wide
// tables scroll inside themselves), every control a thumb's size, and drills down to one of
// its communities.
import { expect, test, type Locator } from '@playwright/test';

import { blockingViolations } from './axe';
import { headline, publicStats } from './statistics.support';
import { apiAs, fitsTheScreen, shot, signIn } from './support';

async function smallestText(scope: Locator, selector: string) {
  const sizes = await scope.locator(selector).evaluateAll((elements) =>
    elements.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => parseFloat(getComputedStyle(e).fontSize)),
  );
  return Math.min(...sizes);
}

test('the board’s figures are readable on a phone, without scrolling sideways', async ({ page, request }, testInfo) => {
  const district = await publicStats(request);
  await page.goto('/board');
  const figures = page.getByRole('region', { name: '办理成效' });
  await expect(figures.getByText(/^二七区 · /)).toBeVisible();
  await expect(page.locator('.demand-card').first()).toBeVisible();
  await fitsTheScreen(page);

  const expected = headline(district);
  for (const [name, [value, detail]] of Object.entries(expected)) {
    const figure = figures.getByRole('article', { name });
    await expect(figure.locator('.board-figure-value')).toHaveText(value);
    await expect(figure.locator('.board-figure-detail')).toHaveText(detail);
    // Nothing cut off: each line shows whole.
    for (const line of await figure.locator('.board-figure-value, .board-figure-detail').all()) {
      expect(await line.evaluate((e) => e.scrollWidth <= e.clientWidth), await line.innerText()).toBe(true);
    }
    const why = figure.getByRole('button');
    const box = (await why.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  }
  expect(await smallestText(figures, 'h2, h3, p, label, select')).toBeGreaterThanOrEqual(14);
  expect((await figures.getByLabel('查看范围').boundingBox())!.height).toBeGreaterThanOrEqual(44);

  // Two figures a row.
  const [first, second, third] = await figures.getByRole('article').all();
  expect((await first.boundingBox())!.y).toBe((await second.boundingBox())!.y);
  expect((await third.boundingBox())!.y).toBeGreaterThan((await first.boundingBox())!.y);

  await figures.getByRole('button', { name: '社会资金撬动是怎么算的' }).tap();
  await expect(figures.getByText(/每 1 元政府资金带动的社会资金/)).toBeVisible();
  await fitsTheScreen(page);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'board-figures-phone');

  await figures.getByLabel('查看范围').selectOption({ label: '淮河路街道' });
  await expect(figures.getByText(/^淮河路街道 · /)).toBeVisible();
  await fitsTheScreen(page);
});

test('the street committee’s 数据统计 is usable on a phone', async ({ page, request }, testInfo) => {
  const street = await apiAs(request, 'street');
  const huaihe = (await street.get('/api/v1/me')).grants[0].unit_id;
  const stats = await street.get(`/api/v1/stats/overview?unit_id=${huaihe}`);

  await signIn(page, 'street', { at: '/stats' });
  await expect(page.getByText(/^淮河路街道 · .* · 数据截至/)).toBeVisible();
  await expect(page.locator('.stats-chart canvas').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .skeleton')).toHaveCount(0);
  await fitsTheScreen(page);

  const main = page.getByRole('main');
  // The buttons (print, each unit below's), the unit picker's box and the two months.
  for (const control of [...(await main.getByRole('button').all()), ...(await main.locator('.ant-select').all()), ...(await main.locator('input[type="month"]').all())]) {
    if (!(await control.isVisible())) continue;
    expect((await control.boundingBox())!.height, (await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? undefined).toBeGreaterThanOrEqual(44);
  }
  expect(await smallestText(main, '.stats-kpi p, .stats-kpi h3, .stats-kpi dt, .stats-kpi dd, td, th')).toBeGreaterThanOrEqual(14);
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'stats-phone');

  // Down to the first community from its row.
  const community = stats.children[0];
  await page.getByRole('button', { name: `查看${community.name}` }).tap();
  await expect(page.getByText(new RegExp(`^${community.name} · .* · 数据截至`))).toBeVisible();
  await fitsTheScreen(page);
  await shot(page, testInfo, 'stats-phone-community');
});
