// 批量导入 against a stubbed API: the chosen files are read in the browser and checked with
// reads alone (the failed rows said by row number and reason); 导入 sends the writes, each
// with an Idempotency-Key and a first password its holder must change; the passwords are
// offered once, as a CSV, and never put on the screen.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderDataRoute, stubApi, unitFixture, type Call } from '../../components/testing';
import { en } from '../../i18n/en';
import { setLanguage } from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';
import { ImportPage } from './ImportPage';

const DISTRICT = unitFixture('d1', '二七区', 'district', null);
const STREET = unitFixture('s1', '淮河街道', 'street', 'd1');

const csv = (name: string, rows: string[][]) => new File([`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}`], name, { type: 'text/csv' });

const UNITS = [
  ['街道', '社区', '社区类型', '小区'],
  ['淮河街道', '', '', ''],
  ['淮河街道', '兴华社区', '老旧社区', '金祥花园'],
  ['', '孤立社区', '新型社区', ''],
];
const PEOPLE = [
  ['姓名', '手机', '用户名', '角色', '街道', '社区', '小区', '组织名称', '党员'],
  ['李娜', '13800000001', '', '社区工作者', '淮河街道', '兴华社区', '', '', '是'],
  ['钱七', '13800000005', '', '主任', '淮河街道', '', '', '', ''],
];

async function workbook(): Promise<File> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of [['单位', UNITS], ['人员', PEOPLE]] as const) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  return new File([await book.xlsx.writeBuffer()], 'district.xlsx');
}

/** The district as the server holds it (淮河街道 already there), and each write answered as
 * made, unless `over` answers it. */
function serve(over: Parameters<typeof stubApi>[0] = {}): Call[] {
  const made = (body: Record<string, unknown>, extra: object) => json({ id: `new-${String(body.name ?? body.username)}`, ...body, created_at: '', updated_at: '', version: 1, ...extra }, 201);
  return stubApi({
    'GET /api/v1/org-units': ({ query }) => json({ items: query.get('kind') === 'district' ? [DISTRICT] : [DISTRICT, STREET], next_cursor: null }),
    'GET /api/v1/organizations': () => json({ items: [], next_cursor: null }),
    'GET /api/v1/users': () => json({ items: [], next_cursor: null }),
    'POST /api/v1/org-units': ({ body }) => made(body as Record<string, unknown>, {}),
    'POST /api/v1/users': ({ body }) => {
      const { username, display_name, phone, party_member, grant } = body as Schemas['NewUserRequest'];
      return made({ username, display_name, phone, party_member }, { disabled: false, password_change_required: true, allowed_actions: [], grants: [{ id: 'g', ...grant }] });
    },
    ...over,
  });
}

const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

async function choose(...files: File[]) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  await userEvent.upload(input, files);
}

const sheetNamed = (name: string) => screen.findByRole('region', { name });

let saved: { download: string; blob: Blob }[];

