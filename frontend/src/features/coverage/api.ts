// 三类组织覆盖's calls and cache. The figures are counted over organisations, so their key sits
// under the organisations' root (api/keys.ts): an organisation created or changed on 组织单位
// invalidates that root, and the coverage is read again when the reader comes back.
import { useQueries, useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { childrenQuery, unitQuery, type OrgUnit } from '../../api/orgUnits';

export type Coverage = Schemas['Coverage'];
export type CoverageItem = Schemas['CoverageItem'];

export const coverageKeys = {
  all: [...rootKeys.organizations, 'coverage'] as const,
  of: (unitId: string) => [...coverageKeys.all, unitId] as const,
};

/** The roles that read coverage (auth/roles.ts readsCoverage): whose grants are its scope. */
const COVERAGE_ROLES: readonly Schemas['Role'][] = ['street_committee', 'district_admin', 'auditor'];

export function useCoverage(unitId: string | undefined) {
  return useQuery({
    queryKey: coverageKeys.of(unitId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/stats/coverage', { params: { query: { unit_id: unitId ?? '' } } })),
    enabled: !!unitId,
  });
}

/**
 * The units the reader may count: the unit of each of its grants that read coverage (its own
 * street, or the district), each followed, for a district, by its streets. The first is the
 * screen's default.
 */
export function useCoverageUnits(user: Schemas['User'] | null | undefined) {
  const ids = [...new Set((user?.grants ?? []).filter((g) => COVERAGE_ROLES.includes(g.role)).map((g) => g.unit_id))];
  const units = useQueries({ queries: ids.map((id) => unitQuery(id)) });
  const districts = units.flatMap((u) => (u.data?.kind === 'district' ? [u.data.id] : []));
  const children = useQueries({ queries: districts.map((id) => ({ ...childrenQuery(id), staleTime: 5 * 60_000 })) });
  const scope: { unit: OrgUnit; whole: boolean }[] = [];
  for (const u of units) {
    if (!u.data) continue;
    const whole = u.data.kind === 'district';
    scope.push({ unit: u.data, whole });
    if (!whole) continue;
    const streets = children[districts.indexOf(u.data.id)]?.data ?? [];
    for (const street of [...streets].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) scope.push({ unit: street, whole: false });
  }
  return {
    /** The unit of the reader's first grant: known before its name is. */
    defaultId: ids[0] as string | undefined,
    scope: scope.filter((s, i) => scope.findIndex((o) => o.unit.id === s.unit.id) === i),
    error: units.find((u) => u.error)?.error ?? children.find((c) => c.error)?.error ?? null,
  };
}
