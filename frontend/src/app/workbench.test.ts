// Every card of 工作台 leads to a screen the app has, and every role the domain gives that
// card (domain/src/workbench.rs, `WORKBENCH`) may open it: a count nobody who sees it can
// follow would be a dead end. The routes are the features' own, as the router lists them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { Schemas } from '../api/client';
import { homeFor, mayOpen, type Role } from '../auth/roles';
import { adminRoutes } from '../features/admin/routes';
import { claimRoutes } from '../features/claims/routes';
import { coordinationRoutes } from '../features/coordination/routes';
import { coverageRoutes } from '../features/coverage/routes';
import { demandRoutes } from '../features/demands/routes';
import { faultRoutes } from '../features/faults/routes';
import { notificationRoutes } from '../features/notifications/routes';
import { projectRoutes } from '../features/projects/routes';
import { resourceRoutes } from '../features/resources/routes';
import { volunteerRoutes } from '../features/volunteers/routes';
import { WORK_TARGETS } from '../features/workbench/items';
import { workbenchRoutes } from '../features/workbench/routes';

type WorkItem = Schemas['WorkItem'];

const PATHS = new Set(
  [adminRoutes, claimRoutes, coordinationRoutes, coverageRoutes, demandRoutes, faultRoutes, notificationRoutes, projectRoutes, resourceRoutes, volunteerRoutes, workbenchRoutes]
    .flat()
    .map((r) => r.path),
);

// Vitest runs from frontend/; the domain's table lives in the repository.
const domain = readFileSync(resolve(process.cwd(), '../domain/src/workbench.rs'), 'utf8');
const snake = (pascal: string) => pascal.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();

/** `WORKBENCH` of domain/src/workbench.rs: each item with the roles whose first screen shows it. */
const rows = domain.split('pub const WORKBENCH')[1]?.split(' = &[')[1]?.split('];')[0] ?? '';
const TABLE: [WorkItem, Role[]][] = [...rows.matchAll(/\((\w+),\s*&\[([^\]]*)\]\)/g)].map(
  (m) => [snake(m[1]) as WorkItem, m[2].split(',').map((r) => snake(r.trim()) as Role).filter(Boolean)],
);

describe('the workbench’s cards', () => {
  it('find the domain’s table', () => {
    expect(TABLE.map(([item]) => item).sort()).toEqual(Object.keys(WORK_TARGETS).sort());
    expect(TABLE.find(([item]) => item === 'projects_to_inspect')?.[1]).toEqual(['supervisor']);
  });

  it('each lead to a screen of the app', () => {
    for (const [item, target] of Object.entries(WORK_TARGETS)) {
      const path = new URL(target, 'http://x').pathname.slice(1);
      expect(PATHS.has(path), `${item} → ${target}`).toBe(true);
    }
  });

  it('each lead somewhere every role that gets it may open', () => {
    for (const [item, roles] of TABLE) {
      const path = new URL(WORK_TARGETS[item], 'http://x').pathname.slice(1);
      for (const role of roles) expect(mayOpen(new Set([role]), path), `${role}: ${item} → ${path}`).toBe(true);
    }
  });

  it('are the first screen of every role that has work but a resident', () => {
    const roles = new Set(TABLE.flatMap(([, r]) => r));
    for (const role of roles) {
      const home = homeFor(new Set([role]));
      expect(home, role).toBe(role === 'resident' ? '/my/demands' : '/workbench');
      expect(mayOpen(new Set([role]), home.slice(1))).toBe(true);
    }
  });
});
