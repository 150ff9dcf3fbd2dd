// What the signed-in user's grants mean for navigation. Permissions on records come from
// the API (`allowed_actions`); this only decides which screens to offer.
import type { Schemas } from '../api/client';

export type Role = Schemas['Role'];
type User = Schemas['User'];

export function rolesOf(user: User | null): Set<Role> {
  return new Set((user?.grants ?? []).map((g) => g.role as Role));
}

const OFFICIAL: Role[] = ['community_worker', 'street_committee', 'district_admin', 'auditor'];
const MANAGERS: Role[] = ['street_committee', 'district_admin'];

export const canFileDemands = (roles: Set<Role>) => roles.has('resident') || roles.has('community_worker');
export const seesQueue = (roles: Set<Role>) => OFFICIAL.some((r) => roles.has(r));
export const managesUsers = (roles: Set<Role>) => MANAGERS.some((r) => roles.has(r));
/** 为居民开户: the roles the API lets open residents' accounts somewhere (`/me/permissions`
 * says where: `desk_registration_units`). */
export const registersResidents = (roles: Set<Role>) => (['community_worker', ...MANAGERS] as Role[]).some((r) => roles.has(r));
export const managesUnits = (roles: Set<Role>) => roles.has('district_admin');
export const readsUsers = (roles: Set<Role>) => managesUsers(roles) || roles.has('auditor');
// Projects: the street committee (and the district admin, over every street) drafts and runs
// them; auditors and community workers (who answer residents about them) read the list;
// supervisors inspect.
export const createsProjects = (roles: Set<Role>) => MANAGERS.some((r) => roles.has(r));
export const seesProjects = (roles: Set<Role>) =>
  (['street_committee', 'district_admin', 'auditor', 'community_worker'] as Role[]).some((r) => roles.has(r));
export const inspectsProjects = (roles: Set<Role>) => roles.has('supervisor');
/** A co-builder publishes its organisation's resources (我的资源). */
export const publishesResources = (roles: Set<Role>) => roles.has('co_builder');
/** Either side of a claim: the co-builder offering, the street committee (or district) asking. */
export const answersClaims = (roles: Set<Role>) => roles.has('co_builder') || MANAGERS.some((r) => roles.has(r));

// 三方联动: the three parties (the community's workers, the residents' organisation's
// supervisors, the property company's managers) and those over them (the street, the
// district, auditors) follow coordination cases; the parties may open one.
export const seesCases = (roles: Set<Role>) =>
  (['community_worker', 'street_committee', 'district_admin', 'auditor', 'supervisor', 'property_manager'] as Role[]).some((r) => roles.has(r));
export const opensCases = (roles: Set<Role>) => (['community_worker', 'supervisor', 'property_manager'] as Role[]).some((r) => roles.has(r));
/** 报修: residents and community workers report faults, property companies answer them. */
export const seesFaults = (roles: Set<Role>) => (['property_manager', 'resident', 'community_worker'] as Role[]).some((r) => roles.has(r));
/** 志愿服务: a team's volunteers sign up for its activities; its leaders run them (志愿队管理). */
export const servesAsVolunteer = (roles: Set<Role>) => roles.has('volunteer');
export const leadsVolunteers = (roles: Set<Role>) => roles.has('volunteer_leader');
/** 工作台: everyone with a role beyond resident lands on its own work. A resident's home stays
 * 我的需求 (its phone tabs), with the same counts at its top. */
export const worksFromWorkbench = (roles: Set<Role>) => [...roles].some((r) => r !== 'resident');
/** 三类组织覆盖: the officials over streets and the district, and auditors, read it. */
export const readsCoverage = (roles: Set<Role>) => (['street_committee', 'district_admin', 'auditor'] as Role[]).some((r) => roles.has(r));
/** 审计概览 (who did what: every account's history, the inspection votes with their voters):
 * the district admin and auditors, as the API allows (`forbidden_user_events` for the rest). */
export const readsAudit = (roles: Set<Role>) => (['district_admin', 'auditor'] as Role[]).some((r) => roles.has(r));
/** 定期公示: the street committee reads its own street's, the district admin and auditors every
 * street's; who publishes where is `/me/permissions`' `disclosure_streets`. */
export const readsDisclosures = (roles: Set<Role>) => (['street_committee', 'district_admin', 'auditor'] as Role[]).some((r) => roles.has(r));

/** 数据统计: the officials over a district, street or community, and auditors, read its figures
 * (as the API allows: `forbidden_statistics` for the rest). */
export const readsStatistics = (roles: Set<Role>) => OFFICIAL.some((r) => roles.has(r));

/**
 * Which roles may use which screen, by the router's path: the one rule behind both the menu
 * and the route guard. A path not listed is open to everyone signed in (a demand's own page:
 * the API says whether the reader may see it).
 */
export const SCREENS: Readonly<Record<string, (roles: Set<Role>) => boolean>> = {
  'demands/new': canFileDemands,
  'my/demands': (roles) => roles.has('resident'),
  // 长辈模式's home of a resident: its three actions and what waits for it.
  home: (roles) => roles.has('resident'),
  queue: seesQueue,
  'admin/units': (roles) => managesUnits(roles) || readsUsers(roles),
  'admin/organizations': (roles) => managesUnits(roles) || readsUsers(roles),
  'admin/users': readsUsers,
  // 批量导入: units come with it, which only the district admin makes.
  'admin/import': managesUnits,
  'residents/new': registersResidents,
  projects: seesProjects,
  'projects/new': createsProjects,
  inspections: inspectsProjects,
  'resources/mine': publishesResources,
  claims: answersClaims,
  cases: seesCases,
  faults: seesFaults,
  // A leader who is no volunteer is sent on from 志愿服务 to its own screen.
  volunteering: (roles) => servesAsVolunteer(roles) || leadsVolunteers(roles),
  'volunteering/manage': leadsVolunteers,
  coverage: readsCoverage,
  audit: readsAudit,
  disclosures: readsDisclosures,
  stats: readsStatistics,
};

/** Whether a user with these roles may open the screen at `path` (a route path, no leading slash). */
export function mayOpen(roles: Set<Role>, path: string): boolean {
  return SCREENS[path]?.(roles) ?? true;
}

/** Where a user lands after signing in: its 工作台, a resident its 我的需求 (in 长辈模式 its
 * home of three actions), a user without roles the board. */
export function homeFor(roles: Set<Role>, elder = false): string {
  if (worksFromWorkbench(roles)) return '/workbench';
  if (roles.has('resident')) return elder ? '/home' : '/my/demands';
  return '/board';
}
