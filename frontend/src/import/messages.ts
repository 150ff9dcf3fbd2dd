// What the import says about a row, a file or a refused call, in zh-CN and English: the check
// and the writes keep a code and its parameters, and whoever shows them says them in its
// reader's language (the script in Chinese, the web screen in the app's). No i18next here:
// the admin script runs this code in Node. The sheets' headers (街道, 社区, 姓名…) are the
// template's own and stay Chinese in both languages, as do the labels a cell takes.
import { ApiError, type Problem } from '../api/core.js';

export type Lang = 'zh-CN' | 'en';

/** Every code with its templates; a placeholder is `{{name}}`, the same in both languages. */
export const TEMPLATES = {
  filled_without: { 'zh-CN': '填了{{filled}}，没有填{{missing}}', en: 'The {{filled}} column is filled in but {{missing}} is empty' },
  empty: { 'zh-CN': '没有填{{column}}', en: 'The {{column}} column is empty' },
  unknown_label: { 'zh-CN': '{{column}}“{{given}}”不认识，可填：{{choices}}', en: 'The {{column}} “{{given}}” is not one we know; it may be: {{choices}}' },
  not_yes_no: { 'zh-CN': '{{column}}应填“是”或“否”，不是“{{given}}”', en: 'The {{column}} column takes “是” (yes) or “否” (no), not “{{given}}”' },
  community_type_conflict: {
    'zh-CN': '社区类型“{{given}}”与第{{line}}行的“{{first}}”不同',
    en: 'The 社区类型 “{{given}}” differs from “{{first}}” on row {{line}}',
  },
  new_community_needs_type: {
    'zh-CN': '社区“{{name}}”是新的，须填社区类型（{{choices}}）',
    en: 'The community “{{name}}” is new: its 社区类型 is needed ({{choices}})',
  },
  community_type_differs: {
    'zh-CN': '社区“{{name}}”已存在，类型为{{held}}，与表中的“{{given}}”不同；未改动',
    en: 'The community “{{name}}” exists already as {{held}}, not “{{given}}” as in the sheet; left unchanged',
  },
  community_type_unset: { 'zh-CN': '未定', en: 'no type' },
  unit_unknown: {
    'zh-CN': '单位“{{path}}”既不在系统中，也不在「单位」表的有效行中',
    en: 'The unit “{{path}}” is neither in the system nor on a valid row of the 「单位」 sheet',
  },
  organization_kind_differs: {
    'zh-CN': '{{unit}} 已有组织“{{name}}”，类型为{{held}}；未改动',
    en: '{{unit}} already has an organisation “{{name}}”, of the type {{held}}; left unchanged',
  },
  no_username: {
    'zh-CN': '手机和用户名都没有填：至少填一个，用来登录',
    en: 'Neither 手机 nor 用户名 is filled in: fill in at least one, to sign in with',
  },
  username_repeated: { 'zh-CN': '用户名 {{username}} 与第{{line}}行重复', en: 'The username {{username}} is on row {{line}} already' },
  organization_unknown: {
    'zh-CN': '组织“{{name}}”既不在系统中，也不在「组织」表的有效行中',
    en: 'The organisation “{{name}}” is neither in the system nor on a valid row of the 「组织」 sheet',
  },
  organization_ambiguous: {
    'zh-CN': '有 {{count}} 个组织叫“{{name}}”（{{units}}），请填写它所在的街道/社区/小区',
    en: '{{count}} organisations are called “{{name}}” ({{units}}): fill in the 街道/社区/小区 of the one meant',
  },
  username_exists_without_role: {
    'zh-CN': '用户名 {{username}} 已有账号（{{name}}），但它没有这一角色；未改动',
    en: 'The username {{username}} has an account already ({{name}}), but without this role; left unchanged',
  },
  username_lookup_failed: { 'zh-CN': '查不到用户名 {{username}}：{{reason}}', en: 'Could not look up the username {{username}}: {{reason}}' },
  no_district: { 'zh-CN': '系统中还没有区：先运行 gongzhi create-admin', en: 'The system has no district yet: run gongzhi create-admin first' },
  several_districts: {
    'zh-CN': '系统中有不止一个区（{{names}}），只能导入到唯一的区',
    en: 'The system has more than one district ({{names}}); the import needs it to have exactly one',
  },
  district_unreadable: { 'zh-CN': '读不到区 {{name}} 的下级单位', en: 'Could not read the units of the district {{name}}' },
  unit_create_failed: { 'zh-CN': '新建“{{unit}}”失败：{{reason}}', en: 'Creating “{{unit}}” failed: {{reason}}' },
  // The check found no such unit or organisation, and by the write someone else had made one
  // (409 name_taken): the next run finds it and goes on below it.
  unit_taken_meanwhile: {
    'zh-CN': '“{{unit}}”在导入期间已由他人新建（name_taken）：再导入一次即沿用它',
    en: '“{{unit}}” was created by someone else during the import (name_taken): import again to go on with it',
  },
  organization_taken_meanwhile: {
    'zh-CN': '{{unit}} 的组织“{{name}}”在导入期间已由他人新建（name_taken）：再导入一次即沿用它',
    en: 'The organisation “{{name}}” at {{unit}} was created by someone else during the import (name_taken): import again to go on with it',
  },
  organization_create_failed: { 'zh-CN': '新建组织失败：{{reason}}', en: 'Creating the organisation failed: {{reason}}' },
  not_created: { 'zh-CN': '未能新建', en: 'Not created' },
  place_not_created: { 'zh-CN': '“{{where}}”未能新建', en: '“{{where}}” was not created' },
  // A call the server (or the network) refused, in the words it gave.
  call_failed: { 'zh-CN': '{{reason}}', en: '{{reason}}' },
  problem: { 'zh-CN': '{{said}}（{{codes}}）', en: '{{said}} ({{codes}})' },
  unknown_sheet: {
    'zh-CN': '{{source}}：认不出是哪一种表，表头应为 {{units}}；或 {{organizations}}；或 {{people}}',
    en: '{{source}}: not one of the import’s sheets; its headers should be {{units}}; or {{organizations}}; or {{people}}',
  },
  sheet_headers: { 'zh-CN': '「{{title}}」{{headers}}', en: '「{{title}}」{{headers}}' },
  missing_columns: { 'zh-CN': '{{source}}：缺少列 {{columns}}', en: '{{source}}: columns missing: {{columns}}' },
  not_a_sheet_file: { 'zh-CN': '{{file}}：只能导入 .xlsx 或 .csv 文件', en: '{{file}}: only .xlsx and .csv files can be imported' },
  sheet_given_twice: { 'zh-CN': '「{{title}}」表给了不止一份：{{sources}}', en: 'The 「{{title}}」 sheet was given more than once: {{sources}}' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageCode = keyof typeof TEMPLATES;

/** The placeholders of a template. */
type NamesIn<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | NamesIn<Rest> : never;
type NamesOf<C extends MessageCode> = NamesIn<(typeof TEMPLATES)[C]['zh-CN']>;

/** What fills a placeholder: a cell's text or a number, a list (said with the language's
 * 、 or comma), a message of its own, or a problem the server sent (said with the reader's
 * texts for its codes, else in the server's words). */
export type Param = string | number | readonly string[] | Message | { problem: Problem };

export type Message = { [C in MessageCode]: { code: C; params: { readonly [P in NamesOf<C>]: Param } } }[MessageCode];

export function message<C extends MessageCode>(
  code: C,
  ...[params]: [NamesOf<C>] extends [never] ? [] : [{ readonly [P in NamesOf<C>]: Param }]
): Message {
  return { code, params: params ?? {} } as Message;
}

/** Who reads a message: the language, and that language's texts for the server's codes (the
 * web app's `errors`). */
export interface Reader {
  language: Lang;
  errors: Readonly<Record<string, string>>;
}

/** The app's language as i18next names it ('en', 'en-GB', 'zh-CN'): English or else Chinese. */
export function langOf(language: string | undefined): Lang {
  return language?.startsWith('en') ? 'en' : 'zh-CN';
}

const SEPARATORS: Record<Lang, { list: string; clause: string }> = {
  'zh-CN': { list: '、', clause: '；' },
  en: { list: ', ', clause: '; ' },
};

export function render(m: Message, reader: Reader): string {
  const template: string = TEMPLATES[m.code][reader.language];
  const params: Readonly<Record<string, Param>> = m.params;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const param = params[name];
    return param === undefined ? '' : said(param, reader);
  });
}

