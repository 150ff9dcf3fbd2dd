// import: a district's units, organisations and staff from its spreadsheets.
//
// Every row is checked before anything is written, against the sheet and against what the
// server already holds (found by natural key: a unit by its name under its parent, an
// organisation by its name at its unit, an account by its username), so a row that is
// wrong creates nothing and a second run finds everything and creates nothing. Writes go
// level by level (streets, communities, compounds, organisations, accounts), a few at once.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

import { idempotencyKey, listAll, unwrap, type Api, type Schemas } from '../api/client.js';
import { AccountsFile } from '../accounts.js';
import { connect, ENVIRONMENT_HELP, Refusal } from '../connect.js';
import {
  choices,
  codeOf,
  communityTypeLabels,
  organizationKindLabels,
  reason,
  roleLabels,
  yesNo,
  type CommunityType,
  type OrganizationKind,
  type Role,
} from '../labels.js';
import { eachLimited, Progress } from '../pool.js';
import { cell, LAYOUTS, readSheets, type Row, type Sheet, type SheetKind } from '../sheets.js';

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

type UnitKind = Schemas['UnitKind'];
type User = Schemas['User'];

/** What became of one row. */
interface Outcome {
  sheet: Sheet;
  line: number;
  status: 'new' | 'exists' | 'failed';
  why?: string;
}

/** A unit: one the server holds (`id` known from the start), or one a row asks for. */
interface UnitNode {
  name: string;
  kind: UnitKind;
  parent?: UnitNode;
  id?: string;
  communityType?: CommunityType | null;
  children: Map<string, UnitNode>;
  /** Why a new unit could not be created. */
  failure?: string;
}

interface OrganizationNode {
  name: string;
  kind: OrganizationKind;
  redProperty: boolean;
  unit: UnitNode;
  id?: string;
  failure?: string;
}

interface Person {
  outcome: Outcome;
  username: string;
  displayName: string;
  phone: string;
  partyMember: boolean;
  role: Role;
  scope: { unit: UnitNode } | { organization: OrganizationNode };
}

const LEVELS: { header: string; kind: UnitKind }[] = [
  { header: '街道', kind: 'street' },
  { header: '社区', kind: 'community' },
  { header: '小区', kind: 'compound' },
];

function pathName(unit: UnitNode): string {
  const names: string[] = [];
  for (let u: UnitNode | undefined = unit; u?.parent; u = u.parent) names.unshift(u.name);
  return names.join('/') || unit.name;
}

/** The names of a row's 街道 / 社区 / 小区, or why they make no place. */
function placeOf(row: Row): string[] | string {
  const names = LEVELS.map((l) => cell(row, l.header));
  const [street, community, compound] = names;
  if (compound && !community) return '填了小区，没有填社区';
  if (community && !street) return '填了社区，没有填街道';
  return names.filter(Boolean);
}

function find(root: UnitNode, names: readonly string[]): UnitNode | undefined {
  let node: UnitNode | undefined = root;
  for (const name of names) node = node?.children.get(name);
  return node;
}

class Plan {
  readonly outcomes: Outcome[] = [];
  readonly units: UnitNode[] = [];
  readonly organizations: OrganizationNode[] = [];
  /** Each unit and organisation row with the record it names: done once that has an id. */
  readonly unitRows: { outcome: Outcome; unit: UnitNode }[] = [];
  readonly organizationRows: { outcome: Outcome; organization: OrganizationNode }[] = [];
  readonly people: Person[] = [];
  private readonly organizationsAt = new Map<UnitNode, Map<string, OrganizationNode>>();

  constructor(readonly district: UnitNode) {}

  outcome(sheet: Sheet, row: Row, status: Outcome['status'], why?: string): Outcome {
    const o: Outcome = { sheet, line: row.line, status, why };
    this.outcomes.push(o);
    return o;
  }

  organizationsNamed(name: string, at?: UnitNode): OrganizationNode[] {
    const found: OrganizationNode[] = [];
    for (const [unit, byName] of this.organizationsAt) {
      const o = byName.get(name);
      if (o && (!at || unit === at)) found.push(o);
    }
    return found;
  }

