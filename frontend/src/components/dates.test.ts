// One format for every date and time on screen (2026-12-06, 2026-12-06 12:49), and no screen
// formatting one by itself: the admin's 2026/12/6 12:49:33 beside 2026-12-06 elsewhere came
// from a screen calling toLocaleString.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { formatClock, formatDate, formatDateTime, formatSpan } from './dates';

// Built in the reader's zone, so the expectations hold in any time zone the tests run in.
const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s).toISOString();

describe('dates', () => {
  it.each([
    [at(2026, 12, 6, 12, 49, 33), '2026-12-06', '2026-12-06 12:49'],
    [at(2026, 3, 1, 9, 5), '2026-03-01', '2026-03-01 09:05'],
    [at(2026, 1, 1, 0, 0), '2026-01-01', '2026-01-01 00:00'],
  ])('%s → %s, %s', (value, date, dateTime) => {
    expect(formatDate(value)).toBe(date);
    expect(formatDateTime(value)).toBe(dateTime);
  });

  it('shows a value that is no time as it came', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime('')).toBe('');
    expect(formatClock('later')).toBe('later');
  });

  it('says a span within one day once, across days in full', () => {
    expect(formatSpan(at(2026, 3, 10, 9), at(2026, 3, 10, 13))).toBe('2026-03-10 09:00–13:00');
    expect(formatSpan(at(2026, 3, 10, 9), at(2026, 3, 11, 12))).toBe('2026-03-10 09:00 – 2026-03-11 12:00');
  });
});

describe('screens', () => {
  const SRC = resolve(process.cwd(), 'src');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
    });
  // A date's own locale formatting, or a display pattern given to dayjs.
  const OWN_FORMAT = [/toLocaleDateString|toLocaleTimeString/, /new Date\([^)]*\)\.toLocaleString/, /\.format\(\s*'[YMDHhms]/];

  it('format dates only through components/dates.ts', () => {
    const offenders = sources(SRC)
      .filter((file) => !file.endsWith(join('components', 'dates.ts')))
      .filter((file) => OWN_FORMAT.some((pattern) => pattern.test(readFileSync(file, 'utf8'))))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
