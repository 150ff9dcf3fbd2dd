// import: a district's units, organisations and staff from its spreadsheets.
//
// Every row is checked before anything is written, against the sheet and against what the
// server already holds (found by natural key: a unit by its name under its parent, an
// organisation by its name at its unit, an account by its username), so a row that is
// wrong creates nothing and a second run finds everything and creates nothing. Writes go
// level by level (streets, communities, compounds, organisations, accounts), a few at once.
// The check and the writes are the web app's import's too (frontend/src/import); here are
// the files, the accounts file and the report on the terminal.
import { parseArgs } from 'node:util';

import { CHINESE } from '../../../../frontend/src/import/labels.js';
import { LAYOUTS, type Sheet } from '../../../../frontend/src/import/layouts.js';
import { render } from '../../../../frontend/src/import/messages.js';
import { checkSheets, failures, tally, type Plan } from '../../../../frontend/src/import/plan.js';
import { writePlan } from '../../../../frontend/src/import/write.js';
import { AccountsFile } from '../accounts.js';
import { connect, ENVIRONMENT_HELP, Refusal } from '../connect.js';
import { progressOnStderr } from '../pool.js';
import { readSheets } from '../sheets.js';

const HELP = `用法：gongzhi-admin import [选项] 文件...

导入单位（街道、社区、小区）、组织和人员（连同第一个角色）。文件为一个 Excel 工作簿
（单位 / 组织 / 人员 三张表），或每种一个 CSV；空白模板：gongzhi-admin template。
已有的不动（同一上级下的同名单位、同一单位的同名组织、同一用户名），可放心重复运行。
新账号的初始密码写入 --accounts 文件（仅本人可读），不在屏幕上显示；首次登录须修改。

选项：
  --dry-run          只检查，不做任何改动
  --accounts 文件    新账号和初始密码写到这里（默认 gongzhi-accounts-日期-时间.csv）
  --concurrency N    同时发出的请求数（默认 8）
  -h, --help         显示本说明

${ENVIRONMENT_HELP}

退出码：0 全部成功；1 有行失败（逐行列出原因，失败的行什么也没改）；2 无法进行。`;

function timestamp(): string {
  const d = new Date();
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

export async function runImport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      accounts: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new Refusal('请给出要导入的文件（.xlsx 或 .csv）；gongzhi-admin import --help 查看用法');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new Refusal('--concurrency 应为 1 到 32');
  const dryRun = values['dry-run'];

  const sheets = await readSheets(positionals);
  for (const s of sheets) {
    console.log(`读取 ${s.source}：${LAYOUTS[s.kind].title} ${s.rows.length} 行`);
    if (s.ignored.length) console.log(`  忽略的列：${s.ignored.join('、')}`);
    if (s.exampleLine) console.log(`  第${s.exampleLine}行是模板的示例，已跳过`);
  }

  const { connection } = await connect();
  try {
    const api = connection.api;
    const options = { concurrency, progress: progressOnStderr() };
    const plan = await checkSheets(api, sheets, options);
    let accounts: AccountsFile | undefined;
    if (!dryRun) {
      if (plan.newPeople().length) {
        accounts = await AccountsFile.open(values.accounts ?? `gongzhi-accounts-${timestamp()}.csv`, values.accounts !== undefined);
      }
      try {
        await writePlan(api, plan, { ...options, onAccount: (account) => accounts?.add(account) });
      } finally {
        await accounts?.close();
      }
    }
    return report(plan, sheets, dryRun, accounts);
  } finally {
    await connection.signOut().catch(() => undefined);
  }
}

function report(plan: Plan, sheets: Sheet[], dryRun: boolean, accounts: AccountsFile | undefined): number {
  const failed = failures(plan, sheets);
  for (const o of failed) {
    console.log(`${o.sheet.source}${o.sheet.source.endsWith('」') ? '' : ' '}第${o.line}行：${o.why ? render(o.why, CHINESE) : ''}`);
  }
  const made = dryRun ? '将新建' : '新建';
  for (const s of sheets) {
    const count = tally(plan, s);
    console.log(`${LAYOUTS[s.kind].title}：${made} ${count.new}，已有 ${count.exists}，失败 ${count.failed}`);
  }
  const created = plan.outcomes.filter((o) => o.status === 'new').length;
  if (dryRun) console.log('试运行：没有做任何改动。');
  else if (created === 0 && failed.length === 0) console.log('没有改动：表中的一切都已在系统中。');
  if (accounts?.count) {
    console.log(`${accounts.count} 个新账号的初始密码已写入 ${accounts.path}（仅本人可读）：请分发给本人，首次登录须修改密码。`);
  }
  return failed.length ? 1 : 0;
}
