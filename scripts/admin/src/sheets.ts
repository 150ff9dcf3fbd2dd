// The import's sheets: one workbook with 单位 / 组织 / 人员, or one CSV per kind. A sheet is
// known by its headers, not its name, so a CSV can be called anything and a workbook's tabs
// may be renamed; the row numbers reported are the ones Excel shows.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

import { Refusal } from './connect.js';
import { choices, communityTypeLabels, organizationKindLabels, roleLabels } from './labels.js';

export type SheetKind = 'units' | 'organizations' | 'people';

interface Layout {
  title: string;
  headers: readonly string[];
  required: readonly string[];
  /** The template's example row: skipped when it is imported unchanged. */
  example: readonly string[];
  /** What a header's cell may hold, shown as its note in the template. */
  notes: Readonly<Record<string, string>>;
}

const PLACE_NOTE = '所在单位：填街道，或街道+社区，或街道+社区+小区；都不填即本区';

export const LAYOUTS: Record<SheetKind, Layout> = {
  units: {
    title: '单位',
    headers: ['街道', '社区', '社区类型', '小区'],
    required: ['街道'],
    example: ['示例街道', '示例社区', '老旧社区', '示例小区'],
    notes: {
      街道: '一行一个单位：只填街道即街道；填到社区即社区；填到小区即小区。缺少的上级一并新建',
      社区类型: `新建社区时必填：${choices(communityTypeLabels)}`,
    },
  },
  organizations: {
    title: '组织',
    headers: ['组织名称', '类型', '街道', '社区', '小区', '红色物业'],
    required: ['组织名称', '类型'],
    example: ['示例小区业主委员会', '居民自治组织', '示例街道', '示例社区', '示例小区', '否'],
    notes: {
      类型: `可填：${choices(organizationKindLabels)}`,
      街道: PLACE_NOTE,
      红色物业: '物业服务企业填“是”或“否”',
    },
  },
  people: {
    title: '人员',
    headers: ['姓名', '手机', '用户名', '角色', '街道', '社区', '小区', '组织名称', '党员'],
    required: ['姓名', '角色'],
    example: ['张三', '13800000000', '', '社区工作者', '示例街道', '示例社区', '', '', '是'],
    notes: {
      手机: '可用手机号登录；不填用户名时，用户名即手机号',
      用户名: '可不填；小写字母、数字、. _ -',
      角色: `可填：${choices(roleLabels)}`,
      街道: '社区工作者、居民填到社区；街道党工委填街道；监督可在任一单位。共建单位、自治组织成员、物业、志愿者等按组织授权：填组织名称，同名组织有多个时再填其所在单位',
      组织名称: '按组织授权的角色必填',
      党员: '“是”或“否”',
    },
  },
};

export interface Row {
  /** The row's number as Excel shows it (the header is row 1). */
  line: number;
  cells: ReadonlyMap<string, string>;
}

export interface Sheet {
  kind: SheetKind;
  /** Where it came from, for the report: `人员.csv`, `district.xlsx「人员」`. */
  source: string;
  rows: Row[];
  /** Columns no sheet of this kind has (序号, 备注…): left out of the import. */
  ignored: string[];
  /** The row that is the template's example, unchanged: left out too. */
  exampleLine?: number;
}

export function cell(row: Row, header: string): string {
  return row.cells.get(header)?.trim() ?? '';
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
    throw new Refusal(`${source}：认不出是哪一种表，表头应为 ${Object.values(LAYOUTS).map((l) => `「${l.title}」${l.headers.join('、')}`).join('；或 ')}`);
  }
  const layout = LAYOUTS[kind];
  const missing = layout.required.filter((h) => !headers.includes(h));
  if (missing.length) throw new Refusal(`${source}：缺少列 ${missing.join('、')}`);
  const ignored = headers.filter((h) => h && !layout.headers.includes(h));
  const rows = body
    .map(({ line, values }) => ({ line, cells: new Map(headers.map((h, i) => [h, (values[i] ?? '').trim()])) }))
    .filter((row) => layout.headers.some((h) => cell(row, h) !== ''));
  const example = rows.find((row) => layout.headers.every((h, i) => cell(row, h) === layout.example[i]));
  return { kind, source, rows: rows.filter((row) => row !== example), ignored, exampleLine: example?.line };
}

/** Text as Excel on a Chinese Windows saves it: UTF-8 (with or without a BOM), else GB18030. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readCsv(path: string): Promise<Sheet[]> {
  const records = parse(decode(await readFile(path)), { relax_column_count: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const sheet = sheetOf(path, records.map((r) => ({ line: r.info.lines, values: r.record })));
  return sheet ? [sheet] : [];
}

async function readXlsx(path: string): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
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
    const sheet = sheetOf(`${path}「${worksheet.name}」`, table);
    if (sheet) sheets.push(sheet);
  });
  return sheets;
}

/** Every sheet of the files given; a kind given twice is refused, so no row is read twice. */
export async function readSheets(paths: readonly string[]): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  for (const path of paths) {
    const extension = extname(path).toLowerCase();
    if (extension === '.xlsx') sheets.push(...(await readXlsx(path)));
    else if (extension === '.csv') sheets.push(...(await readCsv(path)));
    else throw new Refusal(`${path}：只能导入 .xlsx 或 .csv 文件`);
  }
  for (const kind of Object.keys(LAYOUTS) as SheetKind[]) {
    const same = sheets.filter((s) => s.kind === kind);
    if (same.length > 1) throw new Refusal(`「${LAYOUTS[kind].title}」表给了不止一份：${same.map((s) => s.source).join('、')}`);
  }
  return sheets;
}

/** The empty template: a workbook with the three sheets, each with its example row. */
export async function templateWorkbook(): Promise<ExcelJS.Workbook> {
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
  return workbook;
}

/** A template sheet as CSV, with the BOM Excel needs to read it as UTF-8. */
export function templateCsv(kind: SheetKind): string {
  const layout = LAYOUTS[kind];
  return `\uFEFF${stringify([[...layout.headers], [...layout.example]])}`;
}
