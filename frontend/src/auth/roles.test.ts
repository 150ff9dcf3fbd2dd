import { describe, expect, it } from 'vitest';

import { homeFor, rolesOf, type Role } from './roles';

const user = (...roles: Role[]) => ({
  id: 'u',
  username: 'u',
  display_name: 'u',
  party_member: false, disabled: false,
  created_at: '',
  updated_at: '',
  version: 1,
  grants: roles.map((role, i) => ({ id: `${i}`, role, unit_id: 'x' })),
});

describe('homeFor', () => {
  it('sends each role to its own first screen', () => {
    expect(homeFor(rolesOf(user('resident')))).toBe('/my/demands');
    expect(homeFor(rolesOf(user('community_worker')))).toBe('/queue');
    expect(homeFor(rolesOf(user('resident', 'street_committee')))).toBe('/queue');
    expect(homeFor(rolesOf(user('volunteer')))).toBe('/board');
    expect(homeFor(rolesOf(null))).toBe('/board');
  });
});
