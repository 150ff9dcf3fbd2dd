import { expect, test, type Page } from '@playwright/test';

import { signIn } from './support';

/** Every Content-Security-Policy violation the page reports, by event or on the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('the web app runs under its Content-Security-Policy, with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  const response = await page.goto('/board');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  await expect(page.getByRole('link', { name: '公示栏' })).toBeVisible();
  // The public board is plain HTML styled by the app's stylesheet…
  await expect(page.locator('.app-header')).toHaveCSS('background-color', 'rgb(0, 21, 41)');
  await signIn(page, 'admin');
  await expect(page.getByRole('link', { name: /组织|Org/ }).first()).toBeVisible();
  // …and the signed-in screens by Ant Design's CSS-in-JS (inline <style> is allowed, inline
  // script is not): its primary button is the theme's red.
  await page.goto('/admin/users');
  await expect(page.getByRole('button', { name: /新建用户/ })).toHaveCSS('background-color', 'rgb(200, 16, 46)');
  expect(violations).toEqual([]);
});

test('the API docs run under the same policy', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto('/docs');
  await expect(page).toHaveURL(/\/docs\/$/);
  await expect(page.locator('.swagger-ui .opblock').first()).toBeVisible();
  expect(violations).toEqual([]);
});
