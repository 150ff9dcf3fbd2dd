// The import's messages: every one said in both languages with the same placeholders, so a
// missing or half translation fails here; the Chinese the script prints as it always has; a
// server's refusal in the reader's words for its code, else the server's own.
import { describe, expect, it } from 'vitest';

import { ApiError, type Problem } from '../api/core';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { CHINESE } from './labels';
import { callFailure, langOf, message, render, TEMPLATES, type Reader } from './messages';

const ENGLISH: Reader = { language: 'en', errors: en.errors };

const placeholders = (template: string): string[] => [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string).sort();

/** A refusal as the API client throws it, said later. */
const refused = (p: Pick<Problem, 'status' | 'code' | 'detail'> & Partial<Problem>) =>
  callFailure(new ApiError({ type: `urn:gongzhi:problem:${p.code}`, title: p.code, ...p }));

describe('import messages', () => {
  it('have a zh-CN and an English template for every code, with the same placeholders', () => {
    for (const [code, templates] of Object.entries(TEMPLATES)) {
      expect(templates['zh-CN'], code).toBeTruthy();
      expect(templates.en, code).toBeTruthy();
      expect(placeholders(templates.en), code).toEqual(placeholders(templates['zh-CN']));
    }
  });

  it('say in Chinese what the script has always printed', () => {
    expect(render(message('filled_without', { filled: '社区', missing: '街道' }), CHINESE)).toBe('填了社区，没有填街道');
    expect(render(message('unknown_label', { column: '角色', given: '主任', choices: '居民、社区工作者' }), CHINESE)).toBe('角色“主任”不认识，可填：居民、社区工作者');
    expect(render(message('several_districts', { names: ['二七区', '金水区'] }), CHINESE)).toBe('系统中有不止一个区（二七区、金水区），只能导入到唯一的区');
    expect(render(message('community_type_differs', { name: '兴华社区', held: message('community_type_unset'), given: '老旧社区' }), CHINESE)).toBe(
      '社区“兴华社区”已存在，类型为未定，与表中的“老旧社区”不同；未改动',
    );
  });

  it('say the same in English, the sheets’ headers and labels as the template has them', () => {
    expect(render(message('filled_without', { filled: '社区', missing: '街道' }), ENGLISH)).toBe('The 社区 column is filled in but 街道 is empty');
    expect(render(message('several_districts', { names: ['二七区', '金水区'] }), ENGLISH)).toBe(
      'The system has more than one district (二七区, 金水区); the import needs it to have exactly one',
    );
    expect(render(message('community_type_differs', { name: '兴华社区', held: message('community_type_unset'), given: '老旧社区' }), ENGLISH)).toBe(
      'The community “兴华社区” exists already as no type, not “老旧社区” as in the sheet; left unchanged',
    );
  });

  it('wrap a server’s refusal in the sentence: its code in the reader’s words, else as the server sent it', () => {
    const taken = refused({ status: 409, code: 'name_taken', detail: 'a unit of this name exists under this parent' });
    const failed = message('unit_create_failed', { unit: '淮河街道/兴华社区', reason: taken });
    expect(render(failed, CHINESE)).toBe(`新建“淮河街道/兴华社区”失败：${zhCN.errors.name_taken}（name_taken）`);
    expect(render(failed, ENGLISH)).toBe(`Creating “淮河街道/兴华社区” failed: ${en.errors.name_taken} (name_taken)`);

    const unknown = refused({ status: 400, code: 'no_such_code', detail: 'the server says why' });
    expect(render(message('call_failed', { reason: unknown }), ENGLISH)).toBe('the server says why (no_such_code)');

    const fields = refused({
      status: 422,
      code: 'validation',
      detail: 'invalid',
      errors: { username: ['bad username'], phone: ['bad phone'] },
      error_codes: { username: ['username_taken'], phone: ['no_such_code'] },
    });
    expect(render(message('call_failed', { reason: fields }), CHINESE)).toBe(`${zhCN.errors.username_taken}；phone: bad phone（username_taken, no_such_code）`);
    expect(render(message('call_failed', { reason: fields }), ENGLISH)).toBe(`${en.errors.username_taken}; phone: bad phone (username_taken, no_such_code)`);

    expect(render(message('call_failed', { reason: callFailure(new TypeError('Failed to fetch')) }), ENGLISH)).toBe('Failed to fetch');
  });

  it('take English for any English the app is in, Chinese otherwise', () => {
    expect(['en', 'en-GB', 'zh-CN', 'zh', undefined].map(langOf)).toEqual(['en', 'en', 'zh-CN', 'zh-CN', 'zh-CN']);
  });
});
