// 导出 on a 375 px phone: the community worker opens its demand queue and downloads it as CSV.
// The button fits beside the heading's controls and is a thumb's size (44 px), as are the two
// formats in its menu; the file arrives under its Chinese name, with a byte order mark.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

import { fitsTheScreen, shot, signIn } from './support';

test('a community worker downloads its queue as CSV on a phone', async ({ page }, testInfo) => {
  await signIn(page, 'worker', { at: '/queue' });
  await expect(page.getByRole('heading', { level: 2, name: '需求队列' })).toBeVisible();

  const button = page.getByRole('main').getByRole('button', { name: /导\s*出/ });
  await expect(button).toBeVisible();
  const box = await button.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  await fitsTheScreen(page);

  const csv = page.getByRole('menuitem', { name: /导出 CSV/ });
  await expect(async () => {
    if (!(await csv.isVisible())) await button.tap();
    await expect(csv).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  // The menu opens with a zoom: measured mid-way it is smaller than it will be.
  for (const item of await page.getByRole('menuitem').all()) {
    await expect.poll(async () => (await item.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const itemBox = await item.boundingBox();
    expect(itemBox!.x + itemBox!.width).toBeLessThanOrEqual(375);
  }
  await shot(page, testInfo, 'export-menu');

  const downloading = page.waitForEvent('download');
  await csv.tap();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^需求清单-\d{8}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('编号,标题');
  await expect(button).toHaveText(/导\s*出$/);
  await fitsTheScreen(page);
});
