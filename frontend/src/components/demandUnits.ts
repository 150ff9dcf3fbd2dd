// Org units for the demand screens (public board, filing a demand): whole lists by kind or
// subtree, every page of them, and a unit's human name ("社区 · 小区").
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../api/client';
import type { operations } from '../api/schema';

type OrgUnit = Schemas['OrgUnit'];
export type OrgUnitFilter = Omit<NonNullable<operations['org_units_list']['parameters']['query']>, 'limit' | 'cursor'>;

/** Every unit matching the filter, following the cursor to the end. */
export async function fetchAllOrgUnits(filter: OrgUnitFilter): Promise<OrgUnit[]> {
  const items: OrgUnit[] = [];
  let cursor: string | undefined;
  // A district has a few hundred units; the cap only guards against a cursor that never ends.
  for (let page = 0; page < 50; page++) {
    const result = await unwrap(api.GET('/api/v1/org-units', { params: { query: { ...filter, limit: 100, cursor } } }));
    items.push(...result.items);
    if (!result.next_cursor) break;
    cursor = result.next_cursor;
  }
  return items;
}

/** All units matching the filter (units change rarely: cached for minutes). */
export function useAllOrgUnits(filter: OrgUnitFilter, enabled = true) {
  return useQuery({
    queryKey: ['org-units', 'all', filter],
    queryFn: () => fetchAllOrgUnits(filter),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** "兴华南街社区 · 金祥花园" for a compound whose community is known, else the unit's name. */
export function unitLabel(byId: ReadonlyMap<string, OrgUnit>, id: string): string | undefined {
  const unit = byId.get(id);
  if (!unit) return undefined;
  const parent = unit.kind === 'compound' && unit.parent_id ? byId.get(unit.parent_id) : undefined;
  return parent ? `${parent.name} · ${unit.name}` : unit.name;
}

function useOneUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['org-units', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/org-units/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/** One unit's label, read through `GET /org-units/{id}` (and its community for a compound). */
export function useUnitLabel(id: string | undefined): string | undefined {
  const unit = useOneUnit(id);
  const parent = useOneUnit(unit.data?.kind === 'compound' ? (unit.data.parent_id ?? undefined) : undefined);
  if (!unit.data) return undefined;
  return parent.data ? `${parent.data.name} · ${unit.data.name}` : unit.data.name;
}
