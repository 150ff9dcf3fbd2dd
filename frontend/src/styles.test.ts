// The colon after a label is the language's (full-width in Chinese): the CSS draws it from one
// variable, never a half-width literal, and antd's own half-width colons (form labels,
// Descriptions without borders) are replaced by it in Chinese. The browser check is in
// tests/e2e/loose-ends.spec.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(process.cwd(), 'src');

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

const css = readFileSync(join(SRC, 'styles.css'), 'utf8');

describe('label colons', () => {
  it('are never a half-width literal in any stylesheet', () => {
    const literal = /content:\s*(['"])\s*[:：]\s*\1/;
    const offenders = stylesheets(SRC).filter((file) => literal.test(readFileSync(file, 'utf8').replace(/--label-colon:[^;]*;/g, '')));
    expect(offenders).toEqual([]);
  });

  it('are full-width in Chinese', () => {
    expect(css).toMatch(/html:lang\(zh\)\s*\{\s*--label-colon:\s*'：';/);
  });

  it("replace antd's own colons in Chinese: form labels and Descriptions", () => {
    expect(css).toMatch(/html:lang\(zh\) \.ant-form-item-label > label:not\(\.ant-form-item-no-colon\)::after \{\s*content: var\(--label-colon\)/);
    expect(css).toMatch(/html:lang\(zh\) \.ant-descriptions-item-label:not\(\.ant-descriptions-item-no-colon\)::after \{\s*content: var\(--label-colon\)/);
    expect(css).toMatch(/\.details dt::after \{\s*content: var\(--label-colon\)/);
  });
});
