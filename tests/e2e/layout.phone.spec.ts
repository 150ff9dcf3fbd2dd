// Layout that holds on a 375 px phone: long titles wrap on cards, dates and labels keep to
// one line, nothing is wider than the screen.
import { expect, test, type Page } from '@playwright/test';

import { fileDemand, lineCount, signIn } from './support';

const LONG = '二号楼北侧的路灯坏了三个多月，晚上出门一片漆黑，老人孩子走路都要打手电筒，希望尽快修好';
const DESCRIPTION = '路灯坏了以后晚上没人敢从北门走，绕路要多走十分钟，下雨天更是看不清台阶。'.repeat(6);

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

test('long titles wrap on cards, dates and labels keep to one line', async ({ page, request }) => {
  const id = await fileDemand(request, 'resident', LONG, DESCRIPTION);
  await signIn(page, 'resident');

  await page.goto('/my/demands');
  const card = page.locator('.demand-card').filter({ hasText: LONG });
  expect(await lineCount(card.getByRole('link', { name: LONG }))).toBeGreaterThan(1);
  for (const time of await page.locator('.demand-card time').all()) expect(await lineCount(time)).toBe(1);
  for (const label of await page.getByRole('main').locator('label').all()) {
    expect(await lineCount(label), await label.innerText()).toBe(1);
  }
  await fitsTheScreen(page);

  // Beside a long description, every label of the demand's details stays on one line.
  await page.goto(`/demands/${id}`);
  const labels = page.locator('.ant-descriptions-item-label');
  await expect(labels.first()).toBeVisible();
  for (const label of await labels.all()) expect(await lineCount(label), await label.innerText()).toBe(1);
  await fitsTheScreen(page);

  await page.goto('/demands/new');
  await expect(page.getByLabel('标题')).toBeVisible();
  for (const label of await page.getByRole('main').locator('label').all()) {
    expect(await lineCount(label), await label.innerText()).toBe(1);
  }
});
