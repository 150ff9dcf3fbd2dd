// export: a list as the server exports it (GET /exports/{list}.{csv|xlsx}, the list's own
// filters and the caller's scope), streamed to a file: the file appears whole or not at all.
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';

import { unwrap, type Api } from '../api/client.js';
import type { paths } from '../../../../frontend/src/api/schema.js';
import { connect, ENVIRONMENT_HELP, Refusal } from '../connect.js';
import {
  caseStateLabels,
  choices,
  claimStateLabels,
  codeOf,
  demandCategoryLabels,
  demandStateLabels,
  projectCategoryLabels,
  projectStateLabels,
  reason,
  resourceKindLabels,
  yesNo,
} from '../labels.js';
import { organizationId, unitId } from '../lookup.js';

type Format = 'csv' | 'xlsx';
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

/** A command-line filter and the query parameter it fills. */
interface FilterSpec {
  option: string;
  param: string;
  /** `unit` and `organization` take a name, looked up; `boolean` takes true or false;
   * `flag` takes no value; `text` with `labels` takes one of their codes or labels. */
  value: 'text' | 'boolean' | 'flag' | 'unit' | 'organization';
  help: string;
  labels?: Record<string, string>;
}

/** A filter whose parameter the contract's query for the list has. */
type Filter<Q> = FilterSpec & { param: keyof Q & string };

