// The import's check: every row against the sheet and against what the server already holds
// (found by natural key: a unit by its name under its parent, an organisation by its name at
// its unit, an account by its username), so that a row that is wrong creates nothing and a
// second run finds everything and creates nothing. Reads only: this is the dry run, and the
// plan that write.ts carries out.
import { listAll, unwrap, type Api, type Schemas } from '../api/core.js';
import { choices, codeOf, communityTypeLabels, organizationKindLabels, reason, roleLabels, yesNo, type CommunityType, type OrganizationKind, type Role } from './labels.js';
import { cell, type Row, type Sheet, type SheetKind } from './layouts.js';
import { eachLimited } from './pool.js';
import { Refusal } from './refusal.js';

type UnitKind = Schemas['UnitKind'];
type User = Schemas['User'];

/** What became of one row (or will, in the check). */
export interface Outcome {
  sheet: Sheet;
  line: number;
  status: 'new' | 'exists' | 'failed';
  why?: string;
}

/** The stages of a run, in order, each with its count of items done as it goes. */
export type Stage = 'accounts_check' | 'units' | 'organizations' | 'accounts';
export type Progress = (stage: Stage, done: number, total: number) => void;

export interface RunOptions {
  /** Requests sent at once. */
  concurrency: number;
  progress?: Progress;
}

/** A unit: one the server holds (`id` known from the start), or one a row asks for. */
export interface UnitNode {
  name: string;
  kind: UnitKind;
  parent?: UnitNode;
  id?: string;
  communityType?: CommunityType | null;
  children: Map<string, UnitNode>;
  /** Why a new unit could not be created. */
  failure?: string;
}

export interface OrganizationNode {
  name: string;
  kind: OrganizationKind;
  redProperty: boolean;
  unit: UnitNode;
  id?: string;
  failure?: string;
}

export interface Person {
  outcome: Outcome;
  username: string;
  displayName: string;
  phone: string;
  partyMember: boolean;
  role: Role;
  scope: { unit: UnitNode } | { organization: OrganizationNode };
}

export const LEVELS: { header: string; kind: UnitKind }[] = [
  { header: '街道', kind: 'street' },
  { header: '社区', kind: 'community' },
  { header: '小区', kind: 'compound' },
];

export function pathName(unit: UnitNode): string {
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

export class Plan {
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

  /** The accounts the run will create (their rows passed the check). */
  newPeople(): Person[] {
    return this.people.filter((p) => p.outcome.status === 'new');
  }
}

/** A sheet's rows by what became of them. */
export function tally(plan: Plan, sheet: Sheet): Record<Outcome['status'], number> {
  const counts = { new: 0, exists: 0, failed: 0 };
  for (const o of plan.outcomes) if (o.sheet === sheet) counts[o.status]++;
  return counts;
}

/** The failed rows, sheet by sheet in the order given, each sheet's by row number. */
export function failures(plan: Plan, sheets: readonly Sheet[]): Outcome[] {
  const order = (o: Outcome): number => sheets.indexOf(o.sheet) * 1e9 + o.line;
  return plan.outcomes.filter((o) => o.status === 'failed').sort((a, b) => order(a) - order(b));
}

/** The district and everything the server holds below it, as a tree to find names in. */
async function loadDistrict(api: Api): Promise<Plan> {
  const districts = await unwrap(api.GET('/api/v1/org-units', { params: { query: { kind: 'district', limit: 100 } } }));
  const [district, ...others] = districts.items;
  if (!district) throw new Refusal('系统中还没有区：先运行 gongzhi create-admin');
  if (others.length) throw new Refusal(`系统中有不止一个区（${districts.items.map((d) => d.name).join('、')}），只能导入到唯一的区`);
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
  return plan;
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
async function matchAccounts(api: Api, people: Person[], { concurrency, progress }: RunOptions): Promise<void> {
  let done = 0;
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
    progress?.('accounts_check', ++done, people.length);
  });
}

/** The check (a dry run): what each row would create, what exists already, and why a row
 * fails. Nothing is written. */
export async function checkSheets(api: Api, sheets: readonly Sheet[], options: RunOptions): Promise<Plan> {
  const plan = await loadDistrict(api);
  const sheet = (kind: SheetKind): Sheet | undefined => sheets.find((s) => s.kind === kind);
  const units = sheet('units');
  const organizations = sheet('organizations');
  const people = sheet('people');
  if (units) planUnits(plan, units);
  if (organizations) planOrganizations(plan, organizations);
  if (people) planPeople(plan, people);
  await matchAccounts(api, plan.people, options);
  return plan;
}
