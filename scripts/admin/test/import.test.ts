// import against the real server: a workbook and CSV files in, the records out through the
// API; a rerun creates nothing; a wrong row creates nothing and is named by its row number.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

import { listAll, unwrap, type Api, type Schemas } from '../src/api/client.js';
import { ADMIN_PASSWORD, Server, type Result } from './support.js';

const UNITS = [
  ['街道', '社区', '社区类型', '小区'],
  ['淮河街道', '', '', ''],
  ['淮河街道', '兴华社区', '老旧社区', '金祥花园'],
  ['淮河街道', '兴华社区', '', '亚新小区'],
  ['京广街道', '祥云社区', '新型', ''],
  ['', '孤立社区', '新型社区', ''],
];
const ORGANIZATIONS = [
  ['组织名称', '类型', '街道', '社区', '小区', '红色物业'],
  ['金祥花园业主委员会', '居民自治组织', '淮河街道', '兴华社区', '金祥花园', '否'],
  ['亚新红色物业', '物业服务企业', '淮河街道', '兴华社区', '亚新小区', '是'],
  ['二七区住建局', '政府部门', '', '', '', ''],
];
const PEOPLE = [
  ['姓名', '手机', '用户名', '角色', '街道', '社区', '小区', '组织名称', '党员'],
  ['李娜', '13800000001', '', '社区工作者', '淮河街道', '兴华社区', '', '', '是'],
  ['王强', '13800000002', 'wangqiang', '街道党工委', '淮河街道', '', '', '', '否'],
  ['赵敏', '13800000003', '', '自治组织成员', '', '', '', '金祥花园业主委员会', ''],
  ['陈杰', '13800000004', '', '共建单位', '', '', '', '二七区住建局', '是'],
  ['钱七', '13800000005', '', '主任', '淮河街道', '', '', '', ''],
  ['孙八', '12345', '', '社区工作者', '淮河街道', '兴华社区', '', '', ''],
];

async function workbook(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of [['单位', UNITS], ['组织', ORGANIZATIONS], ['人员', PEOPLE]] as const) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  await book.xlsx.writeFile(path);
}

async function units(api: Api): Promise<Schemas['OrgUnit'][]> {
  return listAll((cursor) => unwrap(api.GET('/api/v1/org-units', { params: { query: { limit: 100, cursor } } })));
}

async function user(api: Api, username: string): Promise<Schemas['User'] | undefined> {
  const found = await unwrap(api.GET('/api/v1/users', { params: { query: { q: username, limit: 100 } } }));
  return found.items.find((u) => u.username === username);
}

async function accountsFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.startsWith('gongzhi-accounts-')).map((f) => join(dir, f));
}

function output(r: Result): string {
  return r.stdout + r.stderr;
}

