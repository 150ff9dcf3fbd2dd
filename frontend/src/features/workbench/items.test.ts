// Every kind of work the contract names has a card: wording in both languages (what it is
// and a short hint) and a link; no wording for a kind it does not name. A count is shown as
// the list holds it, "99+" beyond 99; kinds with nothing waiting come last.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import type { WorkCount, WorkItem } from './api';
import { byWaiting, countText, WORK_TARGETS, workTarget } from './items';

// Vitest runs from frontend/; the contract lives at the repository root.
const contract = readFileSync(resolve(process.cwd(), '../openapi.yaml'), 'utf8');

/** The `enum:` values of the named schema in openapi.yaml. */
function enumOf(schema: string): string[] {
  const block = contract.split(`\n    ${schema}:\n`)[1]?.split(/\n {4}\S/)[0] ?? '';
  return [...block.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1]);
}

const ITEMS = enumOf('WorkItem') as WorkItem[];

i18n.addResourceBundle('en', 'translation', en);
const languages = { 'zh-CN': i18n.getFixedT('zh-CN'), en: i18n.getFixedT('en') };

describe('work items', () => {
  it('are read from the contract', () => {
    expect(ITEMS).toContain('demands_to_verify');
    expect(ITEMS).toContain('notifications_unread');
    expect(ITEMS.length).toBeGreaterThan(10);
  });

  for (const [language, t] of Object.entries(languages)) {
    it(`are each named, with a hint, in ${language}`, () => {
      const labels = ITEMS.map((item) => t(`workItems.${item}.label`));
      const hints = ITEMS.map((item) => t(`workItems.${item}.hint`));
      [...labels, ...hints].forEach((text) => {
        expect(text).not.toMatch(/workItems|\{\{/);
        expect(text.trim()).not.toBe('');
      });
      expect(new Set(labels).size).toBe(ITEMS.length);
    });
  }

  it('have wording and links for no kind the contract does not name', () => {
    for (const messages of [zhCN, en]) expect(Object.keys(messages.workItems).sort()).toEqual([...ITEMS].sort());
    expect(Object.keys(WORK_TARGETS).sort()).toEqual([...ITEMS].sort());
  });

  it('each lead to a screen of the app', () => {
    for (const item of ITEMS) expect(workTarget(item), item).toMatch(/^\/[a-z]/);
  });

  it('lead to the lists their counts are taken from, with the same filter', () => {
    expect(workTarget('demands_to_verify')).toBe('/queue?state=submitted');
    expect(workTarget('demands_overdue')).toBe('/queue?overdue=true');
    expect(workTarget('claims_awaiting')).toBe('/claims');
    expect(workTarget('projects_to_inspect')).toBe('/inspections');
    expect(workTarget('cases_open')).toBe('/cases?state=open');
    expect(workTarget('cases_escalated')).toBe('/cases?state=escalated');
    expect(workTarget('handovers_pending')).toBe('/faults');
    expect(workTarget('faults_open')).toBe('/faults?state=open');
    expect(workTarget('activities_upcoming')).toBe('/volunteering/manage');
    expect(workTarget('my_signups')).toBe('/volunteering');
    expect(workTarget('ratings_to_give')).toBe('/my/demands');
    expect(workTarget('my_demands_open')).toBe('/my/demands');
    expect(workTarget('notifications_unread')).toBe('/notifications?unread=1');
  });

  it('say the example as written', () => {
    expect(languages['zh-CN']('workItems.demands_to_verify.label')).toBe('待受理需求');
    expect(languages['zh-CN']('workItems.handovers_pending.label')).toBe('待接管项目');
    expect(languages.en('workItems.demands_to_verify.label')).toBe('Demands to verify');
  });
});

describe('countText', () => {
  it('shows a count as it is, and "99+" beyond 99 or where the API stopped counting', () => {
    expect(countText({ count: 0, at_least: false })).toBe('0');
    expect(countText({ count: 7, at_least: false })).toBe('7');
    expect(countText({ count: 99, at_least: false })).toBe('99');
    expect(countText({ count: 100, at_least: true })).toBe('99+');
    expect(countText({ count: 250, at_least: false })).toBe('99+');
    expect(countText({ count: 20, at_least: true })).toBe('20+');
  });
});

describe('byWaiting', () => {
  it('keeps the API’s order, with the kinds that have nothing waiting last', () => {
    const items: WorkCount[] = [
      { item: 'demands_to_verify', count: 0, at_least: false },
      { item: 'cases_open', count: 2, at_least: false },
      { item: 'faults_open', count: 0, at_least: false },
      { item: 'notifications_unread', count: 5, at_least: false },
    ];
    expect(byWaiting(items).map((i) => i.item)).toEqual(['cases_open', 'notifications_unread', 'demands_to_verify', 'faults_open']);
  });
});
