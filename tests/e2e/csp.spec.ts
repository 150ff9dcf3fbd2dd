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
  // Ant Design's CSS-in-JS has styled the page (inline <style> is allowed, inline script is not).
  await expect(page.locator('.ant-layout').first()).toBeVisible();
  await signIn(page, 'admin');
  await expect(page.getByRole('link', { name: /组织|Org/ }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('the API docs run under the same policy', async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto('/docs');
  await expect(page).toHaveURL(/\/docs\/$/);
  await expect(page.locator('.swagger-ui .opblock').first()).toBeVisible();
  expect(violations).toEqual([]);
});
