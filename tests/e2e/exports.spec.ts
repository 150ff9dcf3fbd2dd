// 导出 on the demo district: the district admin filters its demand queue by a state and
// downloads it as Excel and as CSV. Each download is saved under the server's Chinese name
// (Content-Disposition filename*); the CSV starts with a byte order mark (Excel reads it as
// UTF-8) and holds one row per demand the list API shows for the same filters, and the XLSX
// is a zip. The same on 民生实事 (projects) for the state shown.
import { expect, test, type APIRequestContext, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

import { choose, shot, signIn, token } from './support';

/** Records of a CSV text (quoted fields may hold commas, quotes and line breaks), header included. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** How many items `path` lists with `query`, every page of it, as `username` sees them. */
async function listTotal(request: APIRequestContext, username: string, path: string, query: Record<string, string>) {
  const headers = { authorization: `Bearer ${await token(request, username)}` };
  let total = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await request.get(`${path}?${params}`, { headers });
    expect(response.ok(), await response.text()).toBeTruthy();
    const page = (await response.json()) as { items: unknown[]; next_cursor?: string | null };
    total += page.items.length;
    cursor = page.next_cursor ?? undefined;
    if (!cursor) break;
  }
  return total;
}

/** Picks `format` from the 导出 button's menu and answers the download it starts. */
async function exportAs(page: Page, format: RegExp): Promise<Download> {
  const button = page.getByRole('main').getByRole('button', { name: /导\s*出/ });
  await expect(button).toBeEnabled();
  const downloading = page.waitForEvent('download');
  await expect(async () => {
    if (!(await page.getByRole('menuitem', { name: format }).isVisible())) await button.click();
    await page.getByRole('menuitem', { name: format }).click({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const download = await downloading;
  // Done: the button is itself again.
  await expect(button).toHaveText(/导\s*出$/);
  return download;
}

async function readCsv(download: Download, name: RegExp) {
  expect(download.suggestedFilename()).toMatch(name);
  const bytes = readFileSync(await download.path());
  // UTF-8 with a byte order mark, so Excel reads the Chinese right.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = csvRecords(bytes.toString('utf8').slice(1)).filter((r) => r.some((f) => f !== ''));
  return { header: records[0], rows: records.slice(1) };
}

async function expectXlsx(download: Download, name: RegExp) {
  expect(download.suggestedFilename()).toMatch(name);
  const bytes = readFileSync(await download.path());
  expect(bytes.length).toBeGreaterThan(100);
  // An XLSX is a zip.
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
}

test('the district admin exports its demand queue, filtered by a state, as Excel and CSV', async ({ page, request }, testInfo) => {
  await signIn(page, 'admin', { at: '/queue' });
  await expect(page.getByRole('heading', { level: 2, name: '需求队列' })).toBeVisible();
  // The to-do view, narrowed to 已公示: the list asks for state=published in deadline order.
  await choose(page, '状态', '已公示');
  await expect(page).toHaveURL(/state=published/);
  await shot(page, testInfo, 'queue-filtered');

  const xlsx = await exportAs(page, /导出 Excel/);
  await expectXlsx(xlsx, /^需求清单-\d{8}\.xlsx$/);

  const csv = await exportAs(page, /导出 CSV/);
  const { header, rows } = await readCsv(csv, /^需求清单-\d{8}\.csv$/);
  expect(header.slice(0, 5)).toEqual(['编号', '标题', '描述', '类别', '状态']);
  const total = await listTotal(request, 'admin', '/api/v1/demands', { state: 'published', sort: 'due' });
  expect(total).toBeGreaterThan(0);
  expect(rows).toHaveLength(total);
  for (const row of rows) expect(row[4]).toBe('已公示');
});

test('the district admin exports the projects of a state', async ({ page, request }) => {
  await signIn(page, 'admin', { at: '/projects?state=closed' });
  await expect(page.getByRole('heading', { level: 2, name: '民生实事项目' })).toBeVisible();

  const xlsx = await exportAs(page, /导出 Excel/);
  await expectXlsx(xlsx, /^民生实事清单-\d{8}\.xlsx$/);

  const csv = await exportAs(page, /导出 CSV/);
  const { rows } = await readCsv(csv, /^民生实事清单-\d{8}\.csv$/);
  const total = await listTotal(request, 'admin', '/api/v1/projects', { state: 'closed' });
  expect(total).toBeGreaterThan(0);
  expect(rows).toHaveLength(total);
  expect(rows.map((r) => r[1])).toContain('兴华南街楼道照明改造');
});
