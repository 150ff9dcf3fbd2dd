// The monthly and daily chores against the demo district: publish, remind, export.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

import { listAll, unwrap, type Api } from '../src/api/client.js';
import { DEMO_PASSWORD, Server } from './support.js';

/** The month `back` months before this one in Beijing, as the disclosure periods count it. */
function monthBefore(back: number): { start: string; end: string; month: string } {
  const beijing = new Date(Date.now() + 8 * 3600 * 1000);
  const [year, month] = [beijing.getUTCFullYear(), beijing.getUTCMonth()];
  const start = new Date(Date.UTC(year, month - back, 1));
  const end = new Date(Date.UTC(year, month - back + 1, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10), month: start.toISOString().slice(0, 7) };
}

describe('chores on the demo district', () => {
  let server: Server;
  let admin: Api;
  let dir: string;
  const streets = new Map<string, string>();

  async function disclosures(streetId: string): Promise<number> {
    const page = await unwrap(admin.GET('/api/v1/public/disclosures', { params: { query: { unit_id: streetId, limit: 100 } } }));
    return page.items.length;
  }

  before(async () => {
    server = await Server.start('demo');
    admin = (await server.as('admin', DEMO_PASSWORD)).api;
    dir = await mkdtemp(join(tmpdir(), 'gongzhi-chores-'));
    const found = await unwrap(admin.GET('/api/v1/org-units', { params: { query: { kind: 'street', limit: 100 } } }));
    for (const s of found.items) streets.set(s.name, s.id);
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a wrong password is said plainly, exit 2', async () => {
    const r = await server.cli(['remind'], 'admin', 'not-the-password');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^无法登录 http:\/\/127\.0\.0\.1:\d+：.+（bad_credentials）\n$/);
  });

  test('publish: a month for the streets it may publish and that lack it; a rerun publishes nothing', async () => {
    // The demo has last month's for every street but 淮河路: the month before that is open.
    const { start, end, month } = monthBefore(2);
    const huaihe = streets.get('淮河路街道') as string;
    const jingguang = streets.get('京广路街道') as string;
    const wulibao = streets.get('五里堡街道') as string;
    // 淮河路 has published already; an account holds the street committee of two others.
    const street = (await server.as('street', DEMO_PASSWORD)).api;
    await unwrap(street.POST('/api/v1/disclosures', { body: { unit_id: huaihe, period_start: start, period_end: end } }));
    const publisher = await unwrap(
      admin.POST('/api/v1/users', {
        body: {
          username: 'publisher',
          password: 'monthly-secret-2026',
          display_name: '公示员',
          grant: { role: 'street_committee', unit_id: jingguang },
        },
      }),
    );
    await unwrap(
      admin.POST('/api/v1/users/{id}/grants', { params: { path: { id: publisher.id } }, body: { role: 'street_committee', unit_id: wulibao } }),
    );
    const before = await disclosures(jingguang);

    const dry = await server.cli(['publish', '--month', month, '--dry-run'], 'publisher', 'monthly-secret-2026');
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /将发布 2 个街道/);
    assert.equal(await disclosures(jingguang), before);

    const r = await server.cli(['publish', '--month', month], 'publisher', 'monthly-secret-2026');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`${month} 定期公示（${start} 至 ${end}）`));
    assert.match(r.stdout, /淮河路街道\s+已有 第1期\s+完整（共 1 期）/);
    assert.match(r.stdout, new RegExp(`京广路街道\\s+本次发布 第${before + 1}期\\s+完整（共 ${before + 1} 期）`));
    assert.match(r.stdout, /五里堡街道\s+本次发布 第\d+期\s+完整/);
    assert.match(r.stdout, /建中街街道\s+未发布：须由本街道党工委或区管理员发布/);
    assert.match(r.stdout, /本次发布 2 个街道；另有 \d+ 个街道未发布/);
    assert.equal(await disclosures(jingguang), before + 1);

    const again = await server.cli(['publish', '--month', month], 'publisher', 'monthly-secret-2026');
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /京广路街道\s+已有 第\d+期/);
    assert.match(again.stdout, /本次发布 0 个街道/);
    assert.equal(await disclosures(jingguang), before + 1);

    // The district admin publishes for every street still without it.
    const all = await server.cli(['publish', '--month', month], 'admin', DEMO_PASSWORD);
    assert.equal(all.code, 0, all.stdout + all.stderr);
    assert.match(all.stdout, /建中街街道\s+本次发布 第\d+期\s+完整/);
    assert.match(all.stdout, /另有 0 个街道未发布/);
  });

  test('remind: overdue demands, projects waiting for inspection and pending claims per street', async () => {
    const submitted = await unwrap(admin.GET('/api/v1/demands', { params: { query: { state: 'submitted', limit: 1 } } }));
    const late = submitted.items[0];
    assert.ok(late, 'the demo has a demand waiting for verification');
    // Its verification deadline passed long ago: the deadline is the server's to keep, so
    // the test moves it in the database, as the end-to-end disclosure specs move dates.
    execFileSync('python3', [
      '-c',
      'import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], timeout=5)\nc.execute("UPDATE demands SET due_at = ? WHERE id = ?", ("2020-01-01 00:00:00", sys.argv[2]))\nc.commit()',
      server.database,
      late.id,
    ]);

    const r = await server.cli(['remind'], 'admin', DEMO_PASSWORD);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /街道\s+逾期需求\s+待验收项目\s+待答复认领/);
    assert.match(r.stdout, /淮河路街道\s+1\s+1\s+1/);
    assert.match(r.stdout, /合计\s+1\s+1\s+1/);
    const block = r.stdout.slice(r.stdout.indexOf('\n淮河路街道\n'));
    assert.match(block, new RegExp(`逾期需求（1）\\n\\s+${late.title}\\s+\\S+\\s+待受理，逾期 \\d+ 天`));
    assert.match(block, /待验收项目（1）\n\s+金祥花园闲置空地改小游园\s+金祥花园\s+完工 0 天/);
    assert.match(block, /待答复认领（1）\n\s+亚新小区停车位重新规划 ← 二七区住建局「老旧小区微改造专项资金」/);

    const csv = await server.cli(['remind', '--csv'], 'admin', DEMO_PASSWORD);
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.startsWith('\uFEFF'));
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((row) => [row['街道'], row['类别'], row['事项']?.split(' ← ')[0]]),
      [
        ['淮河路街道', '逾期需求', late.title],
        ['淮河路街道', '待验收项目', '金祥花园闲置空地改小游园'],
        ['淮河路街道', '待答复认领', '亚新小区停车位重新规划'],
      ],
    );

    const other = await server.cli(['remind', '--unit', '京广路街道'], 'admin', DEMO_PASSWORD);
    assert.match(other.stdout, /京广路街道\s+0\s+0\s+0/);
    assert.doesNotMatch(other.stdout, /淮河路街道/);
    assert.match(other.stdout, /三项都没有待办/);
  });

  test('export: the list with its filters, CSV with a BOM and XLSX that open again', async () => {
    const r = await server.cli(['export', 'demands', '--state', '已公示', '--unit', '淮河路街道', '--out', 'published.csv'], 'admin', DEMO_PASSWORD, dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /已导出 published\.csv（[\d.]+ KB）/);
    const bytes = await readFile(join(dir, 'published.csv'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const listed = await listAll((cursor) =>
      unwrap(
        admin.GET('/api/v1/demands', {
          params: { query: { state: 'published', unit_id: streets.get('淮河路街道'), limit: 100, cursor } },
        }),
      ),
    );
    assert.ok(listed.length > 0);
    assert.deepEqual(rows.map((row) => row['标题']).sort(), listed.map((d) => d.title).sort());
    assert.ok(rows.every((row) => row['状态'] === '已公示'));

    const x = await server.cli(['export', 'projects'], 'admin', DEMO_PASSWORD, dir);
    assert.equal(x.code, 0, x.stdout + x.stderr);
    const [name] = (await readdir(dir)).filter((f) => f.endsWith('.xlsx'));
    assert.match(name ?? '', /^民生实事清单-\d{8}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, name as string));
    const projects = await listAll((cursor) => unwrap(admin.GET('/api/v1/projects', { params: { query: { limit: 100, cursor } } })));
    assert.equal((book.worksheets[0]?.actualRowCount ?? 0) - 1, projects.length);

    const wrong = await server.cli(['export', 'demands', '--state', '办完了'], 'admin', DEMO_PASSWORD, dir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--state 应为 待受理、已公示/);
  });
});
