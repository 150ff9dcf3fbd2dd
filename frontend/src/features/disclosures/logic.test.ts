// The logic behind 定期公示's screens: Beijing's days and the month before (the form's default),
// the API's period rules said before sending, the mark a check leads to, and reading a snapshot.
import { describe, expect, it } from 'vitest';

import { beijingToday, lastMonth, periodProblem } from './period';
import { figures, parseSnapshot, shortHash } from './snapshot';
import { SNAPSHOT } from './testing';
import { verifyState } from './verify';

describe('periods', () => {
  it('count days in Beijing, whatever the browser’s zone', () => {
    // 16:30 UTC is half past midnight the next day in Beijing.
    expect(beijingToday(new Date('2026-12-05T16:30:00Z'))).toBe('2026-12-06');
    expect(beijingToday(new Date('2026-12-05T15:59:59Z'))).toBe('2026-12-05');
  });

  it('offer the month before by default, across a year and in a leap February', () => {
    expect(lastMonth('2026-12-06')).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(lastMonth('2027-01-01')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(lastMonth('2028-03-31')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(lastMonth('2026-03-15')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
  });

  it('say what the API would refuse, by its codes', () => {
    const today = '2026-12-06';
    expect(periodProblem({ start: '2026-11-01', end: '2026-11-30' }, today)).toBeNull();
    expect(periodProblem({ start: '2026-12-05', end: '2026-12-05' }, today)).toBeNull();
    expect(periodProblem({ start: '2026-11-30', end: '2026-11-01' }, today)).toBe('period_order');
    expect(periodProblem({ start: '2026-12-01', end: '2026-12-06' }, today)).toBe('period_not_over');
    expect(periodProblem({ start: '2024-12-31', end: '2026-01-01' }, today)).toBe('period_length');
    expect(periodProblem({ start: '2025-01-01', end: '2025-12-31' }, today)).toBeNull();
  });
});

describe('the check’s mark', () => {
  const shown = { sha256: 'aa11', previous_sha256: null };

  it('is 校验中 until the server has answered', () => {
    expect(verifyState({}, shown)).toBe('pending');
  });

  it('is 已验证 only when the server says valid and recomputed the hash shown', () => {
    expect(verifyState({ data: { valid: true, sha256: 'aa11', previous_sha256: null } }, shown)).toBe('valid');
    expect(verifyState({ data: { valid: true, sha256: 'aa11' } }, shown)).toBe('valid');
  });

  it('is 校验未通过 when the server says not valid, or recomputed another hash or link', () => {
    expect(verifyState({ data: { valid: false, sha256: 'aa11', previous_sha256: null } }, shown)).toBe('invalid');
    expect(verifyState({ data: { valid: true, sha256: 'bb22', previous_sha256: null } }, shown)).toBe('invalid');
    expect(verifyState({ data: { valid: true, sha256: 'aa11', previous_sha256: 'cc33' } }, shown)).toBe('invalid');
  });

  it('proves nothing when the check could not be made', () => {
    expect(verifyState({ error: new Error('network') }, shown)).toBe('unavailable');
  });
});

describe('a snapshot', () => {
  it('is read from its canonical text, with its figures', () => {
    const s = parseSnapshot(JSON.stringify(SNAPSHOT));
    expect(s?.demands[0].title).toBe('楼道灯不亮');
    expect(s && figures(s)).toEqual({ demands: 1, projects: 1, resources: 1, budgetFen: 5_000_000, govFundsFen: 3_000_000, fundedFen: 1_000_000 });
  });

  it('that is not one this screen knows is not guessed at', () => {
    expect(parseSnapshot('not json')).toBeNull();
    expect(parseSnapshot('[]')).toBeNull();
    expect(parseSnapshot(JSON.stringify({ ...SNAPSHOT, demands: [{ title: 1 }] }))).toBeNull();
    expect(parseSnapshot(JSON.stringify({ ...SNAPSHOT, projects: undefined }))).toBeNull();
  });

  it('is named in a list by the start of its hash', () => {
    expect(shortHash('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
  });
});
