// 志愿服务 is for a team's volunteers (and its leaders, who are sent on to their own screen);
// 志愿队管理 for its leaders only: the menu and the route guard follow the same rule.
import { describe, expect, it } from 'vitest';

import { mayOpen, type Role } from '../../auth/roles';
import { volunteerRoutes } from './routes';

const as = (...roles: Role[]) => new Set(roles);

describe('the volunteer screens', () => {
  it('are the routes the rule names', () => {
    expect(volunteerRoutes.map((r) => r.path)).toEqual(['volunteering', 'volunteering/manage']);
  });

  it('open to a team’s volunteers and leaders, and manage to its leaders only', () => {
    expect(mayOpen(as('volunteer'), 'volunteering')).toBe(true);
    expect(mayOpen(as('volunteer_leader'), 'volunteering')).toBe(true);
    expect(mayOpen(as('volunteer_leader'), 'volunteering/manage')).toBe(true);
    expect(mayOpen(as('volunteer'), 'volunteering/manage')).toBe(false);
    for (const role of ['resident', 'community_worker', 'co_builder', 'street_committee'] as const) {
      expect(mayOpen(as(role), 'volunteering')).toBe(false);
      expect(mayOpen(as(role), 'volunteering/manage')).toBe(false);
    }
  });
});