function said(param: Param, reader: Reader): string {
  if (typeof param === 'string' || typeof param === 'number') return String(param);
  if (isList(param)) return param.join(SEPARATORS[reader.language].list);
  if ('problem' in param) return problemSaid(param.problem, reader);
  return render(param, reader);
}

function isList(param: Param): param is readonly string[] {
  return Array.isArray(param);
}

/** A reader's text for a code, when it has one that needs nothing filled in. */
function sayCode(code: string | undefined, reader: Reader): string | undefined {
  const text = code === undefined ? undefined : reader.errors[code];
  return text && !text.includes('{{') ? text : undefined;
}

/** Each field's message, else the problem's, in the reader's words where it has them, with
 * the stable codes for whoever looks them up. */
function problemSaid(p: Problem, reader: Reader): string {
  const fields = Object.entries(p.errors ?? {}).flatMap(([field, messages]) =>
    messages.map((text, i) => sayCode(p.error_codes?.[field]?.[i], reader) ?? `${field}: ${text}`),
  );
  const codes = Object.values(p.error_codes ?? {}).flat();
  const saidText = fields.length ? fields.join(SEPARATORS[reader.language].clause) : (sayCode(p.code, reader) ?? p.detail);
  return render(message('problem', { said: saidText, codes: codes.length ? codes.join(', ') : p.code }), reader);
}

/** Why a call failed, kept to be said later: the server's problem, or the error's own words
 * (a network failure). */
export function callFailure(e: unknown): Param {
  if (e instanceof ApiError) return { problem: e.problem };
  return e instanceof Error ? e.message : String(e);
}
