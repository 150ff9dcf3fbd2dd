// Every value of every enum in the contract has a label in both languages, so no screen
// ever shows a raw `elderly_disabled` to a resident.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { en } from './en';
import i18n, { setLanguage } from './index';
import { zhCN } from './zh-CN';

// Vitest runs from frontend/; the contract lives at the repository root.
const contract = readFileSync(resolve(process.cwd(), '../openapi.yaml'), 'utf8');

/** The `enum:` values of the named schema in openapi.yaml. */
function enumOf(schema: string): string[] {
  const block = contract.split(`\n    ${schema}:\n`)[1]?.split(/\n {4}\S/)[0] ?? '';
  return [...block.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1]);
}

const labelled = {
  DemandState: 'demandStates',
  DemandAction: 'demandActions',
  DemandAllowedAction: 'demandActions',
  DemandCategory: 'demandCategories',
  DemandSource: 'demandSources',
  Role: 'roles',
  UnitKind: 'unitKinds',
  CommunityType: 'communityTypes',
  OrganizationKind: 'organizationKinds',
  ProjectState: 'projectStates',
  ProjectAction: 'projectActions',
  ProjectAllowedAction: 'projectActions',
  ProjectCategory: 'projectCategories',
  ResourceKind: 'resourceKinds',
  ResourceState: 'resourceStates',
  ResourceAllowedAction: 'resourceActions',
  ClaimState: 'claimStates',
  ClaimAction: 'claimActions',
  ClaimSide: 'claimSides',
  CaseState: 'caseStates',
  CaseAllowedAction: 'caseActions',
  CaseEventAction: 'caseActions',
  Party: 'caseParties',
  FaultState: 'faultStates',
  FaultAction: 'faultActions',
  HandoverState: 'handoverStates',
  UpkeepAction: 'upkeepActions',
} as const;

describe('translations', () => {
  for (const [schema, section] of Object.entries(labelled)) {
    it(`label every ${schema}`, () => {
      const values = enumOf(schema);
      expect(values.length).toBeGreaterThan(1);
      for (const messages of [zhCN, en]) {
        expect(Object.keys(messages[section]).sort()).toEqual(expect.arrayContaining(values.sort()));
      }
    });
  }
});

describe('role hints', () => {
  it('explain every Role in both languages', () => {
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.roleHints).sort()).toEqual(enumOf('Role').sort());
    }
  });
});

describe('languages', () => {
  it('start in zh-CN with only its texts, and load English when it is chosen', async () => {
    expect(i18n.language).toBe('zh-CN');
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(false);
    await setLanguage('en');
    expect(i18n.t('nav.board')).toBe(en.nav.board);
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('gongzhi.language')).toBe('en');
    await setLanguage('zh-CN');
    expect(i18n.t('nav.board')).toBe(zhCN.nav.board);
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
