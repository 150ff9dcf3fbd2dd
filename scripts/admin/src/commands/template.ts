// template: the empty import sheets, a workbook and the same three as CSV, each with its
// headers, notes on what a column takes, and one example row (skipped if left in). The web
// app's build writes the same files for its import screen to offer.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { TEMPLATE_FILES } from '../../../../frontend/src/import/layouts.js';
import { templateContent } from '../../../../frontend/src/import/sheets.js';
import { Refusal } from '../connect.js';

const HELP = `用法：gongzhi-admin template [--out 目录]

在目录（默认当前目录）写出导入用的空白模板：
  导入模板.xlsx              一个工作簿，单位 / 组织 / 人员 三张表
  单位.csv 组织.csv 人员.csv  同样的三张表，各一个 CSV（UTF-8，带 BOM，Excel 可直接打开）
每张表有一行示例；原样留着的示例行导入时跳过。已有同名文件时不覆盖。`;

export async function runTemplate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: '.' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  for (const file of TEMPLATE_FILES) {
    const path = join(values.out, file.name);
    try {
      await writeFile(path, await templateContent(file), { flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Refusal(code === 'EEXIST' ? `${path} 已存在，未覆盖` : `无法写 ${path}：${String(e)}`);
    }
    console.log(`已写出 ${path}`);
  }
  return 0;
}