beforeEach(() => {
  saved = [];
  let last: Blob | undefined;
  // jsdom has no object URLs, and a click on a link would navigate.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    last = blob;
    return 'blob:test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (last) saved.push({ download: this.download, blob: last });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const open = () => renderDataRoute('/admin/import', '/admin/import', <ImportPage />);

describe('批量导入', { timeout: 30_000 }, () => {
  it('offers the template: the workbook and the three CSVs the build writes', () => {
    serve();
    open();
    const links = ['导入模板.xlsx', '单位.csv', '组织.csv', '人员.csv'].map((name) => screen.getByRole('link', { name: new RegExp(name) }));
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('download')])).toEqual([
      [`/templates/${encodeURIComponent('导入模板.xlsx')}`, '导入模板.xlsx'],
      [`/templates/${encodeURIComponent('单位.csv')}`, '单位.csv'],
      [`/templates/${encodeURIComponent('组织.csv')}`, '组织.csv'],
      [`/templates/${encodeURIComponent('人员.csv')}`, '人员.csv'],
    ]);
  });

  it('checks a workbook row by row and lists the failed rows with their reasons, writing nothing', async () => {
    const calls = serve();
    open();
    await choose(await workbook());

    const units = await sheetNamed('「单位」district.xlsx「单位」');
    expect(within(units).getByText('将新建 1，已有 1，失败 1')).toBeTruthy();
    expect(within(units).getByText('第4行')).toBeTruthy();
    expect(within(units).getByText('填了社区，没有填街道')).toBeTruthy();
    const people = await sheetNamed('「人员」district.xlsx「人员」');
    expect(within(people).getByText('将新建 1，已有 0，失败 1')).toBeTruthy();
    expect(within(people).getByText(/角色“主任”不认识/)).toBeTruthy();
    // The rows that would be created, on their own tab.
    await userEvent.click(within(people).getByText('将新建（1）'));
    expect(within(people).getByText('第2行')).toBeTruthy();
    expect(within(people).getByText(/李娜 · 13800000001 · 社区工作者/)).toBeTruthy();

    expect(screen.getByRole('button', { name: '导 入' })).toBeTruthy();
    expect(writes(calls)).toEqual([]);
    expect(calls.some((c) => c.path === '/api/v1/users' && c.query.get('q') === '13800000001')).toBe(true);
  });

  it('imports: the units level by level, then the accounts with a first password to change', async () => {
    const calls = serve();
    open();
    await choose(csv('units.csv', UNITS), csv('people.csv', PEOPLE));
    await userEvent.click(await screen.findByRole('button', { name: '导 入' }));

    expect(await screen.findByText('导入结果')).toBeTruthy();
    expect(within(await sheetNamed('「单位」units.csv')).getByText('新建 1，已有 1，失败 1')).toBeTruthy();
    const posted = writes(calls);
    expect(posted.map((c) => [c.path, (c.body as { name?: string; username?: string }).name ?? (c.body as { username: string }).username])).toEqual([
      ['/api/v1/org-units', '兴华社区'],
      ['/api/v1/org-units', '金祥花园'],
      ['/api/v1/users', '13800000001'],
    ]);
    expect(posted[0]?.body).toMatchObject({ parent_id: 's1', kind: 'community', community_type: 'old' });
    expect(posted[1]?.body).toMatchObject({ parent_id: 'new-兴华社区', kind: 'compound' });
    expect(posted[2]?.body).toMatchObject({
      display_name: '李娜',
      party_member: true,
      temporary_password: true,
      grant: { role: 'community_worker', unit_id: 'new-兴华社区' },
    });
    for (const call of posted) expect(call.headers.get('Idempotency-Key')).toMatch(/^gongzhi-admin-[0-9a-f]{64}$/);
    expect(within(await sheetNamed('「人员」people.csv')).getByText('新建 1，已有 0，失败 1')).toBeTruthy();
  });

  it('offers the new accounts’ first passwords once, as a CSV, and never on the screen', async () => {
    const calls = serve();
    open();
    await choose(csv('units.csv', UNITS), csv('people.csv', PEOPLE));
    await userEvent.click(await screen.findByRole('button', { name: '导 入' }));

    expect(await screen.findByText(/1 个新账号的初始密码只能在这里下载一次/)).toBeTruthy();
    expect(screen.getByText(/首次登录时须修改密码/)).toBeTruthy();
    const password = (writes(calls).find((c) => c.path === '/api/v1/users')?.body as { password: string }).password;
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{12}$/);
    expect(document.body.textContent).not.toContain(password);

    await userEvent.click(screen.getByRole('button', { name: /下载初始密码/ }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.download).toBe('新账号初始密码.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await saved[0]!.blob.arrayBuffer());
    expect(text).toBe(`\uFEFF用户名,姓名,手机,角色,范围,初始密码（首次登录须修改）\n13800000001,李娜,13800000001,社区工作者,淮河街道/兴华社区,${password}\n`);

    // Once: the button is gone, and the page keeps them no more.
    expect(screen.queryByRole('button', { name: /下载初始密码/ })).toBeNull();
    expect(screen.getByText(/初始密码已下载，此页不再保留/)).toBeTruthy();
  });
});

