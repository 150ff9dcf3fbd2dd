// Every refusal the server can send is said in the reader's language, naming its rule: each
// problem `code` written in the Rust crates (a domain rule's, persistence's, the API's own)
// has a text under `errors` in both catalogues, the section every screen falls back on.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { en } from './en';
import { zhCN } from './zh-CN';

const ROOT = resolve(process.cwd(), '..');

function rust(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rust(path);
    return entry.name.endsWith('.rs') && entry.name !== 'tests.rs' ? [path] : [];
  });
}

/** `text` without its test modules: each `#[cfg(test)]` item up to its matching brace. */
function withoutTests(text: string): string {
  let out = '';
  let at = 0;
  for (let start = text.indexOf('#[cfg(test)]'); start !== -1; start = text.indexOf('#[cfg(test)]', at)) {
    out += text.slice(at, start);
    let depth = 0;
    let i = text.indexOf('{', start);
    for (; i !== -1 && i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) break;
    }
    at = i === -1 ? text.length : i + 1;
  }
  return out + text.slice(at);
}

/** The codes in a file's code, its test modules left out (code may follow one). */
function codesIn(text: string): string[] {
  const code = withoutTests(text);
  const patterns = [
    /Error::invalid\(\s*\$?"?\w+"?,\s*"([a-z_]+)"/g, // (field, code, message)
    /Error::(?:forbidden|conflict)\(\s*"([a-z_]+)"/g, // (code, message)
    /\bcode: "([a-z_]+)"/g, // ApiError { code, detail }
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1]));
}

const codes = new Set(['domain', 'persistence', 'api'].flatMap((crate) => rust(join(ROOT, crate, 'src'))).flatMap((file) => codesIn(readFileSync(file, 'utf8'))));

describe('problem codes', () => {
  it('are found in the crates', () => {
    for (const known of ['funding_gap', 'stale_version', 'over_allocation', 'not_editable', 'title_length']) expect(codes).toContain(known);
  });

  for (const [language, messages] of Object.entries({ 'zh-CN': zhCN, en })) {
    it(`each have a text in ${language}`, () => {
      const errors = messages.errors as Record<string, string>;
      expect([...codes].filter((code) => typeof errors[code] !== 'string').sort()).toEqual([]);
    });
  }
});
