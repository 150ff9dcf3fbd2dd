import i18n from 'i18next';
import { describe, expect, it } from 'vitest';

import { ApiError, type Problem } from '../../api/client';
import { inMatchOrder, lifecycleButtons, projectErrorText, requestsResources, suggestedQuantity, withheldTexts } from './rules';
import { demandIdsOf, toRequest, type NewProjectValues } from './NewProjectPage';

const t = i18n.t.bind(i18n);
const refusal = (code: string, detail = '', status = 409) =>
  new ApiError({ type: `urn:gongzhi:problem:${code}`, title: code, status, detail, code } satisfies Problem);

describe('lifecycleButtons', () => {
  it('offers exactly the lifecycle steps the API allows, in lifecycle order', () => {
    expect(lifecycleButtons(['cancel', 'publish'])).toEqual(['publish', 'cancel']);
    expect(lifecycleButtons(['post_progress', 'complete', 'cancel'])).toEqual(['complete', 'cancel']);
    expect(lifecycleButtons(['rate', 'inspect', 'claim'])).toEqual([]);
    expect(lifecycleButtons([])).toEqual([]);
  });
});

describe('withheldTexts', () => {
  const gap = { action: 'start' as const, code: 'funding_gap', detail: 'a funding gap of ¥30,000 remains: …' };
  it('says each step the API withholds, naming the rule with the gap as read', () => {
    expect(withheldTexts(t, { withheld_actions: [gap], gap_fen: 3_000_000 })).toEqual(['资金缺口 ¥30,000，尚不能开工']);
    expect(withheldTexts(t, { withheld_actions: [gap], gap_fen: 0 })).toEqual([gap.detail]);
    expect(withheldTexts(t, { withheld_actions: [{ action: 'publish', code: 'something_new', detail: 'why, in English' }], gap_fen: 0 })).toEqual([
      'why, in English',
    ]);
  });
  it('says nothing when nothing is withheld', () => {
    expect(withheldTexts(t, { withheld_actions: [], gap_fen: 3_000_000 })).toEqual([]);
  });
});

describe('requestsResources', () => {
  it('follows the API: the matches are for the one it lets request resources', () => {
    expect(requestsResources({ allowed_actions: ['cancel', 'request_resource'] })).toBe(true);
    expect(requestsResources({ allowed_actions: ['cancel'] })).toBe(false);
    expect(requestsResources({ allowed_actions: ['claim'] })).toBe(false);
  });
});

describe('projectErrorText', () => {
  it('says a funding gap in yuan from the project as read, else in the API’s own words (never read out of them)', () => {
    expect(projectErrorText(t, refusal('funding_gap', 'a funding gap of ¥9 remains'), { gap_fen: 1_200_000 })).toBe('资金缺口 ¥12,000，尚不能开工');
    expect(projectErrorText(t, refusal('funding_gap', 'a funding gap of ¥12,000.50 remains: …'), { gap_fen: 0 })).toBe(
      'a funding gap of ¥12,000.50 remains: …',
    );
    expect(projectErrorText(t, refusal('funding_gap', 'a funding gap of ¥3 remains'))).toBe('a funding gap of ¥3 remains');
  });
  it('names the rule of every other refusal in Chinese', () => {
    expect(projectErrorText(t, refusal('already_inspected'))).toBe('您本轮已经投过票');
    expect(projectErrorText(t, refusal('comment_required', '', 422))).toBe('不通过时请写明需要返工的内容');
    expect(projectErrorText(t, refusal('maintainer_kind', '', 422))).toBe('只能移交给物业服务企业');
    expect(projectErrorText(t, refusal('quantity_exceeds_remaining'))).toBe('申请数量超过了资源的剩余数量');
    expect(projectErrorText(t, refusal('stale_version'))).toBe('该记录已被他人修改，请刷新后重试');
    expect(projectErrorText(t, refusal('something_new', 'the server says why'))).toBe('the server says why');
  });
});

describe('suggestedQuantity', () => {
  it('asks for the gap in money, at most what the resource has left', () => {
    expect(suggestedQuantity({ kind: 'funds', remaining: 47_400_000 }, { gap_fen: 3_000_000 })).toBe(3_000_000);
    expect(suggestedQuantity({ kind: 'funds', remaining: 1_000_000 }, { gap_fen: 3_000_000 })).toBe(1_000_000);
  });
  it('asks for all that remains of anything else (or money once funded)', () => {
    expect(suggestedQuantity({ kind: 'materials', remaining: 140 }, { gap_fen: 3_000_000 })).toBe(140);
    expect(suggestedQuantity({ kind: 'funds', remaining: 500 }, { gap_fen: 0 })).toBe(500);
  });
});

describe('the new-project form', () => {
  const values: NewProjectValues = {
    title: ' 北门道闸改造 ',
    category: 'micro_governance',
    unit_id: 'u1',
    plan: '更换道闸',
    budget: '50000.5',
    gov_funds: '20000',
    required_approvals: 2,
    beneficiaries: undefined,
  };
  it('sends yuan as fen', () => {
    expect(toRequest(values, ['d1', 'd2'])).toEqual({
      demand_ids: ['d1', 'd2'],
      title: '北门道闸改造',
      category: 'micro_governance',
      unit_id: 'u1',
      description: '',
      plan: '更换道闸',
      budget_fen: 5_000_050,
      gov_funds_fen: 2_000_000,
      required_approvals: 2,
      beneficiaries: null,
    });
    expect(toRequest({ ...values, budget: '-1' }, ['d1'])).toBeNull();
  });
  it('reads the chosen demands from the address', () => {
    expect(demandIdsOf(new URLSearchParams('demand_ids=a,b,a'))).toEqual(['a', 'b']);
    expect(demandIdsOf(new URLSearchParams('demand_ids=a&demand_ids=c'))).toEqual(['a', 'c']);
    expect(demandIdsOf(new URLSearchParams(''))).toEqual([]);
  });
});

describe('inMatchOrder', () => {
  it('puts a co-builder’s resources in matching’s order, so the dialog preselects the money a short project needs', () => {
    const lamps = { id: 'lamps' };
    const money = { id: 'money' };
    const unmatched = { id: 'elsewhere' };
    const matches = [{ resource: { id: 'someone-else' } }, { resource: money }, { resource: lamps }];
    expect(inMatchOrder([unmatched, lamps, money], matches)).toEqual([money, lamps, unmatched]);
    expect(inMatchOrder([lamps, money], [])).toEqual([lamps, money]);
  });
});
