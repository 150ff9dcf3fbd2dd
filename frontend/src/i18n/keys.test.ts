// Every key a screen asks for is in the catalogues: keys are plain strings to TypeScript,
// so a renamed section (`states` → `demandStates`) would otherwise show a raw key on screen.
// Literal keys (`t('demand.title')`) must name a text; a key built from a value
// (`t(`demandStates.${state}`)`) must start with a section that exists.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { en } from './en';
import { zhCN } from './zh-CN';

const SRC = resolve(process.cwd(), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function lookup(messages: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

const code = sources(SRC).map((file) => readFileSync(file, 'utf8'));
const literal = new Set(code.flatMap((text) => [...text.matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => m[1])));
const prefixes = new Set(code.flatMap((text) => [...text.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)].map((m) => m[1])));

describe('keys in use', () => {
  it('finds the keys it is meant to find', () => {
    expect(literal).toContain('demand.title');
    expect(prefixes).toContain('demandStates');
  });

  for (const [language, messages] of Object.entries({ 'zh-CN': zhCN, en })) {
    it(`are all in ${language}`, () => {
      expect([...literal].filter((key) => typeof lookup(messages, key) !== 'string')).toEqual([]);
      expect([...prefixes].filter((key) => typeof lookup(messages, key) !== 'object')).toEqual([]);
    });
  }
});
