// The public project page on a desktop, logged out, in English (the second language): the
// resolved demand's way to its project, and the closed project's inspection, ratings and
// funders under their English headings; axe finds nothing blocking.
import { expect, test } from '@playwright/test';

import { blockingViolations } from './axe';
import { shot } from './support';

test('in English, a resolved demand leads to its project, which shows its inspection, ratings and funders', async ({ page, request }, testInfo) => {
  // Other specs share the server and resolve demands of their own: take the demo's, whose
  // project was rated and funded.
  const { items } = await (await request.get('/api/v1/public/demands?state=resolved&limit=100')).json();
  let resolved: { id: string; project_id?: string | null } | undefined;
  let outcome: { ratings: { count: number }; contributions: { organization_name: string }[] } | undefined;
  for (const d of items as { id: string; project_id?: string | null }[]) {
    if (!d.project_id) continue;
    const o = await (await request.get(`/api/v1/public/projects/${d.project_id}/outcome`)).json();
    if (o.ratings.count > 0 && o.contributions.length > 0) {
      resolved = d;
      outcome = o;
      break;
    }
  }
  expect(resolved, 'the demo has a resolved demand answered by a rated, funded project').toBeTruthy();

  await page.goto(`/board/${resolved!.id}`);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: 'See the project that answered it' }).click();
  await expect(page).toHaveURL(new RegExp(`/board/projects/${resolved!.project_id}$`));

  for (const heading of ['Inspection', "Residents' ratings", 'Where the money and resources came from']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByText("Passed the residents' inspection")).toBeVisible();
  await expect(page.getByTestId('rating-count')).toHaveText(`Ratings: ${outcome!.ratings.count}`);
  await expect(page.getByRole('list', { name: 'Given by co-builders' }).locator(':scope > li').first()).toContainText(
    outcome!.contributions[0].organization_name,
  );
  expect(await blockingViolations(page)).toEqual([]);
  await shot(page, testInfo, 'closed-project-desktop-en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
