// 批量导入 as the web app runs it: the chosen files are read here, in the browser, and checked
// and written through the app's API client by the code the admin script runs too
// (src/import). Loaded, with ExcelJS, only once files are chosen (ImportPage.tsx).
import { api } from '../../api/client';
import { cell, LAYOUTS, type Sheet, type SheetKind } from '../../import/layouts';
import type { Message } from '../../import/messages';
import { checkSheets, tally, type Outcome, type Plan, type Progress } from '../../import/plan';
import { readSheets } from '../../import/sheets';
import { ACCOUNTS_CSV_HEAD, accountsCsvLine, writePlan } from '../../import/write';

/** Requests at once, as the script sends by default. */
const CONCURRENCY = 8;

/** One row as the screen lists it. */
export interface RowReport {
  line: number;
  status: Outcome['status'];
  /** The row's filled cells, to know it by. */
  content: string;
  /** Said in the reader's language where it is shown. */
  why?: Message;
}

/** What became of one sheet's rows (or will, after the check). */
export interface SheetReport {
  kind: SheetKind;
  source: string;
  counts: Record<Outcome['status'], number>;
  rows: RowReport[];
  ignored: string[];
  exampleLine?: number;
}

async function read(files: readonly File[]): Promise<Sheet[]> {
  return readSheets(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))));
}

function report(plan: Plan, sheets: readonly Sheet[]): SheetReport[] {
  return sheets.map((sheet) => {
    const headers = LAYOUTS[sheet.kind].headers;
    const rows = new Map(sheet.rows.map((row) => [row.line, row]));
    const content = (line: number): string => {
      const row = rows.get(line);
      return row ? headers.map((h) => cell(row, h)).filter(Boolean).join(' · ') : '';
    };
    return {
      kind: sheet.kind,
      source: sheet.source,
      counts: tally(plan, sheet),
      rows: plan.outcomes
        .filter((o) => o.sheet === sheet)
        .sort((a, b) => a.line - b.line)
        .map((o) => ({ line: o.line, status: o.status, content: content(o.line), why: o.why })),
      ignored: sheet.ignored,
      exampleLine: sheet.exampleLine,
    };
  });
}

/** The check: what each row would create, what is there already, why a row fails. Writes nothing. */
export async function check(files: readonly File[], progress: Progress): Promise<SheetReport[]> {
  const sheets = await read(files);
  return report(await checkSheets(api, sheets, { concurrency: CONCURRENCY, progress }), sheets);
}

/** The import: checked again against what the server holds now, then written. The new
 * accounts' first passwords come back as a CSV file, never anywhere else. */
export async function run(files: readonly File[], progress: Progress): Promise<{ sheets: SheetReport[]; accounts: number; passwords: Blob | null }> {
  const sheets = await read(files);
  const options = { concurrency: CONCURRENCY, progress };
  const plan = await checkSheets(api, sheets, options);
  const lines: string[] = [];
  await writePlan(api, plan, { ...options, onAccount: (account) => void lines.push(accountsCsvLine(account)) });
  const passwords = lines.length ? new Blob([ACCOUNTS_CSV_HEAD, ...lines], { type: 'text/csv;charset=utf-8' }) : null;
  return { sheets: report(plan, sheets), accounts: lines.length, passwords };
}