describe('import', () => {
  let server: Server;
  let api: Api;
  let dir: string;

  before(async () => {
    server = await Server.start('empty');
    api = (await server.as('admin', ADMIN_PASSWORD)).api;
    dir = await mkdtemp(join(tmpdir(), 'gongzhi-import-'));
    await workbook(join(dir, 'district.xlsx'));
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('--dry-run reports the wrong rows and changes nothing', async () => {
    const r = await server.cli(['import', '--dry-run', 'district.xlsx'], 'admin', ADMIN_PASSWORD, dir);
    assert.equal(r.code, 1, output(r));
    assert.match(r.stdout, /「单位」第6行：填了社区，没有填街道/);
    assert.match(r.stdout, /「人员」第6行：角色“主任”不认识/);
    assert.match(r.stdout, /单位：将新建 4，已有 0，失败 1/);
    assert.match(r.stdout, /试运行：没有做任何改动/);
    assert.deepEqual((await units(api)).map((u) => u.kind), ['district']);
    assert.deepEqual(await accountsFiles(dir), []);
  });

  test('creates the units, organisations and accounts of the right rows, nothing of the wrong ones', async () => {
    const r = await server.cli(['import', 'district.xlsx'], 'admin', ADMIN_PASSWORD, dir);
    assert.equal(r.code, 1, output(r));
    const failures = r.stdout.split('\n').filter((l) => l.includes('行：'));
    assert.deepEqual(
      failures.map((l) => l.replace(/^.*「(.+)」第(\d+)行：.*$/, '$1 $2')),
      ['单位 6', '人员 6', '人员 7'],
      r.stdout,
    );
    assert.match(r.stdout, /「人员」第7行：请输入正确的手机号或固定电话（phone_format）/);
    assert.match(r.stdout, /单位：新建 4，已有 0，失败 1/);
    assert.match(r.stdout, /组织：新建 3，已有 0，失败 0/);
    assert.match(r.stdout, /人员：新建 4，已有 0，失败 2/);

    const all = await units(api);
    const named = (name: string): Schemas['OrgUnit'] | undefined => all.find((u) => u.name === name);
    assert.equal(named('淮河街道')?.kind, 'street');
    assert.equal(named('兴华社区')?.community_type, 'old');
    assert.equal(named('兴华社区')?.parent_id, named('淮河街道')?.id);
    assert.equal(named('祥云社区')?.community_type, 'new');
    assert.equal(named('亚新小区')?.parent_id, named('兴华社区')?.id);
    assert.equal(named('孤立社区'), undefined);
    assert.equal(all.length, 7);

    const organizations = await unwrap(api.GET('/api/v1/organizations', { params: { query: { limit: 100 } } }));
    const property = organizations.items.find((o) => o.name === '亚新红色物业');
    assert.equal(property?.kind, 'property_service');
    assert.equal(property?.red_property, true);
    assert.equal(property?.unit_id, named('亚新小区')?.id);
    assert.equal(organizations.items.find((o) => o.name === '二七区住建局')?.unit_id, named('二七区')?.id);

    const worker = await user(api, '13800000001');
    assert.deepEqual(worker?.grants.map((g) => [g.role, g.unit_id]), [['community_worker', named('兴华社区')?.id]]);
    assert.equal(worker?.party_member, true);
    const supervisor = await user(api, '13800000003');
    const committee = organizations.items.find((o) => o.name === '金祥花园业主委员会');
    assert.deepEqual(supervisor?.grants.map((g) => [g.role, g.organization_id]), [['supervisor', committee?.id]]);
    assert.equal((await user(api, 'wangqiang'))?.grants[0]?.role, 'street_committee');
    assert.equal(await user(api, '13800000005'), undefined);
    assert.equal(await user(api, '12345'), undefined);

    const [file, ...more] = await accountsFiles(dir);
    assert.ok(file && more.length === 0);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const rows = parse(await readFile(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((a) => a['用户名']).sort(), ['13800000001', '13800000003', '13800000004', 'wangqiang']);
    for (const account of rows) {
      const password = account['初始密码（首次登录须修改）'] as string;
      assert.ok(!output(r).includes(password), 'a password reached the log');
      const signedIn = await unwrap(
        api.POST('/api/v1/auth/login', { body: { username: account['用户名'] as string, password } }),
      );
      assert.equal(signedIn.user.password_change_required, true);
    }
    await rm(file);
  });

  test('a second run finds everything and creates nothing', async () => {
    const before = (await units(api)).length;
    const r = await server.cli(['import', 'district.xlsx'], 'admin', ADMIN_PASSWORD, dir);
    assert.equal(r.code, 1, output(r));
    assert.match(r.stdout, /单位：新建 0，已有 4，失败 1/);
    assert.match(r.stdout, /组织：新建 0，已有 3，失败 0/);
    assert.match(r.stdout, /人员：新建 0，已有 4，失败 2/);
    assert.equal((await units(api)).length, before);
    assert.deepEqual(await accountsFiles(dir), []);
  });

  test('CSV files, one per kind, in UTF-8 or as Excel saves them on Chinese Windows (GB18030)', async () => {
    const csv = (rows: string[][]): string => rows.map((r) => r.join(',')).join('\r\n');
    await writeFile(join(dir, 'units.csv'), `\uFEFF${csv([UNITS[0] as string[], ['五里街道', '五里社区', '村', '']])}`);
    // 组织名称,类型,街道 / 五里卫生站,驻区单位,五里街道 in GB18030 (TextEncoder writes UTF-8 only).
    const gbk = Buffer.from(
      'd7e9d6afc3fbb3c62cc0e0d0cd2cbdd6b5c00d0acee5c0efcec0c9fad5be2cd7a4c7f8b5a5cebb2ccee5c0efbdd6b5c00d0a',
      'hex',
    );
    await writeFile(join(dir, 'organizations.csv'), gbk);
    await writeFile(
      join(dir, 'people.csv'),
      csv([['姓名', '手机', '角色', '街道', '社区'], ['吴刚', '13800000009', '居民', '五里街道', '五里社区']]),
    );
    const files = ['units.csv', 'organizations.csv', 'people.csv'];
    const first = await server.cli(['import', ...files], 'admin', ADMIN_PASSWORD, dir);
    assert.equal(first.code, 0, output(first));
    assert.match(first.stdout, /单位：新建 1，已有 0，失败 0/);
    assert.match(first.stdout, /组织：新建 1，已有 0，失败 0/);
    assert.match(first.stdout, /人员：新建 1，已有 0，失败 0/);
    const village = (await units(api)).find((u) => u.name === '五里社区');
    assert.equal(village?.community_type, 'village');
    const station = await unwrap(api.GET('/api/v1/organizations', { params: { query: { q: '五里卫生站' } } }));
    assert.equal(station.items[0]?.kind, 'stationed_unit');
    assert.equal((await user(api, '13800000009'))?.grants[0]?.unit_id, village?.id);

    const again = await server.cli(['import', ...files], 'admin', ADMIN_PASSWORD, dir);
    assert.equal(again.code, 0, output(again));
    assert.match(again.stdout, /没有改动：表中的一切都已在系统中/);
  });

  test('template writes sheets that import reads back, the example row skipped', async () => {
    const out = join(dir, 'template');
    await mkdir(out);
    const r = await server.cli(['template', '--out', out], 'admin', ADMIN_PASSWORD);
    assert.equal(r.code, 0, output(r));
    assert.deepEqual((await readdir(out)).sort(), ['人员.csv', '单位.csv', '导入模板.xlsx', '组织.csv']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, '导入模板.xlsx'));
    assert.deepEqual(book.worksheets.map((w) => w.name), ['单位', '组织', '人员']);
    const dry = await server.cli(['import', '--dry-run', '导入模板.xlsx'], 'admin', ADMIN_PASSWORD, out);
    assert.equal(dry.code, 0, output(dry));
    assert.match(dry.stdout, /第2行是模板的示例，已跳过/);
    assert.match(dry.stdout, /人员：将新建 0，已有 0，失败 0/);
  });
});