  addOrganization(o: OrganizationNode): void {
    const byName = this.organizationsAt.get(o.unit) ?? new Map<string, OrganizationNode>();
    byName.set(o.name, o);
    this.organizationsAt.set(o.unit, byName);
  }

  organizationAt(unit: UnitNode, name: string): OrganizationNode | undefined {
    return this.organizationsAt.get(unit)?.get(name);
  }
}

/** The district and everything the server holds below it, as a tree to find names in. */
async function loadDistrict(api: Api): Promise<{ plan: Plan; byId: Map<string, UnitNode> }> {
  const districts = await unwrap(api.GET('/api/v1/org-units', { params: { query: { kind: 'district', limit: 100 } } }));
  const [district, ...others] = districts.items;
  if (!district) throw new Refusal('系统中还没有区：先运行 gongzhi create-admin');
  if (others.length) throw new Refusal(`系统中有不止一个区（${districts.items.map((d) => d.name).join('、')}），本脚本只导入到唯一的区`);
  const units = await listAll((cursor) =>
    unwrap(api.GET('/api/v1/org-units', { params: { query: { unit_id: district.id, limit: 100, cursor } } })),
  );
  const byId = new Map<string, UnitNode>();
  for (const u of units) {
    byId.set(u.id, { name: u.name, kind: u.kind, id: u.id, communityType: u.community_type, children: new Map() });
  }
  for (const u of units) {
    const node = byId.get(u.id) as UnitNode;
    const parent = u.parent_id ? byId.get(u.parent_id) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.set(node.name, node);
    }
  }
  const root = byId.get(district.id);
  if (!root) throw new Refusal(`读不到区 ${district.name} 的下级单位`);
  const plan = new Plan(root);
  const organizations = await listAll((cursor) =>
    unwrap(api.GET('/api/v1/organizations', { params: { query: { unit_id: district.id, limit: 100, cursor } } })),
  );
  for (const o of organizations) {
    const unit = byId.get(o.unit_id);
    if (unit) plan.addOrganization({ name: o.name, kind: o.kind, redProperty: o.red_property, unit, id: o.id });
  }
  return { plan, byId };
}

function planUnits(plan: Plan, sheet: Sheet): void {
  // A new community's type may be given on any row that names it, once.
  const types = new Map<string, { type: CommunityType; line: number }>();
  const rowErrors = new Map<Row, string>();
  for (const row of sheet.rows) {
    const given = cell(row, '社区类型');
    if (!given) continue;
    const type = codeOf(communityTypeLabels, given);
    const community = cell(row, '社区');
    if (!community) rowErrors.set(row, '填了社区类型，没有填社区');
    else if (!type) rowErrors.set(row, `社区类型“${given}”不认识，可填：${choices(communityTypeLabels)}`);
    else {
      const key = `${cell(row, '街道')}\u0000${community}`;
      const first = types.get(key);
      if (!first) types.set(key, { type, line: row.line });
      else if (first.type !== type) {
        rowErrors.set(row, `社区类型“${given}”与第${first.line}行的“${communityTypeLabels[first.type]}”不同`);
      }
    }
  }
  for (const row of sheet.rows) {
    const place = placeOf(row);
    const error =
      rowErrors.get(row) ?? (typeof place === 'string' ? place : place.length === 0 ? '没有填街道' : checkUnitRow(plan, row, place, types));
    if (error) {
      plan.outcome(sheet, row, 'failed', error);
      continue;
    }
    const names = place as string[];
    let node = plan.district;
    let created = false;
    names.forEach((name, depth) => {
      const level = LEVELS[depth] as (typeof LEVELS)[number];
      let child = node.children.get(name);
      if (!child) {
        const type = level.kind === 'community' ? types.get(`${names[0]}\u0000${name}`)?.type : undefined;
        child = { name, kind: level.kind, parent: node, communityType: type ?? null, children: new Map() };
        node.children.set(name, child);
        plan.units.push(child);
        created = depth === names.length - 1;
      }
      node = child;
    });
    plan.unitRows.push({ outcome: plan.outcome(sheet, row, created ? 'new' : 'exists'), unit: node });
  }
}

