// Fixtures for 定期公示's tests: a snapshot as the API's canonical text holds it (format 1),
// and the disclosure records around it.
import type { Schemas } from '../../api/client';

export const STREET = '0190a000-0000-7000-8000-0000000000s1';
export const OTHER_STREET = '0190a000-0000-7000-8000-0000000000s2';

export const SNAPSHOT = {
  format: 1,
  street_id: STREET,
  street_name: '淮河路街道',
  number: 2,
  period_start: '2026-11-01',
  period_end: '2026-11-30',
  previous_sha256: 'ab'.repeat(32),
  demands: [
    {
      id: '0190a000-0000-7000-8000-0000000000d1',
      title: '楼道灯不亮',
      category: 'repair',
      unit_name: '金祥花园',
      state: 'accepted',
      cosign_count: 4,
      filed_at: '2026-11-03T02:00:00Z',
    },
  ],
  projects: [
    {
      id: '0190a000-0000-7000-8000-0000000000p1',
      title: '兴华南街楼道照明改造',
      category: 'micro_renovation',
      state: 'in_progress',
      budget_fen: 5_000_000,
      gov_funds_fen: 3_000_000,
      funded_fen: 1_000_000,
      beneficiaries: 120,
      created_at: '2026-11-10T02:00:00Z',
    },
  ],
  resources: [
    {
      id: '0190a000-0000-7000-8000-0000000000r1',
      title: 'LED声控楼道灯',
      kind: 'materials',
      organization_name: '二七区住建局',
      quantity: 200,
      measure: '盏',
      withdrawn: false,
      offered_at: '2026-11-12T02:00:00Z',
    },
  ],
};

/** A disclosure as the public list has it. */
export function disclosureFixture(over: Partial<Schemas['Disclosure']> = {}): Schemas['Disclosure'] {
  return {
    id: '0190a000-0000-7000-8000-0000000000c2',
    street_id: STREET,
    street_name: '淮河路街道',
    number: 2,
    period_start: '2026-11-01',
    period_end: '2026-11-30',
    sha256: 'cd'.repeat(32),
    previous_sha256: 'ab'.repeat(32),
    published_at: '2026-12-02T02:00:00Z',
    ...over,
  };
}
