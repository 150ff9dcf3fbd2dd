import { describe, expect, it } from 'vitest';

import { homeFor, mayOpen, readsAudit, rolesOf, type Role } from './roles';

const user = (...roles: Role[]) => ({
  id: 'u',
  username: 'u',
  display_name: 'u',
  party_member: false, disabled: false, password_change_required: false, allowed_actions: [],
  created_at: '',
  updated_at: '',
  version: 1,
  grants: roles.map((role, i) => ({ id: `${i}`, role, unit_id: 'x' })),
});

describe('homeFor', () => {
  it('sends everyone but a resident to its 工作台, a resident to 我的需求', () => {
    expect(homeFor(rolesOf(user('resident')))).toBe('/my/demands');
    for (const role of ['community_worker', 'street_committee', 'district_admin', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer', 'auditor'] as Role[]) {
      expect(homeFor(rolesOf(user(role))), role).toBe('/workbench');
    }
    // A resident who also works for the street lands on its work (its counts include the resident's).
    expect(homeFor(rolesOf(user('resident', 'street_committee')))).toBe('/workbench');
    // An account without roles, and a visitor, have only the board.
    expect(homeFor(rolesOf(user()))).toBe('/board');
    expect(homeFor(rolesOf(null))).toBe('/board');
  });
});

describe('mayOpen', () => {
  const as = (...roles: Role[]) => rolesOf(user(...roles));

  it('keeps each screen to the roles that use it', () => {
    expect(mayOpen(as('co_builder'), 'queue')).toBe(false);
    expect(mayOpen(as('community_worker'), 'queue')).toBe(true);
    expect(mayOpen(as('supervisor'), 'demands/new')).toBe(false);
    expect(mayOpen(as('resident'), 'demands/new')).toBe(true);
    expect(mayOpen(as('community_worker'), 'my/demands')).toBe(false);
    for (const screen of ['admin/units', 'admin/organizations', 'admin/users']) {
      expect(mayOpen(as('resident'), screen)).toBe(false);
      expect(mayOpen(as('street_committee'), screen)).toBe(true);
    }
    expect(mayOpen(as('street_committee'), 'demands/:id')).toBe(true);
    // 批量导入 makes units: the district admin's alone.
    expect(mayOpen(as('district_admin'), 'admin/import')).toBe(true);
    expect(mayOpen(as('street_committee'), 'admin/import')).toBe(false);
  });

  it('gives projects to those who run, read and inspect them; a project page to everyone', () => {
    expect(mayOpen(as('street_committee'), 'projects/new')).toBe(true);
    expect(mayOpen(as('district_admin'), 'projects/new')).toBe(true);
    expect(mayOpen(as('auditor'), 'projects/new')).toBe(false);
    expect(mayOpen(as('auditor'), 'projects')).toBe(true);
    // The walk: a worker answering residents about their community's projects could not list them.
    expect(mayOpen(as('community_worker'), 'projects')).toBe(true);
    expect(mayOpen(as('community_worker'), 'projects/new')).toBe(false);
    expect(mayOpen(as('resident'), 'projects')).toBe(false);
    expect(mayOpen(as('supervisor'), 'inspections')).toBe(true);
    expect(mayOpen(as('street_committee'), 'inspections')).toBe(false);
    for (const role of ['resident', 'co_builder', 'supervisor'] as Role[]) expect(mayOpen(as(role), 'projects/:id')).toBe(true);
  });

  it('gives co-builders their resources, and the claims to both sides of a claim', () => {
    expect(mayOpen(as('co_builder'), 'resources/mine')).toBe(true);
    expect(mayOpen(as('street_committee'), 'resources/mine')).toBe(false);
    for (const role of ['co_builder', 'street_committee', 'district_admin'] as const) expect(mayOpen(as(role), 'claims')).toBe(true);
    for (const role of ['resident', 'community_worker', 'auditor', 'supervisor'] as const) expect(mayOpen(as(role), 'claims')).toBe(false);
    expect(mayOpen(as('resident'), 'resources')).toBe(true);
  });

  it('gives coordination cases to the three parties and those over them, and faults to those who report or answer them', () => {
    for (const role of ['community_worker', 'street_committee', 'district_admin', 'auditor', 'supervisor', 'property_manager'] as const) {
      expect(mayOpen(as(role), 'cases')).toBe(true);
    }
    for (const role of ['resident', 'co_builder', 'volunteer'] as const) expect(mayOpen(as(role), 'cases')).toBe(false);
    for (const role of ['property_manager', 'resident', 'community_worker'] as const) expect(mayOpen(as(role), 'faults')).toBe(true);
    for (const role of ['co_builder', 'supervisor'] as const) expect(mayOpen(as(role), 'faults')).toBe(false);
    // One case or one fault: the API says whether the reader may see it (a notice leads there).
    expect(mayOpen(as('resident'), 'cases/:id')).toBe(true);
    expect(mayOpen(as('street_committee'), 'faults/:id')).toBe(true);
  });

  it('gives 三类组织覆盖 to the street committee, the district admin and auditors', () => {
    for (const role of ['street_committee', 'district_admin', 'auditor'] as const) expect(mayOpen(as(role), 'coverage')).toBe(true);
    for (const role of ['resident', 'community_worker', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer'] as const) {
      expect(mayOpen(as(role), 'coverage')).toBe(false);
    }
    expect(mayOpen(as('volunteer'), 'workbench')).toBe(true);
  });

  it('gives 审计概览 to the district admin and auditors only', () => {
    for (const role of ['district_admin', 'auditor'] as const) {
      expect(readsAudit(as(role)), role).toBe(true);
      expect(mayOpen(as(role), 'audit'), role).toBe(true);
    }
    for (const role of ['resident', 'community_worker', 'street_committee', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer'] as const) {
      expect(readsAudit(as(role)), role).toBe(false);
      expect(mayOpen(as(role), 'audit'), role).toBe(false);
    }
    // A street committee member who also audits reads it by its auditor's grant.
    expect(mayOpen(as('street_committee', 'auditor'), 'audit')).toBe(true);
    expect(mayOpen(as(), 'audit')).toBe(false);
  });

  it('never sends anyone home to a screen it may not open', () => {
    const roles: Role[] = ['resident', 'community_worker', 'street_committee', 'district_admin', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer', 'auditor'];
    for (const role of [...roles.map((r) => [r]), []]) {
      const home = homeFor(as(...role)).slice(1);
      expect(mayOpen(as(...role), home), `${role.join()} → ${home}`).toBe(true);
    }
  });
});
