// Fixtures for the demand screens' tests; the stubbed API and the render inside the app's
// providers are the shared ones (components/testing.tsx).
import type { Schemas } from '../../api/client';

export { json, problem, renderDataRoute, renderRoute, stubApi, type Call } from '../../components/testing';

export const UNIT_COMMUNITY = '0190a000-0000-7000-8000-000000000010';
export const UNIT_COMPOUND = '0190a000-0000-7000-8000-000000000011';

export function demandFixture(over: Partial<Schemas['Demand']> = {}): Schemas['Demand'] {
  return {
    id: '0190a000-0000-7000-8000-0000000000d1',
    title: '3号楼楼道灯不亮',
    description: '晚上楼道一片黑，老人上下楼不方便。',
    category: 'repair',
    unit_id: UNIT_COMPOUND,
    state: 'submitted',
    source: 'app',
    author_name: '张三',
    cosign_count: 2,
    overdue: false,
    created_at: '2026-03-01T02:00:00Z',
    updated_at: '2026-03-01T02:00:00Z',
    version: 3,
    allowed_actions: [],
    cosigned_by_me: false,
    ...over,
  };
}

export function orgUnitFixture(over: Partial<Schemas['OrgUnit']> = {}): Schemas['OrgUnit'] {
  return {
    id: UNIT_COMPOUND,
    name: '金祥花园',
    kind: 'compound',
    parent_id: UNIT_COMMUNITY,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...over,
  };
}
