// Every step an account's history records has words in both languages: the steps the
// contract lists (`UserEvent.action` is a documented string, not an enum, so the catalogue
// test of enums does not reach it) are the ones 审计概览 labels.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { en } from '../../i18n/en';
import i18n from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';
import { ACCOUNT_ACTIONS, accountActionText, actorText, voterText } from './wording';

// Vitest runs from frontend/; the contract lives at the repository root.
const contract = readFileSync(resolve(process.cwd(), '../openapi.yaml'), 'utf8');
/** The words of `UserEvent.action`'s description: "create, grant, revoke, …". */
const documented = (contract.split('\n    UserEvent:\n')[1] ?? '').match(/\n {8}action:\n(?: {10}.*\n)*? {10}description: ([^\n]*)/)?.[1] ?? '';

const t = i18n.t.bind(i18n);

describe('account actions', () => {
  it('are the steps the contract documents', () => {
    const words = documented.replace(/\.$/, '').split(/,\s*/);
    expect(words.length).toBeGreaterThan(1);
    expect([...ACCOUNT_ACTIONS].sort()).toEqual(words.sort());
  });

  it('each have a label in both languages', () => {
    for (const messages of [zhCN, en]) expect(Object.keys(messages.accountActions).sort()).toEqual([...ACCOUNT_ACTIONS].sort());
  });

  it('name a granted or revoked role by its label', () => {
    expect(accountActionText(t, { action: 'grant', role: 'auditor' })).toBe('授予角色：监督');
    expect(accountActionText(t, { action: 'revoke', role: 'street_committee' })).toBe('撤销角色：街道党工委');
    expect(accountActionText(t, { action: 'disable', role: null })).toBe('停用账号');
  });
});

describe('who did it', () => {
  const event = { id: 'e', action: 'update', at: '', actor_id: 'a', actor_name: '区委管理员' };

  it('is the holder itself, another, or not recorded', () => {
    expect(actorText(t, { user_id: 'a', event })).toBe('操作人：本人');
    expect(actorText(t, { user_id: 'b', event })).toBe('操作人：区委管理员');
    expect(actorText(t, { user_id: 'b', event: { ...event, actor_id: null, actor_name: null } })).toBe('操作人：未记录');
  });

  it('votes with its organisation when known', () => {
    expect(voterText(t, { user_id: 'v', display_name: '王芳', organization_name: '金祥花园业主委员会' })).toBe('投票人：王芳（金祥花园业主委员会）');
    expect(voterText(t, { user_id: 'v', display_name: '王芳', organization_name: null })).toBe('投票人：王芳');
  });
});
