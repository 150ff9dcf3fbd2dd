// The import's check: every row against the sheet and against what the server already holds
// (found by natural key: a unit by its name under its parent, an organisation by its name at
// its unit, an account by its username), so that a row that is wrong creates nothing and a
// second run finds everything and creates nothing. Reads only: this is the dry run, and the
// plan that write.ts carries out.
import { listAll, unwrap, type Api, type Schemas } from '../api/core.js';
import { choices, codeOf, communityTypeLabels, organizationKindLabels, roleLabels, yesNo, type CommunityType, type OrganizationKind, type Role } from './labels.js';
import { cell, type Row, type Sheet, type SheetKind } from './layouts.js';
import { callFailure, message, type Message } from './messages.js';
import { eachLimited } from './pool.js';
import { Refusal } from './refusal.js';

type UnitKind = Schemas['UnitKind'];
type User = Schemas['User'];

/** What became of one row (or will, in the check). */
export interface Outcome {
  sheet: Sheet;
  line: number;
  status: 'new' | 'exists' | 'failed';
  why?: Message;
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
  failure?: Message;
}

export interface OrganizationNode {
  name: string;
  kind: OrganizationKind;
  redProperty: boolean;
  unit: UnitNode;
  id?: string;
  failure?: Message;
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
function placeOf(row: Row): string[] | Message {
  const names = LEVELS.map((l) => cell(row, l.header));
  const [street, community, compound] = names;
  if (compound && !community) return message('filled_without', { filled: '小区', missing: '社区' });
  if (community && !street) return message('filled_without', { filled: '社区', missing: '街道' });
  return names.filter(Boolean);
}

/** Whether a check gave its reason rather than what it was looking for. */
function isMessage<T extends object>(value: T | Message): value is Message {
  return 'code' in value && 'params' in value;
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

  outcome(sheet: Sheet, row: Row, status: Outcome['status'], why?: Message): Outcome {
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
  if (!district) throw new Refusal(message('no_district'));
  if (others.length) throw new Refusal(message('several_districts', { names: districts.items.map((d) => d.name) }));
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
  if (!root) throw new Refusal(message('district_unreadable', { name: district.name }));
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
  const rowErrors = new Map<Row, Message>();
  for (const row of sheet.rows) {
    const given = cell(row, '社区类型');
    if (!given) continue;
    const type = codeOf(communityTypeLabels, given);
    const community = cell(row, '社区');
    if (!community) rowErrors.set(row, message('filled_without', { filled: '社区类型', missing: '社区' }));
    else if (!type) rowErrors.set(row, message('unknown_label', { column: '社区类型', given, choices: choices(communityTypeLabels) }));
    else {
      const key = `${cell(row, '街道')}\u0000${community}`;
      const first = types.get(key);
      if (!first) types.set(key, { type, line: row.line });
      else if (first.type !== type) {
        rowErrors.set(row, message('community_type_conflict', { given, line: first.line, first: communityTypeLabels[first.type] }));
      }
    }
  }
  for (const row of sheet.rows) {
    const place = placeOf(row);
    const error =
      rowErrors.get(row) ?? (isMessage(place) ? place : place.length === 0 ? message('empty', { column: '街道' }) : checkUnitRow(plan, row, place, types));
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
): Message | undefined {
  let node: UnitNode | undefined = plan.district;
  for (const [depth, name] of names.entries()) {
    node = node?.children.get(name);
    if (depth !== 1) continue;
    const given = types.get(`${names[0]}\u0000${name}`)?.type;
    if (!node && !given) return message('new_community_needs_type', { name, choices: choices(communityTypeLabels) });
    const sheetType = cell(row, '社区类型') ? given : undefined;
    if (node?.id && sheetType && node.communityType !== sheetType) {
      const held = node.communityType ? communityTypeLabels[node.communityType] : message('community_type_unset');
      return message('community_type_differs', { name, held, given: communityTypeLabels[sheetType] });
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
    const unit = isMessage(place) ? undefined : find(plan.district, place);
    const error = !name
      ? message('empty', { column: '组织名称' })
      : !kind
        ? message('unknown_label', { column: '类型', given: cell(row, '类型'), choices: choices(organizationKindLabels) })
        : red === undefined
          ? message('not_yes_no', { column: '红色物业', given: cell(row, '红色物业') })
          : isMessage(place)
            ? place
            : !unit
              ? message('unit_unknown', { path: place.join('/') })
              : undefined;
    if (error || !kind || !unit) {
      plan.outcome(sheet, row, 'failed', error);
      continue;
    }
    const same = plan.organizationAt(unit, name);
    if (same && same.kind !== kind) {
      plan.outcome(sheet, row, 'failed', message('organization_kind_differs', { unit: pathName(unit), name, held: organizationKindLabels[same.kind] }));
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
    if (isMessage(person)) plan.outcome(sheet, row, 'failed', person);
    else plan.people.push({ ...person, outcome: plan.outcome(sheet, row, 'new') });
  }
}

/** A row's account and first role, or why it gives none. */
function personOf(plan: Plan, row: Row, usernames: Map<string, number>): Omit<Person, 'outcome'> | Message {
  const displayName = cell(row, '姓名');
  const phone = cell(row, '手机');
  const username = cell(row, '用户名') || phone.replace(/[\s-]/g, '');
  const role = codeOf(roleLabels, cell(row, '角色'));
  const partyMember = yesNo(cell(row, '党员'));
  const place = placeOf(row);
  if (!displayName) return message('empty', { column: '姓名' });
  if (!username) return message('no_username');
  if (!role) return message('unknown_label', { column: '角色', given: cell(row, '角色'), choices: choices(roleLabels) });
  if (partyMember === undefined) return message('not_yes_no', { column: '党员', given: cell(row, '党员') });
  if (isMessage(place)) return place;
  const earlier = usernames.get(username);
  if (earlier !== undefined) return message('username_repeated', { username, line: earlier });
  usernames.set(username, row.line);
  const at = place.length ? find(plan.district, place) : plan.district;
  if (!at) return message('unit_unknown', { path: place.join('/') });
  const organizationName = cell(row, '组织名称');
  if (!organizationName) return { username, displayName, phone, partyMember, role, scope: { unit: at } };
  const found = plan.organizationsNamed(organizationName, place.length ? at : undefined);
  const [organization, ...more] = found;
  if (!organization) return message('organization_unknown', { name: organizationName });
  if (more.length) {
    return message('organization_ambiguous', { count: found.length, name: organizationName, units: found.map((o) => pathName(o.unit)) });
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
        person.outcome.why = message('username_exists_without_role', { username: person.username, name: user.display_name });
      }
    } catch (e) {
      person.outcome.status = 'failed';
      person.outcome.why = message('username_lookup_failed', { username: person.username, reason: callFailure(e) });
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
