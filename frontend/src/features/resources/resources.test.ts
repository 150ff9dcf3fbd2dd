import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import type { Resource } from './api';
import { editBody, editValues, publishBody } from './publish';
import { withdrawEffectText } from './withdraw';

const t = i18n.getFixedT('zh-CN');
const ORG = '0190a000-0000-7000-8000-0000000000a1';
const UNIT = '0190a000-0000-7000-8000-0000000000a2';

describe('withdrawEffectText', () => {
  it('says what comes back and what stays with the projects', () => {
    expect(withdrawEffectText({ allocated: 2_600_000, remaining: 47_400_000, measure: 'fen' }, t)).toBe(
      '撤回未分配的 ¥474,000，已分配给项目的 ¥26,000 保留。',
    );
    expect(withdrawEffectText({ allocated: 60, remaining: 140, measure: '盏' }, t)).toBe('撤回未分配的 140 盏，已分配给项目的 60 盏 保留。');
    expect(withdrawEffectText({ allocated: 0, remaining: 3, measure: '处' }, t)).toBe('撤回全部 3 处，撤回后不能再被认领。');
  });
});

describe('publishBody', () => {
  it('sends funds as fen with the measure fen, whatever measure was typed before', () => {
    expect(publishBody(ORG, { kind: 'funds', title: ' 社区微改造基金 ', amount: 12000.5, measure: '盏', unit_id: UNIT })).toEqual({
      organization_id: ORG,
      kind: 'funds',
      title: '社区微改造基金',
      description: '',
      quantity: 1_200_050,
      measure: 'fen',
      unit_id: UNIT,
      available_until: null,
    });
  });

  it('sends other kinds as a count and its measure, lapsing at the end of the chosen day', () => {
    const day = dayjs('2027-03-01');
    const body = publishBody(ORG, { kind: 'personnel', title: '志愿讲解', quantity: 30, measure: ' 人次 ', unit_id: UNIT, available_until: day });
    expect(body).toMatchObject({ quantity: 30, measure: '人次', available_until: day.endOf('day').toISOString() });
  });

  it('makes no body from values the form refuses', () => {
    expect(publishBody(ORG, { kind: 'funds', title: '基金', amount: 0, unit_id: UNIT })).toBeUndefined();
    expect(publishBody(ORG, { kind: 'venue', title: '场地', quantity: 2, measure: ' ', unit_id: UNIT })).toBeUndefined();
    expect(publishBody(ORG, { kind: 'venue', title: '场', quantity: 2, measure: '处', unit_id: UNIT })).toBeUndefined();
    expect(publishBody(ORG, { kind: 'venue', title: '场地', quantity: 1.5, measure: '处', unit_id: UNIT })).toBeUndefined();
  });
});

describe('editBody', () => {
  const lamps = {
    id: 'r1',
    kind: 'materials',
    title: '太阳能路灯',
    description: '',
    quantity: 200,
    measure: '盏',
    allocated: 60,
    available_until: '2027-05-28T15:59:59.999Z',
    unit_id: UNIT,
    version: 4,
  } as Resource;

  it('sends only what changed, at the version read', () => {
    const values = editValues(lamps);
    expect(editBody(lamps, values)).toBeUndefined();
    expect(editBody(lamps, { ...values, quantity: 150, title: ' 太阳能路灯 ' })).toEqual({ version: 4, quantity: 150 });
    expect(editBody(lamps, { ...values, available_until: null })).toEqual({ version: 4, available_until: null });
    const later = dayjs('2027-08-01');
    expect(editBody(lamps, { ...values, available_until: later })).toEqual({ version: 4, available_until: later.endOf('day').toISOString() });
    expect(editBody(lamps, { ...values, title: '路' })).toBeUndefined();
  });

  it('reads funds back as yuan', () => {
    const fund = { ...lamps, kind: 'funds', measure: 'fen', quantity: 1_200_050 } as Resource;
    expect(editValues(fund).amount).toBe(12000.5);
    expect(editBody(fund, { ...editValues(fund), amount: 13000 })).toEqual({ version: 4, quantity: 1_300_000 });
  });
});
