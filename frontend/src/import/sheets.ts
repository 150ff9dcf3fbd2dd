// Reading the import's sheets: one workbook with 单位 / 组织 / 人员, or one CSV per kind. A
// sheet is known by its headers, not its name, so a CSV can be called anything and a
// workbook's tabs may be renamed; the row numbers reported are the ones Excel shows. And
// writing the empty template. Bytes in and out: the script reads and writes files, the web
// app an upload and the build's static files.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

import { cell, LAYOUTS, SHEET_KINDS, type Sheet, type SheetKind } from './layouts.js';
import { message } from './messages.js';
import { Refusal } from './refusal.js';

/** A file given to the import: its name (a path, for the script) and what it holds. */
export interface SheetFile {
  name: string;
  bytes: Uint8Array;
}

function kindOf(headers: readonly string[]): SheetKind | undefined {
  if (headers.includes('姓名')) return 'people';
  if (headers.includes('组织名称')) return 'organizations';
  if (headers.includes('街道')) return 'units';
  return undefined;
}

function sheetOf(source: string, table: { line: number; values: string[] }[]): Sheet | undefined {
  const [head, ...body] = table;
  if (!head) return undefined;
  const headers = head.values.map((h) => h.trim());
  const kind = kindOf(headers);
  if (!kind) {
    const headersOf = (kind: SheetKind) => message('sheet_headers', { title: LAYOUTS[kind].title, headers: LAYOUTS[kind].headers });
    throw new Refusal(message('unknown_sheet', { source, units: headersOf('units'), organizations: headersOf('organizations'), people: headersOf('people') }));
  }
  const layout = LAYOUTS[kind];
  const missing = layout.required.filter((h) => !headers.includes(h));
  if (missing.length) throw new Refusal(message('missing_columns', { source, columns: missing }));
  const ignored = headers.filter((h) => h && !layout.headers.includes(h));
  const rows = body
    .map(({ line, values }) => ({ line, cells: new Map(headers.map((h, i) => [h, (values[i] ?? '').trim()])) }))
    .filter((row) => layout.headers.some((h) => cell(row, h) !== ''));
  const example = rows.find((row) => layout.headers.every((h, i) => cell(row, h) === layout.example[i]));
  return { kind, source, rows: rows.filter((row) => row !== example), ignored, exampleLine: example?.line };
}

/** Text as Excel on a Chinese Windows saves it: UTF-8 (with or without a BOM), else GB18030. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(file: SheetFile): Sheet[] {
  const records = parse(decode(file.bytes), { relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const sheet = sheetOf(file.name, records.map((r) => ({ line: r.info.lines, values: r.record })));
  return sheet ? [sheet] : [];
}

async function readXlsx(file: SheetFile): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  // The file's own ArrayBuffer: a Uint8Array (Node's Buffer) may be a window on a larger one.
  await workbook.xlsx.load(file.bytes.slice().buffer);
  const sheets: Sheet[] = [];
  workbook.eachSheet((worksheet) => {
    const table: { line: number; values: string[] }[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, line) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, column) => {
        values[column - 1] = c.text;
      });
      table.push({ line, values: Array.from(values, (v) => v ?? '') });
    });
    const sheet = sheetOf(`${file.name}「${worksheet.name}」`, table);
    if (sheet) sheets.push(sheet);
  });
  return sheets;
}

/** Every sheet of the files given; a kind given twice is refused, so no row is read twice. */
export async function readSheets(files: readonly SheetFile[]): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  for (const file of files) {
    const extension = /\.[^./\\]*$/.exec(file.name)?.[0].toLowerCase();
    if (extension === '.xlsx') sheets.push(...(await readXlsx(file)));
    else if (extension === '.csv') sheets.push(...readCsv(file));
    else throw new Refusal(message('not_a_sheet_file', { file: file.name }));
  }
  for (const kind of SHEET_KINDS) {
    const same = sheets.filter((s) => s.kind === kind);
    if (same.length > 1) throw new Refusal(message('sheet_given_twice', { title: LAYOUTS[kind].title, sources: same.map((s) => s.source) }));
  }
  return sheets;
}

/** The empty template: a workbook with the three sheets, each with its example row. */
async function templateWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const layout of Object.values(LAYOUTS)) {
    const worksheet = workbook.addWorksheet(layout.title);
    worksheet.columns = layout.headers.map((header) => ({
      header,
      key: header,
      width: header === '组织名称' ? 24 : 14,
      // A phone typed into a General cell becomes 1.38E+10.
      style: header === '手机' || header === '用户名' ? { numFmt: '@' } : {},
    }));
    worksheet.addRow([...layout.example]);
    const head = worksheet.getRow(1);
    head.font = { bold: true };
    head.eachCell((c) => {
      const note = layout.notes[String(c.value)];
      if (note) c.note = note;
    });
    worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A template sheet as CSV, with the BOM Excel needs to read it as UTF-8. */
function templateCsv(kind: SheetKind): string {
  const layout = LAYOUTS[kind];
  return `\uFEFF${stringify([[...layout.headers], [...layout.example]])}`;
}

/** What one of the template's files (layouts.ts, TEMPLATE_FILES) holds. */
export function templateContent(file: { sheet?: SheetKind }): Promise<Uint8Array | string> {
  return file.sheet ? Promise.resolve(templateCsv(file.sheet)) : templateWorkbook();
}
