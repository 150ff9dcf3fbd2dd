// What a screen must be for a hand on a phone (issue 20): nothing scrolls sideways, every
// visible control is at least `target` px on both sides, every visible text at least `text`
// px, and axe finds nothing serious or critical (in 长辈模式 also WCAG AAA's 7:1 contrast).
import { expect, type Page } from '@playwright/test';

import { axeOn, blockingViolations } from './axe';
import { fitsTheScreen } from './support';

/** Anything a finger taps. A checkbox or radio is tapped on its label, which holds it; an
 *  input inside antd's box on the box. */
const INTERACTIVE = [
  'a[href]',
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  '[role="button"]',
  '[role="switch"]',
  '[role="tab"]',
  '[role="radio"]',
  '[role="checkbox"]',
  '[role="link"]',
  '[role="combobox"]',
  '[role="menuitem"]',
].join(',');

interface Finding {
  what: string;
  size: string;
}

/** The controls smaller than `target` px, and the texts smaller than `text` px. */
async function measure(page: Page, target: number, text: number): Promise<{ small: Finding[]; tiny: Finding[] }> {
  return page.evaluate(
    ({ selector, target, text }) => {
      const shown = (element: Element) => {
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        if (element.closest('[aria-hidden="true"], [inert]')) return false;
        const box = element.getBoundingClientRect();
        // Clipped to a pixel for screen readers (.sr-only, antd's hidden inputs): not seen.
        return box.width > 1 && box.height > 1 && Number(style.opacity) > 0;
      };
      const name = (element: Element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 30) || element.getAttribute('aria-label') || ''}"`;
      const small: { what: string; size: string }[] = [];
      const seen = new Set<Element>();
      for (const found of document.querySelectorAll(selector)) {
        let element: Element = found;
        const type = (found as HTMLInputElement).type;
        if (found.tagName === 'INPUT' && (type === 'checkbox' || type === 'radio')) element = found.closest('label') ?? found;
        // An input inside antd's box (a select, a field with a counter or an icon): the whole
        // box is tapped, and focuses it.
        else if (found.tagName === 'INPUT') element = found.closest('.ant-input-affix-wrapper, .ant-select, .ant-picker, .ant-input-number') ?? found;
        // antd's tab takes the tap on the whole tab around its role="tab" label.
        else if (found.matches('.ant-tabs-tab-btn')) element = found.closest('.ant-tabs-tab') ?? found;
        // A link inside a sentence is exempt (WCAG 2.5.8's inline exception).
        if (element.matches('a.in-text')) continue;
        if (seen.has(element) || !shown(element)) continue;
        seen.add(element);
        const box = element.getBoundingClientRect();
        if (box.width < target - 0.5 || box.height < target - 0.5) small.push({ what: name(element), size: `${Math.round(box.width)}×${Math.round(box.height)}` });
      }
      const tiny: { what: string; size: string }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !(node.textContent ?? '').trim() || !shown(parent)) continue;
        if (parent.closest('script, style, noscript')) continue;
        const size = parseFloat(getComputedStyle(parent).fontSize);
        if (size < text - 0.01) tiny.push({ what: name(parent), size: `${size}px` });
      }
      return { small, tiny };
    },
    { selector: INTERACTIVE, target, text },
  );
}

/**
 * Checks the screen as it is now. `text`: the smallest text size allowed (0: none);
 * `aaa`: also WCAG AAA's enhanced contrast (7:1).
 */
export async function fitsAHand(page: Page, where: string, { target, text = 0, aaa = false }: { target: number; text?: number; aaa?: boolean }) {
  await fitsTheScreen(page);
  // Nothing still loading, nothing still moving.
  await expect(page.locator('[aria-busy="true"], .ant-spin-spinning, .ant-skeleton, .skeleton')).toHaveCount(0);
  await page.waitForTimeout(300);
  const { small, tiny } = await measure(page, target, text);
  const problems = [
    ...small.map((f) => `control under ${target} px: ${f.what} ${f.size}`),
    ...tiny.map((f) => `text under ${text} px: ${f.what} ${f.size}`),
    ...(await blockingViolations(page)).map((v) => `axe: ${v}`),
  ];
  if (aaa) {
    const { violations } = await axeOn(page).withRules(['color-contrast-enhanced']).analyze();
    problems.push(...violations.flatMap((v) => v.nodes.slice(0, 8).map((n) => `contrast under 7:1: ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(-1)[0]}`)));
  }
  // Said as one text: every problem of the screen at once, not the first few of a diff.
  expect(problems.join('\n'), where).toBe('');
}