/** Why a unit row cannot be imported as it stands, if it cannot. */
function checkUnitRow(
  plan: Plan,
  row: Row,
  names: string[],
  types: Map<string, { type: CommunityType }>,
): string | undefined {
  let node: UnitNode | undefined = plan.district;
  for (const [depth, name] of names.entries()) {
    node = node?.children.get(name);
    if (depth !== 1) continue;
    const given = types.get(`${names[0]}\u0000${name}`)?.type;
    if (!node && !given) return `社区“${name}”是新的，须填社区类型（${choices(communityTypeLabels)}）`;
    const sheetType = cell(row, '社区类型') ? given : undefined;
    if (node?.id && sheetType && node.communityType !== sheetType) {
      const held = node.communityType ? communityTypeLabels[node.communityType] : '未定';
      return `社区“${name}”已存在，类型为${held}，与表中的“${communityTypeLabels[sheetType]}”不同；未改动`;
    }
  }
  return undefined;
}

function planOrganizations(plan: Plan, sheet: Sheet): void {
  for (const row of sheet.rows) {
    const name = cell(row, '组织名称');
    const kind = codeOf(organizationKindLabels, cell(row, '类型'));
    const red = yesNo(cell(row, '红色物业'));
    const place = placeOf(row);
    const unit = typeof place === 'string' ? undefined : find(plan.district, place);
    const error = !name
      ? '没有填组织名称'
      : !kind
        ? `类型“${cell(row, '类型')}”不认识，可填：${choices(organizationKindLabels)}`
        : red === undefined
          ? `红色物业应填“是”或“否”，不是“${cell(row, '红色物业')}”`
          : typeof place === 'string'
            ? place
            : !unit
              ? `单位“${place.join('/')}”既不在系统中，也不在「单位」表的有效行中`
              : undefined;
    if (error || !kind || !unit) {
      plan.outcome(sheet, row, 'failed', error);
      continue;
    }
    const same = plan.organizationAt(unit, name);
    if (same && same.kind !== kind) {
      plan.outcome(sheet, row, 'failed', `${pathName(unit)} 已有组织“${name}”，类型为${organizationKindLabels[same.kind]}；未改动`);
      continue;
    }
    const organization = same ?? { name, kind, redProperty: red === true, unit };
    if (!same) {
      plan.addOrganization(organization);
      plan.organizations.push(organization);
    }
    plan.organizationRows.push({ outcome: plan.outcome(sheet, row, same ? 'exists' : 'new'), organization });
  }
}

function planPeople(plan: Plan, sheet: Sheet): void {
  const usernames = new Map<string, number>();
  for (const row of sheet.rows) {
    const person = personOf(plan, row, usernames);
    if (typeof person === 'string') plan.outcome(sheet, row, 'failed', person);
    else plan.people.push({ ...person, outcome: plan.outcome(sheet, row, 'new') });
  }
}

/** A row's account and first role, or why it gives none. */
function personOf(plan: Plan, row: Row, usernames: Map<string, number>): Omit<Person, 'outcome'> | string {
  const displayName = cell(row, '姓名');
  const phone = cell(row, '手机');
  const username = cell(row, '用户名') || phone.replace(/[\s-]/g, '');
  const role = codeOf(roleLabels, cell(row, '角色'));
  const partyMember = yesNo(cell(row, '党员'));
  const place = placeOf(row);
  if (!displayName) return '没有填姓名';
  if (!username) return '手机和用户名都没有填：至少填一个，用来登录';
  if (!role) return `角色“${cell(row, '角色')}”不认识，可填：${choices(roleLabels)}`;
  if (partyMember === undefined) return `党员应填“是”或“否”，不是“${cell(row, '党员')}”`;
  if (typeof place === 'string') return place;
  const earlier = usernames.get(username);
  if (earlier !== undefined) return `用户名 ${username} 与第${earlier}行重复`;
  usernames.set(username, row.line);
  const at = place.length ? find(plan.district, place) : plan.district;
  if (!at) return `单位“${place.join('/')}”既不在系统中，也不在「单位」表的有效行中`;
  const organizationName = cell(row, '组织名称');
  if (!organizationName) return { username, displayName, phone, partyMember, role, scope: { unit: at } };
  const found = plan.organizationsNamed(organizationName, place.length ? at : undefined);
  const [organization, ...more] = found;
  if (!organization) return `组织“${organizationName}”既不在系统中，也不在「组织」表的有效行中`;
  if (more.length) {
    return `有 ${found.length} 个组织叫“${organizationName}”（${found.map((o) => pathName(o.unit)).join('、')}），请填写它所在的街道/社区/小区`;
  }
  return { username, displayName, phone, partyMember, role, scope: { organization } };
}

