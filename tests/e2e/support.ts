// Helpers shared by the end-to-end scenarios.
import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';

export const DEMO_PASSWORD = 'gongzhi-demo';

/**
 * Signs in as the sign-in screen does, without typing on it (for the many scenarios whose
 * subject is what comes after): the API's session kept where the app keeps it
 * (localStorage, as `gongzhi.session`) and its refresh cookie in the browser. Then the app
 * opens `at` the path given, or at `/`, which leads to the account's home as the sign-in
 * screen does. Typing on the
 * screen cost each scenario a second on two busy cores; specs about signing in use
 * `signInOnScreen`.
 */
export async function signIn(page: Page, username: string, { password = DEMO_PASSWORD, at = '/' }: { password?: string; at?: string } = {}) {
  // The page's own request context shares the browser's cookies: the refresh cookie lands there.
  const response = await page.request.post('/api/v1/auth/login', { data: { username, password, refresh_cookie: true } });
  expect(response.ok(), await response.text()).toBeTruthy();
  const session = await response.json();
  // localStorage is the origin's: a page of the origin without the app is the quickest to open.
  await page.goto('/readyz');
  await page.evaluate((kept) => localStorage.setItem('gongzhi.session', JSON.stringify(kept)), { ...session, refresh_token: undefined });
  await page.goto(at);
  if (at === '/') await page.waitForURL((url) => url.pathname !== '/');
  await expect(page).not.toHaveURL(/\/login/);
}

/** Signs in through the login screen, typing the name and password. */
export async function signInOnScreen(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/手机号或用户名|Mobile number or username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('main').getByRole('button', { name: /^(登 ?录|Sign in)$/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** An access token for API calls that set up a scenario. */
export async function token(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).access_token;
}

export async function apiAs(request: APIRequestContext, username: string) {
  const headers = { authorization: `Bearer ${await token(request, username)}` };
  return {
    get: async (path: string) => (await request.get(path, { headers })).json(),
    post: async (path: string, data: unknown) => {
      const response = await request.post(path, { headers, data });
      expect(response.ok(), await response.text()).toBeTruthy();
      return response.json();
    },
  };
}

/** Saves a named screenshot of the screen as a test artifact. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/**
 * Picks the option starting with `option` in the Ant Design select labelled `label` (its a11y
 * options are hidden).
 * A click that lands while the dropdown is still animating open is lost, so it retries
 * until the select shows the choice.
 */
export async function choose(page: Page, label: string | RegExp, option: string, within?: Locator, search?: string) {
  const scope = within ?? page;
  await expect(async () => {
    const dropdown = page.locator('.ant-select-dropdown:visible');
    if ((await dropdown.count()) === 0) {
      await scope.getByLabel(label).click();
      if (search) await page.keyboard.type(search);
    }
    await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click({ timeout: 2_000 });
    // The chosen item's title starts with the option's text (some options add details after it).
    const chosen = `.ant-select-content[title^="${option}"], .ant-select-selection-item[title^="${option}"]`;
    await expect(scope.locator(chosen).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** How many lines the text of `locator`'s element is laid out on (the line boxes of its text). */
export async function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const bottoms = new Set<number>();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) bottoms.add(Math.round(rect.bottom));
    }
    return bottoms.size;
  });
}

declare global {
  interface Window {
    /** Each new position and size of the element `watchBox` follows, frame by frame. */
    boxes: string[];
  }
}

/** From the next page load on, records every frame where `selector`'s box moved or resized. */
export async function watchBox(page: Page, selector: string) {
  await page.addInitScript((selector) => {
    window.boxes = [];
    const frame = () => {
      const element = document.querySelector(selector);
      if (element) {
        const { x, y, width, height } = element.getBoundingClientRect();
        const box = [x, y, width, height].map(Math.round).join(',');
        if (window.boxes.at(-1) !== box) window.boxes.push(box);
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, selector);
}

/** Files a demand as `username` (a resident of 兴华南街社区) through the API; returns its id. */
export async function fileDemand(request: APIRequestContext, username: string, title: string, description = '') {
  const as = await apiAs(request, username);
  const unit_id = (await as.get('/api/v1/me')).grants[0].unit_id;
  return (await as.post('/api/v1/demands', { title, description, category: 'safety', unit_id })).id as string;
}

/** Confirms the open dialog; a click while it is still animating open is lost, so retry. */
export async function confirmDialog(page: Page, button: RegExp) {
  const dialog = page.getByRole('dialog');
  await expect(async () => {
    if (await dialog.count()) await dialog.getByRole('button', { name: button }).last().click({ timeout: 2_000 });
    await expect(dialog).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Nothing on the page is wider than a 375 px phone, once what is animating has settled (a
 *  select's dropdown flies off to the side as it closes, for a moment). */
export async function fitsTheScreen(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

/** The main menu, opened first where it is behind the 菜单 button (below a tablet's width). */
export async function mainMenu(page: Page) {
  const drawerButton = page.getByRole('banner').getByRole('button', { name: '菜单' });
  if (await drawerButton.isVisible()) {
    await openMenu(page);
    return page.getByRole('dialog', { name: '菜单' }).getByRole('navigation', { name: '主菜单' });
  }
  return page.getByRole('navigation', { name: '主菜单' });
}

/** On a phone, opens the menu drawer (the main menu is behind a 菜单 button there). */
export async function openMenu(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: '菜单' }).click();
  await expect(page.getByRole('dialog', { name: '菜单' })).toBeVisible();
}
