import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import type { Claim } from './api';
import { claimButtons, claimEffect, claimEffectText } from './effect';

const t = i18n.getFixedT('zh-CN');

const funds: Pick<Claim, 'quantity' | 'resource_kind' | 'resource_measure' | 'resource_remaining' | 'project_gap_fen' | 'project_state'> = {
  quantity: 2_000_000,
  resource_kind: 'funds',
  resource_measure: 'fen',
  resource_remaining: 47_400_000,
  project_gap_fen: 3_000_000,
  project_state: 'published',
};
const lamps = { ...funds, quantity: 40, resource_kind: 'materials' as const, resource_measure: '盏', resource_remaining: 140 };

describe('claimEffectText', () => {
  it('says what confirming money does to the resource and to the project’s gap', () => {
    expect(claimEffectText(funds, 'confirm', t)).toBe('确认后：资源剩余 ¥474,000 → ¥454,000；项目资金缺口 ¥30,000 → ¥10,000');
  });

  it('never shows a gap below zero: more money than the gap closes it', () => {
    expect(claimEffectText({ ...funds, project_gap_fen: 500_000 }, 'confirm', t)).toContain('项目资金缺口 ¥5,000 → ¥0');
    expect(claimEffectText({ ...funds, project_gap_fen: 0 }, 'confirm', t)).toBe('确认后：资源剩余 ¥474,000 → ¥454,000');
  });

  it('counts other kinds in their measure, with no gap', () => {
    expect(claimEffectText(lamps, 'confirm', t)).toBe('确认后：资源剩余 140 盏 → 100 盏');
  });

  it('gives back on release, and the gap reopens only for a project still raising funds', () => {
    expect(claimEffectText(funds, 'release', t)).toBe('释放后：资源剩余 ¥474,000 → ¥494,000；项目资金缺口 ¥30,000 → ¥50,000');
    expect(claimEffectText({ ...funds, project_state: 'cancelled' }, 'release', t)).toBe('释放后：资源剩余 ¥474,000 → ¥494,000');
  });

  it('says that declining, cancelling and delivering change no numbers', () => {
    expect(claimEffectText(funds, 'decline', t)).toBe('拒绝后：不作分配，资源剩余仍为 ¥474,000。');
    expect(claimEffectText(lamps, 'cancel', t)).toBe('撤回后：不作分配，资源剩余仍为 140 盏。');
    expect(claimEffectText(lamps, 'fulfil', t)).toBe('标记已交付：已分配的 40 盏 交付给项目，余量不变。');
  });
});

describe('claimEffect', () => {
  it('flags a confirmation asking more than remains (the server will refuse it)', () => {
    expect(claimEffect({ ...lamps, resource_remaining: 30 }, 'confirm').over).toBe(true);
    expect(claimEffect({ ...lamps, resource_remaining: 40 }, 'confirm').over).toBe(false);
    expect(claimEffect({ ...lamps, resource_remaining: 30 }, 'decline').over).toBe(false);
  });
});

describe('claimButtons', () => {
  it('draws only what allowed_actions offers, confirm first', () => {
    expect(claimButtons({ allowed_actions: ['decline', 'confirm'] })).toEqual(['confirm', 'decline']);
    expect(claimButtons({ allowed_actions: ['release', 'fulfil'] })).toEqual(['fulfil', 'release']);
    expect(claimButtons({ allowed_actions: [] })).toEqual([]);
  });
});
