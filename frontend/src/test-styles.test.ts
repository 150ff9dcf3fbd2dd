// The shortcut in front of jsdom's style matching (test-styles.ts) never skips a rule that
// matches: for antd's kinds of selectors and harder ones, an element it would skip is one
// that element.matches() refuses too.
import { describe, expect, it } from 'vitest';

import { alternatives, type Wanted } from './test-styles';

const meets = (element: Element, w: Wanted) => w.classes.every((c) => element.classList.contains(c)) && (w.id === null || element.id === w.id);

const SELECTORS = [
  '.ant-btn',
  'a:where(.css-dev-only-do-not-override-1y106cm):hover',
  ':where(.css-dev-only-do-not-override-1y106cm).ant-select-dropdown .ant-select-item-option-state',
  '.css-x.ant-select-dropdown .ant-select-item-option-selected:not(.ant-select-item-option-disabled)',
  '.ant-select-item-option-selected:has(+ .ant-select-item-option-selected)+.ant-select-item-option-selected',
  'a:where(.css-x):active, a:where(.css-x):hover',
  '.a > .b, #main .c',
  '.a .b::before',
  '.b:is(.c, .d)',
  '.b:not(.c)',
  '#main',
  'div#main.a',
  '[class~="b"]',
  '.a>.b~.c',
  '*',
  'p',
];

describe('the style rules a shortcut may skip', () => {
  it('are only rules the element does not match', () => {
    document.body.innerHTML = `
      <div id="main" class="a css-x ant-select-dropdown">
        <p class="b c">one</p><p class="b d ant-select-item-option-selected">two</p>
        <span class="c ant-select-item-option-state ant-select-item-option-selected ant-btn">three</span>
        <a class="css-x ant-btn">four</a>
      </div>`;
    for (const selector of SELECTORS) {
      const wanted = alternatives(selector);
      if (!wanted) continue;
      for (const element of document.querySelectorAll('*')) {
        if (!wanted.some((w) => meets(element, w))) expect(element.matches(selector), `${selector} on ${element.outerHTML}`).toBe(false);
      }
    }
  });

  it('reads what the rightmost compound needs, and nothing inside parentheses', () => {
    expect(alternatives(':where(.css-x).ant-select-dropdown .ant-select-item-option-state')).toEqual([{ classes: ['ant-select-item-option-state'], id: null }]);
    expect(alternatives('.b:not(.c)')).toEqual([{ classes: ['b'], id: null }]);
    expect(alternatives('.a .b::before, #main')).toEqual([
      { classes: ['b'], id: null },
      { classes: [], id: 'main' },
    ]);
    expect(alternatives('div#main.a')).toEqual([{ classes: ['a'], id: 'main' }]);
  });

  it('still give getComputedStyle what the stylesheets say', () => {
    document.head.insertAdjacentHTML('beforeend', '<style>:where(.css-x).dropdown-hidden { display: none } .box .item:not(.shown) { visibility: hidden }</style>');
    document.body.innerHTML = '<div class="css-x dropdown-hidden">a</div><div class="css-x">b</div><div class="box"><p class="item">c</p><p class="item shown">d</p></div>';
    const [hidden, shown] = document.querySelectorAll('div');
    expect(getComputedStyle(hidden).display).toBe('none');
    expect(getComputedStyle(shown).display).toBe('block');
    const [invisible, visible] = document.querySelectorAll('p');
    expect(getComputedStyle(invisible).visibility).toBe('hidden');
    expect(getComputedStyle(visible).visibility).toBe('visible');
  });

  it('leaves what it cannot read simply to jsdom', () => {
    expect(alternatives('.a\\:b')).toBeNull();
    expect(alternatives('[title="a, b"]')).toBeNull();
    expect(alternatives('svg|rect')).toBeNull();
  });
});
