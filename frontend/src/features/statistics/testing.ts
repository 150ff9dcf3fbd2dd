// A StatsOverview shaped like the API's (openapi.yaml), for the statistics tests.
import type { Schemas } from '../../api/client';
import type { Rate, UnitFigures } from './format';

export const DISTRICT = '0190a000-0000-7000-8000-0000000000d0';
export const HUAIHE = '0190a000-0000-7000-8000-0000000000a1';
export const JINGGUANG = '0190a000-0000-7000-8000-0000000000a2';
export const XINGHUA = '0190a000-0000-7000-8000-0000000000c1';

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator > 0 ? numerator / denominator : null });

export function figures(over: Partial<UnitFigures> = {}): UnitFigures {
  return {
    demands_filed: 20,
    demands_by_state: [
      { state: 'submitted', count: 2 },
      { state: 'published', count: 6 },
      { state: 'accepted', count: 4 },
      { state: 'resolved', count: 5 },
      { state: 'rejected', count: 1 },
      { state: 'merged', count: 1 },
      { state: 'referred', count: 1 },
      { state: 'withdrawn', count: 0 },
    ],
    demands_overdue: 1,
    median_days: { to_verification: 1, to_acceptance: 3.5, to_resolution: null },
    response_rate: rate(12, 15),
    answered_rate: rate(14, 15),
    resolution_rate: rate(5, 15),
    satisfaction_rate: rate(8, 10),
    ratings: 10,
    average_rating: 4.2,
    projects_by_state: [
      { state: 'draft', count: 1 },
      { state: 'published', count: 2 },
      { state: 'in_progress', count: 3 },
      { state: 'completed', count: 1 },
      { state: 'closed', count: 2 },
      { state: 'cancelled', count: 0 },
    ],
    completion_rate: rate(2, 8),
    money: { gov_funds_fen: 90_000_000, social_funds_fen: 120_000_000, leverage: 120 / 90 },
    beneficiaries: 3200,
    ...over,
  };
}

type Child = Schemas['ChildFigures'];

export function overview(over: Partial<Schemas['StatsOverview']> = {}): Schemas['StatsOverview'] {
  return {
    unit_id: DISTRICT,
    name: '二七区',
    kind: 'district',
    from: '2025-08',
    to: '2026-07',
    as_of: '2026-07-01T02:00:00Z',
    figures: figures(),
    children: [
      { unit_id: HUAIHE, name: '淮河路街道', kind: 'street', figures: figures({ demands_filed: 15, response_rate: rate(9, 10) }) } satisfies Child,
      {
        unit_id: JINGGUANG,
        name: '京广路街道',
        kind: 'street',
        figures: figures({ demands_filed: 0, response_rate: rate(0, 0), resolution_rate: rate(0, 0), satisfaction_rate: rate(0, 0) }),
      } satisfies Child,
    ],
    community_types: [{ community_type: 'old', figures: figures({ demands_filed: 11 }) }],
    months: [
      { month: '2026-06', demands_filed: 0, response_rate: rate(0, 0), resolution_rate: rate(0, 0) },
      { month: '2026-07', demands_filed: 20, response_rate: rate(12, 14), resolution_rate: rate(5, 15) },
    ],
    resources_by_state: [
      { state: 'available', count: 4 },
      { state: 'exhausted', count: 1 },
      { state: 'withdrawn', count: 0 },
      { state: 'expired', count: 0 },
    ],
    claims_by_state: [
      { state: 'pending', count: 2 },
      { state: 'confirmed', count: 3 },
      { state: 'declined', count: 0 },
      { state: 'cancelled', count: 0 },
      { state: 'released', count: 0 },
      { state: 'fulfilled', count: 1 },
    ],
    volunteers: { volunteers: 40, party_member_volunteers: 10, hours: 120.5, party_member_hours: 40, party_member_share: rate(10, 40), party_member_hours_share: 40 / 120.5 },
    coverage: { compounds: 4, covered: 3, rate: rate(3, 4) },
    ...over,
  };
}
