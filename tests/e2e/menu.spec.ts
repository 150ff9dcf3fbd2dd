// An official's menu is never a strip that scrolls sideways and hides its items (issue 20):
// on a phone it is a drawer behind a 菜单 button holding every item of the wide screen's menu,
// each reachable and leading to its screen; on a wide screen every item is in sight.
import { expect, test } from '@playwright/test';

import { signIn } from './support';

test("the district admin's menu: all in sight on a wide screen, all in a drawer on a phone", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'admin', { at: '/workbench' });
  const wide = page.getByRole('navigation', { name: '主菜单' });
  const links = wide.getByRole('link');
  await expect(links.first()).toBeVisible();
  const items = await links.evaluateAll((as) => as.map((a) => ({ name: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
  expect(items.length).toBeGreaterThan(8);
  // Every item inside the window, none past its right edge.
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    expect(box && box.x + box.width, await link.innerText()).toBeLessThanOrEqual(1280);
  }
  await expect(page.getByRole('button', { name: '菜单' })).toBeHidden();

  await page.setViewportSize({ width: 375, height: 812 });
  await expect(wide).toBeHidden();
  for (const item of items) {
    await page.getByRole('button', { name: '菜单' }).click();
    const drawer = page.getByRole('dialog', { name: '菜单' });
    const link = drawer.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: item.name, exact: true });
    await link.scrollIntoViewIfNeeded();
    await expect(link).toBeInViewport();
    const box = await link.boundingBox();
    expect(box && box.height, item.name).toBeGreaterThanOrEqual(44);
    await link.click();
    await expect(drawer).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`${item.href.replace(/[?]/g, '\\?')}$`));
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