interface List {
  title: string;
  filters: readonly FilterSpec[];
  download: (api: Api, format: Format, query: Record<string, string | boolean>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

function list<P extends keyof paths>(
  title: string,
  filters: readonly Filter<Query<P>>[],
  download: (api: Api, format: Format, query: Query<P>) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
): List {
  return { title, filters, download: (api, format, query) => download(api, format, query as Query<P>) };
}

const unit = { option: 'unit', param: 'unit_id', value: 'unit', help: '单位（名称或 id），含其下级' } as const;
const q = { option: 'q', param: 'q', value: 'text', help: '关键词' } as const;

const LISTS: Record<string, List> = {
  demands: list<'/api/v1/exports/demands.{format}'>(
    '需求清单',
    [
      { option: 'state', param: 'state', value: 'text', labels: demandStateLabels, help: '状态' },
      { option: 'category', param: 'category', value: 'text', labels: demandCategoryLabels, help: '类别' },
      unit,
      q,
      { option: 'overdue', param: 'overdue', value: 'boolean', help: 'true 只要逾期的，false 只要未逾期的' },
      { option: 'mine', param: 'mine', value: 'text', help: 'filed 我提交的，cosigned 我附议的' },
      { option: 'sort', param: 'sort', value: 'text', help: 'newest 最新，cosigns 附议最多，due 时限最近' },
    ],
    (api, format, query) =>
      api.GET('/api/v1/exports/demands.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
  projects: list<'/api/v1/exports/projects.{format}'>(
    '民生实事清单',
    [
      { option: 'state', param: 'state', value: 'text', labels: projectStateLabels, help: '状态' },
      { option: 'category', param: 'category', value: 'text', labels: projectCategoryLabels, help: '类别' },
      unit,
      q,
      { option: 'maintainer', param: 'maintainer_org_id', value: 'organization', help: '接管维护的物业（名称或 id）' },
    ],
    (api, format, query) =>
      api.GET('/api/v1/exports/projects.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
  resources: list<'/api/v1/exports/resources.{format}'>(
    '资源清单',
    [
      { option: 'kind', param: 'kind', value: 'text', labels: resourceKindLabels, help: '资源类型' },
      { option: 'organization', param: 'organization_id', value: 'organization', help: '提供资源的组织（名称或 id）' },
      unit,
      q,
      { option: 'available', param: 'available', value: 'boolean', help: 'true 只要还有余量的，false 只要没有的' },
    ],
    (api, format, query) =>
      api.GET('/api/v1/exports/resources.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
  claims: list<'/api/v1/exports/claims.{format}'>(
    '认领',
    [
      { option: 'state', param: 'state', value: 'text', labels: claimStateLabels, help: '状态' },
      { option: 'project', param: 'project_id', value: 'text', help: '项目 id' },
      { option: 'resource', param: 'resource_id', value: 'text', help: '资源 id' },
      unit,
      { option: 'awaiting-me', param: 'awaiting_me', value: 'flag', help: '只要等本方答复的' },
    ],
    (api, format, query) =>
      api.GET('/api/v1/exports/claims.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
  'coordination-cases': list<'/api/v1/exports/coordination-cases.{format}'>(
    '三方联动',
    [{ option: 'state', param: 'state', value: 'text', labels: caseStateLabels, help: '状态' }, unit],
    (api, format, query) =>
      api.GET('/api/v1/exports/coordination-cases.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
  'volunteer-hours': list<'/api/v1/exports/volunteer-hours.{format}'>(
    '志愿服务时长',
    [{ option: 'organization', param: 'organization_id', value: 'organization', help: '志愿服务队（名称或 id）' }, unit],
    (api, format, query) =>
      api.GET('/api/v1/exports/volunteer-hours.{format}', { params: { path: { format }, query }, parseAs: 'stream' }),
  ),
};

function help(): string {
  const lists = Object.entries(LISTS).map(([name, l]) => {
    const filters = l.filters.map(
      (f) => `      --${f.option}${f.value === 'flag' ? '' : ' 值'}  ${f.help}${f.labels ? `：${choices(f.labels)}` : ''}`,
    );
    return [`  ${name}（${l.title}）`, ...filters].join('\n');
  });
  return `用法：gongzhi-admin export <清单> [--format csv|xlsx] [--out 文件] [筛选...]

把一个清单导出为文件：筛选与网页上该清单相同，范围为登录账号能看到的全部（不分页）。
  --format  csv（UTF-8 带 BOM）或 xlsx；默认取 --out 的扩展名，否则 xlsx
  --out     保存到这里；默认用服务器给的文件名（如 需求清单-20261207.xlsx）

清单及其筛选：
${lists.join('\n')}

${ENVIRONMENT_HELP}`;
}

/** The name the server gives the file: its UTF-8 `filename*` (Chinese), else `filename`. */
function serverFileName(response: Response): string | undefined {
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : plain;
  // Only a plain name: never a path the server could point elsewhere with.
  return name?.replace(/[/\\]/g, '_');
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function runExport(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const chosen = LISTS[name];
  if (!chosen) throw new Refusal(`没有清单“${name}”：可导出 ${Object.keys(LISTS).join('、')}`);
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  };
  for (const f of chosen.filters) options[f.option] = { type: f.value === 'flag' ? 'boolean' : 'string' };
  const { values } = parseArgs({ args: rest, options });
  if (values.help) {
    console.log(help());
    return 0;
  }
  const out = typeof values.out === 'string' ? values.out : undefined;
  const format = (values.format ?? (out && extname(out).toLowerCase() === '.csv' ? 'csv' : 'xlsx')) as string;
  if (format !== 'csv' && format !== 'xlsx') throw new Refusal(`--format 应为 csv 或 xlsx，不是“${format}”`);

  const { connection } = await connect();
  try {
    const api = connection.api;
    const query: Record<string, string | boolean> = {};
    for (const f of chosen.filters) {
      const given = values[f.option];
      if (given === undefined || given === false) continue;
      if (f.value === 'unit') query[f.param] = await unitId(api, String(given));
      else if (f.value === 'organization') query[f.param] = await organizationId(api, String(given));
      else if (f.labels) {
        const code = codeOf(f.labels, String(given));
        if (!code) throw new Refusal(`--${f.option} 应为 ${choices(f.labels)} 之一，不是“${String(given)}”`);
        query[f.param] = code;
      } else if (f.value === 'boolean') {
        const yes = yesNo(String(given));
        if (yes === undefined || given === '') throw new Refusal(`--${f.option} 应为 true 或 false，不是“${String(given)}”`);
        query[f.param] = yes;
      } else query[f.param] = given;
    }
    const call = chosen.download(api, format, query);
    let body: ReadableStream;
    try {
      body = (await unwrap(call)) as ReadableStream;
    } catch (e) {
      throw new Refusal(`导出失败：${reason(e)}`);
    }
    const { response } = await call;
    const path = out ?? serverFileName(response) ?? `${name}.${format}`;
    const partial = `${path}.part`;
    let bytes = 0;
    const tty = process.stderr.isTTY === true;
    try {
      await pipeline(
        Readable.fromWeb(body),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (tty) process.stderr.write(`\r已下载 ${size(bytes)}`);
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
      if (tty) process.stderr.write('\n');
      await rename(partial, path);
    } catch (e) {
      await rm(partial, { force: true });
      throw new Refusal(`无法保存 ${path}：${e instanceof Error ? e.message : String(e)}`);
    }
    console.log(`已导出 ${path}（${size((await stat(path)).size)}）`);
    return 0;
  } finally {
    await connection.signOut().catch(() => undefined);
  }
}