/** Whether an account already holds the role a row gives, where the row gives it. */
function holds(user: User, person: Person): boolean {
  const scope = person.scope;
  return user.grants.some(
    (g) =>
      g.role === person.role &&
      ('organization' in scope ? g.organization_id === scope.organization.id : g.unit_id === scope.unit.id && !g.organization_id),
  );
}

/** Accounts by username: a row whose account exists is done if it holds the row's role
 * there, and refused otherwise (the name is someone else's, or the role differs). */
async function matchAccounts(api: Api, people: Person[], concurrency: number): Promise<void> {
  const progress = new Progress('核对账号', people.length);
  await eachLimited(people, concurrency, async (person) => {
    try {
      const found = await listAll((cursor) =>
        unwrap(api.GET('/api/v1/users', { params: { query: { q: person.username, limit: 100, cursor } } })),
      );
      const user = found.find((u) => u.username === person.username);
      if (user && holds(user, person)) person.outcome.status = 'exists';
      else if (user) {
        person.outcome.status = 'failed';
        person.outcome.why = `用户名 ${person.username} 已有账号（${user.display_name}），但它没有这一角色；未改动`;
      }
    } catch (e) {
      person.outcome.status = 'failed';
      person.outcome.why = `查不到用户名 ${person.username}：${reason(e)}`;
    }
    progress.tick();
  });
}

/** Twelve letters and digits that no one misreads (no 0/O, 1/l/I). */
function temporaryPassword(username: string): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    const password = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (!password.toLowerCase().includes(username.toLowerCase())) return password;
  }
}

function fail(outcome: Outcome, why: string): void {
  outcome.status = 'failed';
  outcome.why ??= why;
}

/** The first failure on a unit's way down from the district: the one that says why. */
function failureOf(unit: UnitNode): string | undefined {
  return (unit.parent && failureOf(unit.parent)) ?? unit.failure;
}

/** Rows whose unit or organisation was not created, each with the reason. */
function settle(plan: Plan): void {
  for (const { outcome, unit } of plan.unitRows) {
    if (!unit.id) fail(outcome, failureOf(unit) ?? '未能新建');
  }
  for (const { outcome, organization: o } of plan.organizationRows) {
    if (!o.id) fail(outcome, failureOf(o.unit) ?? o.failure ?? '未能新建');
  }
}

async function createUnits(api: Api, plan: Plan, concurrency: number): Promise<void> {
  const progress = new Progress('新建单位', plan.units.length);
  for (const level of LEVELS) {
    const units = plan.units.filter((u) => u.kind === level.kind);
    await eachLimited(units, concurrency, async (unit) => {
      const parentId = unit.parent?.id;
      if (parentId) {
        const body = { parent_id: parentId, name: unit.name, kind: unit.kind, community_type: unit.communityType };
        try {
          const created = await unwrap(
            api.POST('/api/v1/org-units', {
              params: { header: { 'Idempotency-Key': idempotencyKey('/api/v1/org-units', body) } },
              body,
            }),
          );
          unit.id = created.id;
        } catch (e) {
          unit.failure = `新建“${pathName(unit)}”失败：${reason(e)}`;
        }
      }
      progress.tick();
    });
  }
}

async function createOrganizations(api: Api, plan: Plan, concurrency: number): Promise<void> {
  const progress = new Progress('新建组织', plan.organizations.length);
  await eachLimited(plan.organizations, concurrency, async (o) => {
    if (o.unit.id) {
      const body = { name: o.name, kind: o.kind, unit_id: o.unit.id, red_property: o.redProperty };
      try {
        const created = await unwrap(
          api.POST('/api/v1/organizations', {
            params: { header: { 'Idempotency-Key': idempotencyKey('/api/v1/organizations', body) } },
            body,
          }),
        );
        o.id = created.id;
      } catch (e) {
        o.failure = `新建组织失败：${reason(e)}`;
      }
    }
    progress.tick();
  });
}