describe('批量导入 in the reader’s language', { timeout: 30_000 }, () => {
  afterEach(() => setLanguage('zh-CN'));

  const said = {
    'zh-CN': {
      place: '填了社区，没有填街道',
      role: '角色“主任”不认识，可填：',
      meanwhile: '“淮河街道/兴华社区”在导入期间已由他人新建（name_taken）：再导入一次即沿用它',
      start: '导 入',
      done: zhCN.import.done,
      file: /^notes\.csv：认不出是哪一种表，表头应为 「单位」街道、社区、社区类型、小区；或 「组织」组织名称、/,
    },
    en: {
      place: 'The 社区 column is filled in but 街道 is empty',
      role: 'The 角色 “主任” is not one we know; it may be: ',
      meanwhile: '“淮河街道/兴华社区” was created by someone else during the import (name_taken): import again to go on with it',
      start: en.import.start,
      done: en.import.done,
      file: /^notes\.csv: not one of the import’s sheets; its headers should be 「单位」街道, 社区, 社区类型, 小区; or 「组织」组织名称, /,
    },
  } as const;

  for (const language of ['zh-CN', 'en'] as const) {
    const words = said[language];

    it(`says each failed row’s reason in ${language}, the sheet’s headers as the template has them`, async () => {
      await setLanguage(language);
      serve();
      open();
      await choose(await workbook());

      expect(within(await sheetNamed('「单位」district.xlsx「单位」')).getByText(words.place)).toBeTruthy();
      const people = await sheetNamed('「人员」district.xlsx「人员」');
      expect(within(people).getByText(new RegExp(`^${words.role}`))).toBeTruthy();
      // The labels a cell may take are the template's, Chinese in both.
      expect(within(people).getByText(/社区工作者/)).toBeTruthy();
    });

    it(`says in ${language} why a row failed when the server refused its write`, async () => {
      await setLanguage(language);
      // Someone else made 兴华社区 between the check and the write.
      serve({ 'POST /api/v1/org-units': () => problem(409, 'name_taken', 'an org unit with this name exists under this parent') });
      open();
      await choose(csv('units.csv', UNITS), csv('people.csv', PEOPLE));
      await userEvent.click(await screen.findByRole('button', { name: words.start }));

      expect(await screen.findByText(words.done)).toBeTruthy();
      expect(within(await sheetNamed('「单位」units.csv')).getByText(words.meanwhile)).toBeTruthy();
      // The account at 兴华社区 fails for the same reason, and nothing else is sent for it.
      expect(within(await sheetNamed('「人员」people.csv')).getByText(words.meanwhile)).toBeTruthy();
    });

    it(`refuses a file that is no sheet in ${language}`, async () => {
      await setLanguage(language);
      serve();
      open();
      await choose(csv('notes.csv', [['序号', '备注'], ['1', 'x']]));
      expect((await screen.findByRole('alert')).textContent).toMatch(words.file);
    });
  }

  it('keeps the server’s own words for a code the app has no text for', async () => {
    await setLanguage('en');
    serve({ 'POST /api/v1/org-units': () => problem(409, 'no_such_code', 'the server says why') });
    open();
    await choose(csv('units.csv', UNITS));
    await userEvent.click(await screen.findByRole('button', { name: en.import.start }));
    expect(await screen.findByText(en.import.done)).toBeTruthy();
    expect(within(await sheetNamed('「单位」units.csv')).getByText('Creating “淮河街道/兴华社区” failed: the server says why (no_such_code)')).toBeTruthy();
    expect(en.errors).not.toHaveProperty('no_such_code');
  });
});
