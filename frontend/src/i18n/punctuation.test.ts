// Chinese text takes full-width punctuation (，：？；（）！): a half-width comma or bracket
// in a sentence reads as a typo to a Chinese reader. Every zh-CN string is Chinese, even
// one made only of placeholders ('{{action}}：{{title}}'), so any half-width mark outside a
// placeholder, a web address or a time (10:30) is wrong.
import { describe, expect, it } from 'vitest';

import { zhCN } from './zh-CN';

const HALF_WIDTH = /[,:?;()!]/g;
const NOT_PROSE = [/\{\{[^}]*\}\}/g, /https?:\/\/\S+/g, /(?<=\d):(?=\d)/g];

/** Every string of a catalogue, with its key path. */
function strings(node: unknown, path: string[] = []): [string, string][] {
  if (typeof node === 'string') return [[path.join('.'), node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => strings(value, [...path, key]));
}

/** The half-width marks of `text`, ignoring placeholders, web addresses and times. */
function halfWidthMarks(text: string): string[] {
  const prose = NOT_PROSE.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
  return prose.match(HALF_WIDTH) ?? [];
}

describe('zh-CN punctuation', () => {
  it('finds the marks it is meant to find', () => {
    expect(halfWidthMarks('还没有账号?居民注册')).toEqual(['?']);
    expect(halfWidthMarks('{{name}}(全街道)')).toEqual(['(', ')']);
    expect(halfWidthMarks('{{action}}:{{title}}')).toEqual([':']);
    expect(halfWidthMarks('{{action}}：{{title}}，见 https://example.org/a?b=c 10:30')).toEqual([]);
  });

  it('uses full-width marks in every string', () => {
    const wrong = strings(zhCN)
      .filter(([, text]) => halfWidthMarks(text).length > 0)
      .map(([key, text]) => `${key}: ${text}`);
    expect(wrong).toEqual([]);
  });
});
