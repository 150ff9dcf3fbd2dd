import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import type { Claim } from './api';
import { claimButtons, claimEffectText, withheldText } from './effect';

const t = i18n.getFixedT('zh-CN');

const funds: Pick<Claim, 'quantity' | 'resource_kind' | 'resource_measure' | 'resource_remaining' | 'project_gap_fen'> = {
  quantity: 2_000_000,
  resource_kind: 'funds',
  resource_measure: 'fen',
  resource_remaining: 47_400_000,
  project_gap_fen: 3_000_000,
};
const lamps = { ...funds, quantity: 40, resource_kind: 'materials' as const, resource_measure: '盏', resource_remaining: 140 };

describe('claimEffectText', () => {
  it('says what confirming money does to the project’s gap, first, and to the resource', () => {
    expect(claimEffectText(funds, 'confirm', t)).toBe('确认后：项目资金缺口 ¥30,000 → ¥10,000；资源剩余 ¥474,000 → ¥454,000');
  });

  it('never shows a gap below zero: more money than the gap closes it', () => {
    expect(claimEffectText({ ...funds, project_gap_fen: 500_000 }, 'confirm', t)).toContain('项目资金缺口 ¥5,000 → ¥0');
    expect(claimEffectText({ ...funds, project_gap_fen: 0 }, 'confirm', t)).toBe('确认后：资源剩余 ¥474,000 → ¥454,000');
  });

  it('counts other kinds in their measure, with no gap', () => {
    expect(claimEffectText(lamps, 'confirm', t)).toBe('确认后：资源剩余 140 盏 → 100 盏');
  });

  it('gives back on release: the gap reopens by as much', () => {
    expect(claimEffectText(funds, 'release', t)).toBe('释放后：项目资金缺口 ¥30,000 → ¥50,000；资源剩余 ¥474,000 → ¥494,000');
    expect(claimEffectText(lamps, 'release', t)).toBe('释放后：资源剩余 140 盏 → 180 盏');
  });

  it('says that declining, cancelling and delivering change no numbers', () => {
    expect(claimEffectText(funds, 'decline', t)).toBe('拒绝后：不作分配，资源剩余仍为 ¥474,000。');
    expect(claimEffectText(lamps, 'cancel', t)).toBe('撤回后：不作分配，资源剩余仍为 140 盏。');
    expect(claimEffectText(lamps, 'fulfil', t)).toBe('标记已交付：已分配的 40 盏 交付给项目，余量不变。');
  });
});

describe('withheldText', () => {
  it('says a confirmation over the project’s gap with the gap and the claim’s amount, as the API read them', () => {
    const over = { ...funds, quantity: 5_000_000 };
    const detail = 'the project’s open funding gap is ¥30,000.00; ¥50,000.00 would exceed it';
    expect(withheldText(over, { action: 'confirm', code: 'over_gap', detail }, t)).toBe('暂不能确认：项目资金缺口仅剩 ¥30,000，本次 ¥50,000 超出缺口');
    expect(withheldText({ ...over, project_gap_fen: 0 }, { action: 'confirm', code: 'over_gap', detail }, t)).toBe('暂不能确认：项目资金已足额，无需再确认 ¥50,000');
  });

  it('says what remains when a confirmation asks more, and any other rule by its code or in the API’s words', () => {
    expect(withheldText({ ...lamps, resource_remaining: 30 }, { action: 'confirm', code: 'over_allocation', detail: '' }, t)).toBe(
      '暂不能确认：资源仅剩 30 盏，不足本次 40 盏',
    );
    expect(withheldText(funds, { action: 'release', code: 'money_final', detail: 'closed' }, t)).toBe(`暂不能释放：${t('errors.money_final')}`);
    expect(withheldText(funds, { action: 'confirm', code: 'brand_new_rule', detail: 'a rule in English' }, t)).toBe('暂不能确认：a rule in English');
  });
});

describe('claimButtons', () => {
  it('draws only what allowed_actions offers, confirm first', () => {
    expect(claimButtons({ allowed_actions: ['decline', 'confirm'] })).toEqual(['confirm', 'decline']);
    expect(claimButtons({ allowed_actions: ['release', 'fulfil'] })).toEqual(['fulfil', 'release']);
    expect(claimButtons({ allowed_actions: [] })).toEqual([]);
  });
});
