// The import's three sheets: their headers, what each column takes, and the template's files.
// Light on purpose: the web app's screen offers the template from here before it loads the
// reading (sheets.ts, with ExcelJS) on the first upload.
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

export const SHEET_KINDS = Object.keys(LAYOUTS) as SheetKind[];

/** The empty template's files: a workbook with the three sheets, and each sheet as a CSV. */
export const TEMPLATE_FILES: readonly { name: string; sheet?: SheetKind }[] = [
  { name: '导入模板.xlsx' },
  ...SHEET_KINDS.map((sheet) => ({ name: `${LAYOUTS[sheet].title}.csv`, sheet })),
];

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
