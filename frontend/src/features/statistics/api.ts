// 数据统计's calls and cache: the public figures (anyone, the district by default) and the
// officials' overview of a unit in their scope, for a period. The figures are counted over
// every list, so no one write invalidates them: their own root, read again whenever a screen
// showing them opens (TanStack Query's data is stale at once), and the public ones kept for
// half a minute like the rest of the board.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { useSubtreeUnits, type OrgUnit } from '../../api/orgUnits';
import type { Month } from './format';

export const statsKeys = {
  all: ['stats'] as const,
  public: (unitId: string | null) => [...statsKeys.all, 'public', unitId ?? 'district'] as const,
  overview: (unitId: string, from: Month, to: Month) => [...statsKeys.all, 'overview', unitId, from, to] as const,
};

/** A visitor reading the board is not sent the same figures again for this long. */
const PUBLIC_STALE = 30_000;

/** The public figures of a unit (the district when `null`), for the default period. */
export function usePublicStats(unitId: string | null) {
  return useQuery({
    queryKey: statsKeys.public(unitId),
    queryFn: () => unwrap(api.GET('/api/v1/public/stats', { params: { query: { unit_id: unitId ?? undefined } } })),
    staleTime: PUBLIC_STALE,
    // Another unit's figures are drawn over the last ones, at the same size, not over blanks.
    placeholderData: (previous) => previous,
  });
}

/** A unit's figures for the months from `from` to `to`, as an official or auditor over it reads them. */
export function useStatsOverview(unitId: string | undefined, from: Month, to: Month) {
  return useQuery({
    queryKey: statsKeys.overview(unitId ?? '', from, to),
    queryFn: () => unwrap(api.GET('/api/v1/stats/overview', { params: { query: { unit_id: unitId ?? '', from, to } } })),
    enabled: !!unitId,
    // The next unit or period is drawn over the last one's figures, not a blank screen.
    placeholderData: (previous) => previous,
  });
}

/** The roles that read the figures signed in (auth/roles.ts readsStatistics): whose grants are its scope. */
export const STATS_ROLES: readonly Schemas['Role'][] = ['district_admin', 'street_committee', 'community_worker', 'auditor'];

/** A unit figures are kept for: a district, a street or a community (not a compound). */
export const countable = (unit: Pick<OrgUnit, 'kind'>) => unit.kind !== 'compound';

export interface ScopeUnit {
  unit: OrgUnit;
  /** How far below the reader's own scope unit (0 for it). */
  depth: number;
}

/**
 * The units the reader may read figures for: each grant's unit (of a role above) and the
 * streets and communities below it, depth first, each level by name. The first grant's unit
 * is the screen's default.
 */
export function useStatsUnits(user: Schemas['User'] | null | undefined) {
  const ids = [...new Set((user?.grants ?? []).filter((g) => STATS_ROLES.includes(g.role)).map((g) => g.unit_id))];
  const subtree = useSubtreeUnits(ids);
  const units = (subtree.data ?? []).filter(countable);
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string, OrgUnit[]>();
  for (const u of units) {
    if (!u.parent_id || !byId.has(u.parent_id)) continue;
    children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  }
  const scope: ScopeUnit[] = [];
  const seen = new Set<string>();
  const walk = (unit: OrgUnit, depth: number) => {
    if (seen.has(unit.id)) return;
    seen.add(unit.id);
    scope.push({ unit, depth });
    for (const child of [...(children.get(unit.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) walk(child, depth + 1);
  };
  for (const id of ids) {
    const unit = byId.get(id);
    if (unit) walk(unit, 0);
  }
  return {
    /** The unit of the reader's first grant: known before its name is. */
    defaultId: ids[0] as string | undefined,
    /** The reader's own scope units. */
    roots: ids,
    scope,
    byId,
    isLoading: subtree.isLoading,
    error: subtree.error,
  };
}
