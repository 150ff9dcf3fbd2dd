// 定期公示 on a 375 px phone. The street committee of 淮河路街道 publishes an earlier month than
// the one offered, setting its days in the phone's own date fields (no calendar of the page's
// to spill off the screen); logged out, the board's 定期公示 lists it, 已验证 once the browser's check has answered, and
// its page shows the snapshot: both fit the screen, in text of 14 px and more, with every
// control a thumb's height.
import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';

import { blockingViolations } from './axe';
import { apiAs, fitsTheScreen, openMenu, shot, signIn } from './support';

/** Beijing's month `back` months before the current one: its first and last day. */
function monthBefore(back: number) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [year, month] = today.split('-').map(Number);
  const day = (m: number, d: number) => new Date(Date.UTC(year, m, d)).toISOString().slice(0, 10);
  return { start: day(month - 1 - back, 1), end: day(month - back, 0) };
}

/** The most recent month before last that 淮河路街道 has not disclosed yet, and how far back it is. */
async function undisclosedMonth(request: APIRequestContext) {
  const admin = await apiAs(request, 'admin');
  const street = (await admin.get(`/api/v1/org-units?kind=street&q=${encodeURIComponent('淮河路街道')}`)).items[0].id;
  const { items } = await (await request.get(`/api/v1/public/disclosures?unit_id=${street}&limit=100`)).json();
  for (let back = 3; back < 24; back++) {
    const month = monthBefore(back);
    const taken = items.some((d: { period_start: string; period_end: string }) => d.period_start <= month.end && month.start <= d.period_end);
    if (!taken) return month;
  }
  throw new Error('no month left to disclose');
}

/** Sets `day` in the phone's date field labelled `label`, as its own picker would. */
async function setDay(dialog: Locator, label: string, day: string) {
  const input = dialog.getByLabel(label);
  await expect(input).toHaveAttribute('type', 'date');
  await input.fill(day);
  await expect(input).toHaveValue(day);
}

/** Every button and link of `scope` is at least 44 px high; its text 14 px and more. */
async function thumbSized(scope: Locator) {
  for (const control of [...(await scope.getByRole('button').all()), ...(await scope.getByRole('article').getByRole('link').all()), ...(await scope.getByRole('combobox').all())]) {
    if (!(await control.isVisible())) continue;
    expect((await control.boundingBox())!.height, (await control.textContent()) ?? undefined).toBeGreaterThanOrEqual(44);
  }
  const sizes = await scope.locator('li, p, time, dd, code').evaluateAll((elements) => elements.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
}

test('on a phone, the street publishes an earlier month, and the board shows it verified', async ({ page, request }, testInfo) => {
  const month = await undisclosedMonth(request);

  await signIn(page, 'street', { at: '/disclosures' });
  await page.getByRole('button', { name: /发布公示/ }).click();
  const dialog = page.getByRole('dialog', { name: '发布公示' });
  await expect(dialog.getByLabel('开始日期')).toHaveValue(monthBefore(1).start);
  await setDay(dialog, '开始日期', month.start);
  await setDay(dialog, '结束日期', month.end);
  await fitsTheScreen(page);
  await shot(page, testInfo, 'publish-form-phone');
  const submit = dialog.getByRole('button', { name: /^发 ?布$/ });
  // Polled: the dialog opens with a zoom, and mid-animation every box is scaled down.
  await expect.poll(async () => (await submit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await submit.click();
  const done = page.getByText(/^已发布淮河路街道第\d+期定期公示$/);
  await expect(done).toBeVisible();
  const number = Number((await done.textContent())?.match(/第(\d+)期/)?.[1]);
  // On a phone, signing out is in the 菜单 drawer with the main menu.
  await openMenu(page);
  await page.getByRole('dialog', { name: '菜单' }).getByRole('button', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.goto('/board/disclosures');
  await page.getByRole('combobox', { name: '街道' }).selectOption({ label: '淮河路街道' });
  const listed = page.getByRole('article', { name: `淮河路街道 · 第${number}期` });
  await expect(listed).toContainText(`${month.start} 至 ${month.end}`);
  await expect(listed.getByText('已验证')).toBeVisible();
  await expect(page.locator('[aria-busy="true"], .skeleton')).toHaveCount(0);
  await fitsTheScreen(page);
  await thumbSized(page.getByRole('main'));
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'board-disclosures-phone');

  await listed.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `淮河路街道 · 第${number}期` })).toBeVisible();
  await expect(page.getByRole('main').getByText('已验证')).toBeVisible();
  for (const list of ['需求清单', '民生实事', '资源清单']) await expect(page.getByRole('heading', { level: 2, name: list })).toBeVisible();
  await expect(page.getByTestId('sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByText(/核对方法/)).toBeVisible();
  await page.getByText('公示原文', { exact: true }).click();
  await expect(page.locator('pre.canonical-text')).toContainText(`"number":${number}`);
  await fitsTheScreen(page);
  await thumbSized(page.getByRole('main'));
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'disclosure-phone');
});