async function createAccounts(api: Api, people: Person[], accounts: AccountsFile, concurrency: number): Promise<void> {
  const progress = new Progress('新建账号', people.length);
  await eachLimited(people, concurrency, async (person) => {
    const scope = person.scope;
    const grant =
      'organization' in scope
        ? { role: person.role, organization_id: scope.organization.id }
        : { role: person.role, unit_id: scope.unit.id };
    const where = 'organization' in scope ? scope.organization.name : pathName(scope.unit);
    if (!grant.organization_id && !grant.unit_id) {
      const why = 'organization' in scope ? (failureOf(scope.organization.unit) ?? scope.organization.failure) : failureOf(scope.unit);
      fail(person.outcome, why ?? `“${where}”未能新建`);
      progress.tick();
      return;
    }
    const password = temporaryPassword(person.username);
    const body = {
      username: person.username,
      password,
      display_name: person.displayName,
      phone: person.phone || null,
      party_member: person.partyMember,
      grant,
      // Its holder replaces it at first sign-in, whoever imports (a district admin's chosen
      // password would last otherwise).
      temporary_password: true,
    };
    try {
      await unwrap(
        api.POST('/api/v1/users', {
          params: { header: { 'Idempotency-Key': idempotencyKey('/api/v1/users', body) } },
          body,
        }),
      );
    } catch (e) {
      fail(person.outcome, reason(e));
      progress.tick();
      return;
    }
    await accounts.add([person.username, person.displayName, person.phone, roleLabels[person.role], where, password]);
    progress.tick();
  });
}

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
  const sheet = (kind: SheetKind): Sheet | undefined => sheets.find((s) => s.kind === kind);

  const { connection } = await connect();
  try {
    const api = connection.api;
    const { plan } = await loadDistrict(api);
    const units = sheet('units');
    const organizations = sheet('organizations');
    const people = sheet('people');
    if (units) planUnits(plan, units);
    if (organizations) planOrganizations(plan, organizations);
    if (people) planPeople(plan, people);
    await matchAccounts(api, plan.people, concurrency);
    const newPeople = plan.people.filter((p) => p.outcome.status === 'new');

    let accounts: AccountsFile | undefined;
    if (!dryRun) {
      await createUnits(api, plan, concurrency);
      await createOrganizations(api, plan, concurrency);
      settle(plan);
      if (newPeople.length) {
        accounts = await AccountsFile.open(values.accounts ?? `gongzhi-accounts-${timestamp()}.csv`, values.accounts !== undefined);
        try {
          await createAccounts(api, newPeople, accounts, concurrency);
        } finally {
          await accounts.close();
        }
      }
    }
    return report(plan, sheets, dryRun, accounts);
  } finally {
    await connection.signOut().catch(() => undefined);
  }
}

function report(plan: Plan, sheets: Sheet[], dryRun: boolean, accounts: AccountsFile | undefined): number {
  const failed = plan.outcomes.filter((o) => o.status === 'failed');
  const order = (o: Outcome): number => sheets.indexOf(o.sheet) * 1e9 + o.line;
  for (const o of failed.sort((a, b) => order(a) - order(b))) {
    console.log(`${o.sheet.source}${o.sheet.source.endsWith('」') ? '' : ' '}第${o.line}行：${o.why}`);
  }
  const made = dryRun ? '将新建' : '新建';
  for (const s of sheets) {
    const of = plan.outcomes.filter((o) => o.sheet === s);
    const count = (status: Outcome['status']): number => of.filter((o) => o.status === status).length;
    console.log(`${LAYOUTS[s.kind].title}：${made} ${count('new')}，已有 ${count('exists')}，失败 ${count('failed')}`);
  }
  const created = plan.outcomes.filter((o) => o.status === 'new').length;
  if (dryRun) console.log('试运行：没有做任何改动。');
  else if (created === 0 && failed.length === 0) console.log('没有改动：表中的一切都已在系统中。');
  if (accounts?.count) {
    console.log(`${accounts.count} 个新账号的初始密码已写入 ${accounts.path}（仅本人可读）：请分发给本人，首次登录须修改密码。`);
  }
  return failed.length ? 1 : 0;
}
