// jsdom's getComputedStyle matches every rule of every stylesheet against the element, and
// antd's styles are two thousand rules: Testing Library asks for the style of each element
// it names or checks for visibility, and that matching was two thirds of the suite's time.
// A browser first skips the rules whose rightmost part names a class or id the element lacks;
// this does the same in front of jsdom's matcher, for the style lookups only (querySelector
// and matches() are untouched). A selector it cannot read simply (an escape, a quote, a
// namespace) goes to jsdom as before.
import { createRequire } from 'node:module';

export interface Wanted {
  classes: string[];
  id: string | null;
}

/** The classes and id the rightmost compound of one complex selector requires. */
function rightmost(selector: string): Wanted {
  let depth = 0;
  let start = 0;
  for (let i = selector.length - 1; i >= 0; i--) {
    const c = selector[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') depth--;
    else if (depth === 0 && (c === ' ' || c === '>' || c === '+' || c === '~')) {
      start = i + 1;
      break;
    }
  }
  const compound = selector.slice(start);
  const wanted: Wanted = { classes: [], id: null };
  depth = 0;
  for (let i = 0; i < compound.length; i++) {
    const c = compound[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === '.' || c === '#')) {
      const name = /^[\w-]+/.exec(compound.slice(i + 1))?.[0];
      if (!name) continue;
      if (c === '.') wanted.classes.push(name);
      else wanted.id = name;
      i += name.length;
    } else if (depth === 0 && c === ':') {
      // A pseudo-class's or pseudo-element's name is not a class.
      const name = /^:?[\w-]+/.exec(compound.slice(i + 1))?.[0] ?? '';
      i += name.length;
    }
  }
  return wanted;
}

/**
 * What each alternative of a selector list requires of the element itself, or null when the
 * selector is not simple to read. A rule none of whose alternatives the element meets cannot match it.
 */
export function alternatives(selector: string): Wanted[] | null {
  if (/[\\"'|]/.test(selector)) return null;
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(from, i));
      from = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(selector.slice(from));
  return parts.map((part) => rightmost(part.trim()));
}

/** What jsdom's style matching hands the checker: its own element, not the page's wrapper. */
interface ElementImpl {
  classList: { tokenSet: { contains(name: string): boolean } };
  getAttributeNS(namespace: null, name: string): string | null;
}

interface Checker {
  check(selector: string, node: ElementImpl, opt?: unknown): { match: boolean; pseudoElement: string | null };
}

const require = createRequire(import.meta.url);
const { implForWrapper } = require('jsdom/lib/jsdom/living/generated/utils.js') as {
  implForWrapper(wrapper: unknown): { _domSelector?: Checker } | null;
};

const selector = implForWrapper(document)?._domSelector;
if (selector) {
  const read = new Map<string, Wanted[] | null>();
  const check = selector.check.bind(selector);
  const miss = { match: false, ast: null, pseudoElement: null };
  selector.check = (text, node, opt) => {
    let wanted = read.get(text);
    if (wanted === undefined) {
      wanted = alternatives(text);
      read.set(text, wanted);
    }
    if (wanted) {
      const classes = node.classList.tokenSet;
      const has = (w: Wanted) => w.classes.every((c) => classes.contains(c)) && (w.id === null || node.getAttributeNS(null, 'id') === w.id);
      if (!wanted.some(has)) return miss;
    }
    return check(text, node, opt);
  };
}
