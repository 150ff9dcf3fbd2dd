#!/usr/bin/env node
// gongzhi-admin: the district's chores done through the API, the way the web app does them.
import { runExport } from './commands/export.js';
import { runImport } from './commands/import.js';
import { runPublish } from './commands/publish.js';
import { runRemind } from './commands/remind.js';
import { runTemplate } from './commands/template.js';
import { ApiError } from './api/client.js';
import { ENVIRONMENT_HELP, Refusal } from './connect.js';
import { reason } from './labels.js';

const HELP = `用法：gongzhi-admin <命令> [选项]

命令：
  import    从 Excel / CSV 导入单位、组织和人员（连同第一个角色）
  template  写出导入用的空白模板（Excel 和 CSV）
  export    把一个清单按筛选条件导出为 CSV 或 Excel
  publish   为尚未发布的街道发布上月的定期公示，并校验每个街道的公示链
  remind    各街道的逾期需求、待验收项目、待答复认领（晨会用）

gongzhi-admin <命令> --help 查看各命令的选项。

${ENVIRONMENT_HELP}`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  import: runImport,
  template: runTemplate,
  export: runExport,
  publish: runPublish,
  remind: runRemind,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`没有命令“${name}”。\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof Refusal) {
      console.error(e.message);
      return 2;
    }
    // A mistyped option: node's parseArgs says which (in English).
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`选项有误：${e.message}（gongzhi-admin ${name} --help 查看用法）`);
      return 2;
    }
    // The server refused or could not be reached outside any one row: the run stops here.
    if (e instanceof ApiError) {
      console.error(`请求失败：${reason(e)}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
