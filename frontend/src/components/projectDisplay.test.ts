import { describe, expect, it } from 'vitest';

import type { Schemas } from '../api/client';
import { projectDisplay, type MoneyStanding } from './projectDisplay';

/**
 * Each state with the last posted percentage 40: the bar drawn (or none) and where the money
 * stands. A finished project is 100% whatever was posted last; a cancelled one draws no bar
 * and its money is released, never "secured".
 */
const TABLE: [Schemas['ProjectState'], number | null, MoneyStanding][] = [
  ['draft', null, 'raising'],
  ['published', null, 'raising'],
  ['in_progress', 40, 'secured'],
  ['completed', 100, 'secured'],
  ['closed', 100, 'secured'],
  ['cancelled', null, 'released'],
];

describe('projectDisplay', () => {
  it.each(TABLE)('%s: progress %s, money %s', (state, progress, money) => {
    expect(projectDisplay({ state, progress_percent: 40 })).toEqual({ progress, money });
  });

  it('covers every state the contract names', () => {
    const states: Schemas['ProjectState'][] = ['draft', 'published', 'in_progress', 'completed', 'closed', 'cancelled'];
    expect(TABLE.map(([s]) => s)).toEqual(states);
  });

  it('keeps a posted percentage inside 0–100', () => {
    expect(projectDisplay({ state: 'in_progress', progress_percent: 140 }).progress).toBe(100);
    expect(projectDisplay({ state: 'in_progress', progress_percent: -5 }).progress).toBe(0);
    expect(projectDisplay({ state: 'closed', progress_percent: 0 }).progress).toBe(100);
  });
});
