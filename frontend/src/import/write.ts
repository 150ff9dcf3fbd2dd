// The import's writes, as the check (plan.ts) planned them: level by level (streets,
// communities, compounds, organisations, accounts), a few at once, each with an
// Idempotency-Key. A row whose unit or organisation could not be created fails with the
// reason, and creates nothing below it.
import { stringify } from 'csv-stringify/sync';

import { ApiError, keyed, unwrap, type Api } from '../api/core.js';
import { roleLabels } from './labels.js';
import { callFailure, message, type Message } from './messages.js';
import { LEVELS, pathName, type Outcome, type Person, type Plan, type RunOptions, type UnitNode } from './plan.js';
import { eachLimited } from './pool.js';

/** A new account and its first password, which its holder replaces at first sign-in. */
export interface NewAccount {
  username: string;
  displayName: string;
  phone: string;
  role: string;
  /** The unit or organisation its role is at. */
  where: string;
  password: string;
}

/** The new accounts' file, for the operator to hand out: its head, with the BOM Excel needs
 * to read it as UTF-8, then a line per account. */
export const ACCOUNTS_CSV_HEAD = `\uFEFF${stringify([['用户名', '姓名', '手机', '角色', '范围', '初始密码（首次登录须修改）']])}`;

export function accountsCsvLine(a: NewAccount): string {
  return stringify([[a.username, a.displayName, a.phone, a.role, a.where, a.password]]);
}

/** Twelve letters and digits that no one misreads (no 0/O, 1/l/I). */
function temporaryPassword(username: string): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  // A byte at or above the last whole multiple of the alphabet's length is drawn again, so
  // that no letter is likelier than another.
  const limit = 256 - (256 % alphabet.length);
  for (;;) {
    const letters: string[] = [];
    while (letters.length < 12) {
      const byte = crypto.getRandomValues(new Uint8Array(1))[0] as number;
      if (byte < limit) letters.push(alphabet[byte % alphabet.length] as string);
    }
    const password = letters.join('');
    if (!password.toLowerCase().includes(username.toLowerCase())) return password;
  }
}

function fail(outcome: Outcome, why: Message): void {
  outcome.status = 'failed';
  outcome.why ??= why;
}

/** The first failure on a unit's way down from the district: the one that says why. */
function failureOf(unit: UnitNode): Message | undefined {
  return (unit.parent && failureOf(unit.parent)) ?? unit.failure;
}

/** Rows whose unit or organisation was not created, each with the reason. */
function settle(plan: Plan): void {
  for (const { outcome, unit } of plan.unitRows) {
    if (!unit.id) fail(outcome, failureOf(unit) ?? message('not_created'));
  }
  for (const { outcome, organization: o } of plan.organizationRows) {
    if (!o.id) fail(outcome, failureOf(o.unit) ?? o.failure ?? message('not_created'));
  }
}

/** Whether a unit or organisation the check did not find was made by someone else since. */
function takenMeanwhile(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'name_taken';
}

async function createUnits(api: Api, plan: Plan, { concurrency, progress }: RunOptions): Promise<void> {
  let done = 0;
  for (const level of LEVELS) {
    const units = plan.units.filter((u) => u.kind === level.kind);
    await eachLimited(units, concurrency, async (unit) => {
      const parentId = unit.parent?.id;
      if (parentId) {
        const body = { parent_id: parentId, name: unit.name, kind: unit.kind, community_type: unit.communityType };
        try {
          const created = await unwrap(api.POST('/api/v1/org-units', await keyed('/api/v1/org-units', body)));
          unit.id = created.id;
        } catch (e) {
          unit.failure = takenMeanwhile(e)
            ? message('unit_taken_meanwhile', { unit: pathName(unit) })
            : message('unit_create_failed', { unit: pathName(unit), reason: callFailure(e) });
        }
      }
      progress?.('units', ++done, plan.units.length);
    });
  }
}

async function createOrganizations(api: Api, plan: Plan, { concurrency, progress }: RunOptions): Promise<void> {
  let done = 0;
  await eachLimited(plan.organizations, concurrency, async (o) => {
    if (o.unit.id) {
      const body = { name: o.name, kind: o.kind, unit_id: o.unit.id, red_property: o.redProperty };
      try {
        const created = await unwrap(api.POST('/api/v1/organizations', await keyed('/api/v1/organizations', body)));
        o.id = created.id;
      } catch (e) {
        o.failure = takenMeanwhile(e)
          ? message('organization_taken_meanwhile', { unit: pathName(o.unit), name: o.name })
          : message('organization_create_failed', { reason: callFailure(e) });
      }
    }
    progress?.('organizations', ++done, plan.organizations.length);
  });
}

async function createAccounts(
  api: Api,
  people: Person[],
  onAccount: (account: NewAccount) => Promise<void> | void,
  { concurrency, progress }: RunOptions,
): Promise<void> {
  let done = 0;
  const tick = () => progress?.('accounts', ++done, people.length);
  await eachLimited(people, concurrency, async (person) => {
    const scope = person.scope;
    const grant =
      'organization' in scope
        ? { role: person.role, organization_id: scope.organization.id }
        : { role: person.role, unit_id: scope.unit.id };
    const where = 'organization' in scope ? scope.organization.name : pathName(scope.unit);
    if (!grant.organization_id && !grant.unit_id) {
      const why = 'organization' in scope ? (failureOf(scope.organization.unit) ?? scope.organization.failure) : failureOf(scope.unit);
      fail(person.outcome, why ?? message('place_not_created', { where }));
      tick();
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
      await unwrap(api.POST('/api/v1/users', await keyed('/api/v1/users', body)));
    } catch (e) {
      fail(person.outcome, message('call_failed', { reason: callFailure(e) }));
      tick();
      return;
    }
    await onAccount({ username: person.username, displayName: person.displayName, phone: person.phone, role: roleLabels[person.role], where, password });
    tick();
  });
}

/** Carries out a checked plan; each new account is handed to `onAccount` (with its first
 * password) as soon as the server has made it, so a run cut short still keeps those. */
export async function writePlan(
  api: Api,
  plan: Plan,
  options: RunOptions & { onAccount: (account: NewAccount) => Promise<void> | void },
): Promise<void> {
  await createUnits(api, plan, options);
  await createOrganizations(api, plan, options);
  settle(plan);
  await createAccounts(api, plan.newPeople(), options.onAccount, options);
}
