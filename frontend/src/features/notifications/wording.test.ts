// Every kind of notification the contract names is said in a sentence of its own, in both
// languages, about the record's title: a kind added to the API without wording here fails.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import type { NotificationKind } from './api';
import { notificationTarget, notificationText } from './wording';

// Vitest runs from frontend/; the contract lives at the repository root.
const contract = readFileSync(resolve(process.cwd(), '../openapi.yaml'), 'utf8');

/** The `enum:` values of the named schema in openapi.yaml. */
function enumOf(schema: string): string[] {
  const block = contract.split(`\n    ${schema}:\n`)[1]?.split(/\n {4}\S/)[0] ?? '';
  return [...block.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1]);
}

const KINDS = enumOf('NotificationKind') as NotificationKind[];
const TITLE = '楼道灯不亮';
const ID = '0190a000-0000-7000-8000-0000000000d1';

i18n.addResourceBundle('en', 'translation', en);
const languages = { 'zh-CN': i18n.getFixedT('zh-CN'), en: i18n.getFixedT('en') };

describe('notificationText', () => {
  it('knows the contract’s kinds', () => {
    expect(KINDS).toContain('demand_verified');
    expect(KINDS).toContain('claim_declined');
    expect(KINDS.length).toBeGreaterThan(10);
  });

  for (const [language, t] of Object.entries(languages)) {
    it(`says every kind in ${language}, each in its own sentence about the title`, () => {
      const sentences = KINDS.map((kind) => notificationText({ kind, title: TITLE }, t));
      sentences.forEach((sentence, i) => {
        expect(sentence, KINDS[i]).toContain(TITLE);
        expect(sentence, KINDS[i]).not.toMatch(/notificationKinds|\{\{/);
      });
      expect(new Set(sentences).size).toBe(KINDS.length);
    });
  }

  it('has wording for no kind the contract does not name', () => {
    for (const messages of [zhCN, en]) expect(Object.keys(messages.notificationKinds).sort()).toEqual([...KINDS].sort());
  });

  it('says the examples as written', () => {
    const t = languages['zh-CN'];
    expect(notificationText({ kind: 'demand_verified', title: TITLE }, t)).toBe('您的需求「楼道灯不亮」已受理并公示');
    expect(notificationText({ kind: 'rating_requested', title: '东门雨棚翻新' }, t)).toBe('项目「东门雨棚翻新」已结单，请评价');
    expect(notificationText({ kind: 'inspection_requested', title: '东门雨棚翻新' }, t)).toBe('项目「东门雨棚翻新」已完工，等待您验收');
    expect(notificationText({ kind: 'claim_awaiting', title: '东门雨棚翻新 · 专项资金' }, t)).toBe('认领「东门雨棚翻新 · 专项资金」等待您确认');
    expect(notificationText({ kind: 'hand_over', title: '东门雨棚翻新' }, t)).toBe('项目「东门雨棚翻新」已移交贵单位管护');
    expect(notificationText({ kind: 'demand_verified', title: TITLE }, languages.en)).toBe('Your demand “楼道灯不亮” was verified and published');
  });
});

describe('notificationTarget', () => {
  it('opens a demand and a project on their own pages, and a claim in the claims inbox', () => {
    expect(notificationTarget({ kind: 'demand_verified', entity: 'demand', entity_id: ID })).toBe(`/demands/${ID}`);
    expect(notificationTarget({ kind: 'demand_merged', entity: 'demand', entity_id: ID })).toBe(`/demands/${ID}`);
    expect(notificationTarget({ kind: 'rating_requested', entity: 'project', entity_id: ID })).toBe(`/projects/${ID}`);
    expect(notificationTarget({ kind: 'inspection_requested', entity: 'project', entity_id: ID })).toBe(`/projects/${ID}`);
    expect(notificationTarget({ kind: 'hand_over', entity: 'project', entity_id: ID })).toBe(`/projects/${ID}`);
    // One waiting for the reader is under 待我处理; an answered one only under 全部.
    expect(notificationTarget({ kind: 'claim_awaiting', entity: 'claim', entity_id: ID })).toBe('/claims');
    expect(notificationTarget({ kind: 'claim_confirmed', entity: 'claim', entity_id: ID })).toBe('/claims?tab=all');
  });

  it('opens a coordination case and a fault on their own pages', () => {
    for (const kind of ['case_opened', 'case_escalated', 'case_resolved', 'case_message'] as const) {
      expect(notificationTarget({ kind, entity: 'coordination_case', entity_id: ID })).toBe(`/cases/${ID}`);
    }
    for (const kind of ['fault_reported', 'fault_answered', 'fault_closed'] as const) {
      expect(notificationTarget({ kind, entity: 'fault', entity_id: ID })).toBe(`/faults/${ID}`);
    }
    // The street hears a hand-over's answer on the project.
    expect(notificationTarget({ kind: 'handover_declined', entity: 'project', entity_id: ID })).toBe(`/projects/${ID}`);
  });

  it('opens a volunteer activity’s notices on 志愿服务', () => {
    expect(notificationTarget({ kind: 'activity_cancelled', entity: 'volunteer_activity', entity_id: ID })).toBe('/volunteering');
    expect(notificationTarget({ kind: 'hours_recorded', entity: 'volunteer_activity', entity_id: ID })).toBe('/volunteering');
    const t = languages['zh-CN'];
    expect(notificationText({ kind: 'activity_cancelled', title: '敬老院探访' }, t)).toBe('您报名的活动「敬老院探访」已取消');
    expect(notificationText({ kind: 'hours_recorded', title: '楼道杂物清理' }, t)).toBe('您在「楼道杂物清理」的服务时长已登记');
  });

  it('leads nowhere for a record with no screen to open', () => {
    expect(notificationTarget({ kind: 'demand_verified', entity: 'user', entity_id: ID })).toBeNull();
  });
});
