// A district's workbook of the size issue 21 names (5 streets, 60 communities, 180
// compounds, 300 organisations, 1,000 staff), to time `gongzhi-admin import` against a
// release build. Deterministic: the same counts make the same workbook.
//   npm run -s fixture -- [--out district.xlsx] [--streets 5] [--communities 60] [--compounds 180]
//                         [--organizations 300] [--people 1000]
import { parseArgs } from 'node:util';

import ExcelJS from 'exceljs';

import { communityTypeLabels, organizationKindLabels, roleLabels, type CommunityType, type OrganizationKind, type Role } from './labels.js';
import { LAYOUTS } from '../../../frontend/src/import/layouts.js';

const PLACES = '建设 解放 人民 友谊 和平 幸福 光明 朝阳 文化 长江 黄河 嵩山 京广 陇海 大学 航海 淮河 兴华 齐礼 福寿'.split(' ');
const SURNAMES = '王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗'.split(' ');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 建国 国强 志强 海燕 红梅 玉兰 德明'.split(' ');
const TYPES: CommunityType[] = ['old', 'new', 'resettlement', 'village'];

function count(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} 应为正整数`);
  return n;
}

/** A place name, unique for `i` (建设, 解放, …, then 建设2, 解放2, …). */
function place(i: number): string {
  const round = Math.floor(i / PLACES.length);
  return `${PLACES[i % PLACES.length]}${round === 0 ? '' : round + 1}`;
}

function person(i: number): string {
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
  const round = Math.floor(i / (SURNAMES.length * GIVEN.length));
  return round === 0 ? name : `${name}${round + 1}`;
}

interface Unit {
  street: string;
  community: string;
  compound: string;
}

interface Organization {
  name: string;
  kind: OrganizationKind;
  at: Unit;
  red: boolean;
}

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'gongzhi-district-fixture.xlsx' },
    streets: { type: 'string', default: '5' },
    communities: { type: 'string', default: '60' },
    compounds: { type: 'string', default: '180' },
    organizations: { type: 'string', default: '300' },
    people: { type: 'string', default: '1000' },
  },
});
const sizes = {
  streets: count(values.streets, 'streets'),
  communities: count(values.communities, 'communities'),
  compounds: count(values.compounds, 'compounds'),
  organizations: count(values.organizations, 'organizations'),
  people: count(values.people, 'people'),
};

const streets = Array.from({ length: sizes.streets }, (_, i) => `${place(i)}街道`);
const communities: Unit[] = Array.from({ length: sizes.communities }, (_, i) => ({
  street: streets[i % streets.length] as string,
  community: `${place(i + sizes.streets)}社区`,
  compound: '',
}));
const compounds: Unit[] = Array.from({ length: sizes.compounds }, (_, i) => {
  const c = communities[i % communities.length] as Unit;
  return { ...c, compound: `${c.community.slice(0, -2)}${Math.floor(i / communities.length) + 1}号院` };
});

// The parties first, as a district would list them: each compound's owners' committee, each
// community's volunteer team, property companies, then the co-builders of each street.
function* candidates(): Generator<Organization> {
  for (const at of compounds) yield { name: `${at.compound}业主委员会`, kind: 'resident_autonomy', at, red: false };
  for (const at of communities) yield { name: `${at.community}志愿服务队`, kind: 'volunteer_org', at, red: false };
  for (const [i, at] of compounds.entries()) yield { name: `${at.compound}物业服务中心`, kind: 'property_service', at, red: i % 2 === 0 };
  const builders: [OrganizationKind, string][] = [
    ['government_dept', '城管所'],
    ['stationed_unit', '供电所'],
    ['social_org', '社工服务中心'],
    ['merchant', '便民超市'],
  ];
  for (let round = 1; ; round++) {
    for (const street of streets) {
      for (const [kind, what] of builders) {
        yield { name: `${street.slice(0, -2)}${what}${round === 1 ? '' : round}`, kind, at: { street, community: '', compound: '' }, red: false };
      }
    }
  }
}
const organizations: Organization[] = [];
for (const o of candidates()) {
  if (organizations.length === sizes.organizations) break;
  organizations.push(o);
}

const ROLE_OF: Partial<Record<OrganizationKind, Role>> = {
  resident_autonomy: 'supervisor',
  volunteer_org: 'volunteer_leader',
  property_service: 'property_manager',
  government_dept: 'co_builder',
  stationed_unit: 'co_builder',
  social_org: 'co_builder',
  merchant: 'co_builder',
};

interface Staff {
  role: Role;
  at: Unit;
  organization?: Organization;
}

// A street committee per street, community workers, one person for each organisation, then
// volunteers in the teams.
function* staff(): Generator<Staff> {
  for (const street of streets) yield { role: 'street_committee', at: { street, community: '', compound: '' } };
  for (let round = 0; round < 5; round++) for (const at of communities) yield { role: 'community_worker', at };
  for (const o of organizations) {
    const role = ROLE_OF[o.kind];
    if (role) yield { role, at: o.at, organization: o };
  }
  const teams = organizations.filter((o) => o.kind === 'volunteer_org');
  if (teams.length === 0) return;
  for (let i = 0; ; i++) {
    const team = teams[i % teams.length] as Organization;
    yield { role: 'volunteer', at: team.at, organization: team };
  }
}
const people: Staff[] = [];
for (const s of staff()) {
  if (people.length === sizes.people) break;
  people.push(s);
}

const workbook = new ExcelJS.Workbook();
const sheet = (kind: keyof typeof LAYOUTS, rows: string[][]): void => {
  const worksheet = workbook.addWorksheet(LAYOUTS[kind].title);
  worksheet.addRow([...LAYOUTS[kind].headers]);
  for (const row of rows) worksheet.addRow(row);
};
sheet('units', [
  ...streets.map((s) => [s, '', '', '']),
  ...communities.map((c, i) => [c.street, c.community, communityTypeLabels[TYPES[i % TYPES.length] as CommunityType], '']),
  ...compounds.map((c) => [c.street, c.community, '', c.compound]),
]);
sheet(
  'organizations',
  organizations.map((o) => [o.name, organizationKindLabels[o.kind], o.at.street, o.at.community, o.at.compound, o.red ? '是' : '否']),
);
sheet(
  'people',
  people.map((p, i) => [
    person(i),
    `139${String(i).padStart(8, '0')}`,
    '',
    roleLabels[p.role],
    p.at.street,
    p.at.community,
    p.at.compound,
    p.organization?.name ?? '',
    i % 3 === 0 ? '是' : '否',
  ]),
);
await workbook.xlsx.writeFile(values.out);
console.log(
  `已写出 ${values.out}：${streets.length} 个街道、${communities.length} 个社区、${compounds.length} 个小区、` +
    `${organizations.length} 个组织、${people.length} 名人员`,
);
