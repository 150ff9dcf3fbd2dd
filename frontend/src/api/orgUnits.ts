// Org units, a lookup every feature shares: their query keys, the queries (a unit by id,
// its children, every page of a filtered list, the subtrees a user's grants reach, the units
// a user may file for, a search), a unit's human label ("社区 · 小区") and a tree for a
// TreeSelect. The components that show units (UnitName, UnitLabel, UnitPicker) are in
// components/UnitPicker.tsx; the administration's writes in features/admin/api.ts.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from './client';
import { rootKeys } from './keys';
import type { operations } from './schema';

export type OrgUnit = Schemas['OrgUnit'];
export type UnitKind = Schemas['UnitKind'];
export type OrgUnitFilter = Omit<NonNullable<operations['org_units_list']['parameters']['query']>, 'limit' | 'cursor'>;

/** Every org-unit query key starts with `unitKeys.all`, so one invalidation reaches them all. */
export const unitKeys = {
  all: rootKeys.orgUnits,
  lists: () => [...unitKeys.all, 'list'] as const,
  /** Every unit matching a filter. */
  list: (filter: OrgUnitFilter) => [...unitKeys.lists(), filter] as const,
  detail: (id: string) => [...unitKeys.all, 'detail', id] as const,
  /** Direct children of a unit; `null` means the roots (the districts). */
  children: (parentId: string | null) => [...unitKeys.all, 'children', parentId ?? 'roots'] as const,
  /** Every unit at or below each of the (sorted, distinct) ids. */
  subtrees: (ids: readonly string[]) => [...unitKeys.all, 'subtrees', ids] as const,
  /** The communities and compounds a user may file a demand for. */
  filing: (ids: readonly string[]) => [...unitKeys.all, 'filing', ids] as const,
  search: (kinds: readonly UnitKind[], q: string, within?: readonly string[]) =>
    [...unitKeys.all, 'search', kinds.join(','), q, within?.join(',') ?? 'anywhere'] as const,
};

/** Units change rarely: the demand screens keep what they read for minutes. */
export const UNITS_STALE = 5 * 60_000;

/** Enough for a district of a large city (100 units a page); the cap stops a runaway cursor. */
const MAX_PAGES = 50;

/** Every unit matching the filter, following the cursor to the end. */
export async function fetchAllOrgUnits(filter: OrgUnitFilter): Promise<OrgUnit[]> {
  const items: OrgUnit[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await unwrap(api.GET('/api/v1/org-units', { params: { query: { ...filter, limit: 100, cursor } } }));
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
    if (!cursor) break;
  }
  return items;
}

/** Every unit at or below each of `unitIds`, each once. */
export async function fetchSubtrees(unitIds: readonly string[]): Promise<OrgUnit[]> {
  const units = new Map<string, OrgUnit>();
  for (const unit_id of unitIds) {
    if (units.has(unit_id)) continue; // already inside a subtree fetched before
    for (const u of await fetchAllOrgUnits({ unit_id })) units.set(u.id, u);
  }
  return [...units.values()];
}

/**
 * Units whose name contains `q`, of the given kinds (any kind when none are given), and, when
 * `within` is given, at or below one of those units.
 */
export async function searchUnits(kinds: readonly UnitKind[], q: string, within?: readonly string[]): Promise<OrgUnit[]> {
  const one = (kind?: UnitKind, unit_id?: string) =>
    unwrap(api.GET('/api/v1/org-units', { params: { query: { kind, unit_id, q: q || undefined, limit: 20 } } })).then((p) => p.items);
  const kindList = kinds.length ? kinds : [undefined];
  const roots = within ?? [undefined];
  const pages = await Promise.all(roots.flatMap((root) => kindList.map((kind) => one(kind, root))));
  return [...new Map(pages.flat().map((u) => [u.id, u])).values()];
}

/** One unit by id. */
export function unitQuery(id: string) {
  return {
    queryKey: unitKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/org-units/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  };
}

/** The direct children of a unit, or the districts for `null`. */
export function childrenQuery(parentId: string | null) {
  return {
    queryKey: unitKeys.children(parentId),
    queryFn: () => fetchAllOrgUnits(parentId ? { parent_id: parentId } : { kind: 'district' }),
  };
}

/** One unit, or nothing while there is no id; `staleTime` as the screen needs. */
export function useUnit(id: string | null | undefined, staleTime = 60_000) {
  return useQuery({ ...unitQuery(id ?? ''), enabled: !!id, staleTime });
}

/** One unit for the demand screens (kept for minutes). */
export function useOrgUnit(id: string | null | undefined) {
  return useUnit(id, UNITS_STALE);
}

/** All units matching the filter. */
export function useAllOrgUnits(filter: OrgUnitFilter, enabled = true) {
  return useQuery({
    queryKey: unitKeys.list(filter),
    queryFn: () => fetchAllOrgUnits(filter),
    enabled,
    staleTime: UNITS_STALE,
  });
}

/** The units at or below `unitIds` (e.g. the units of a user's grants). */
export function useSubtreeUnits(unitIds: readonly string[]) {
  const ids = [...new Set(unitIds)].sort();
  return useQuery({
    queryKey: unitKeys.subtrees(ids),
    queryFn: () => fetchSubtrees(ids),
    enabled: ids.length > 0,
    staleTime: UNITS_STALE,
  });
}

/** The communities and compounds a user may file a demand for: under the given units (its grants'). */
export function useFilingUnits(unitIds: string[]) {
  return useQuery({
    queryKey: unitKeys.filing(unitIds),
    enabled: unitIds.length > 0,
    staleTime: UNITS_STALE,
    queryFn: async () => {
      const lists = await Promise.all(unitIds.map((unit_id) => fetchAllOrgUnits({ unit_id })));
      const byId = new Map<string, OrgUnit>();
      for (const u of lists.flat()) if (u.kind === 'community' || u.kind === 'compound') byId.set(u.id, u);
      return [...byId.values()];
    },
  });
}

/** "兴华南街社区 · 金祥花园" for a compound whose community is given, else the unit's name. */
function labelOf(unit: OrgUnit, parent: OrgUnit | undefined): string {
  return parent ? `${parent.name} · ${unit.name}` : unit.name;
}

/** A compound's community id, if any: the part of a label before the unit's own name. */
function labelParentId(unit: OrgUnit | undefined): string | undefined {
  return unit?.kind === 'compound' ? (unit.parent_id ?? undefined) : undefined;
}

/** A unit's label from units already loaded. */
export function unitLabel(byId: ReadonlyMap<string, OrgUnit>, id: string): string | undefined {
  const unit = byId.get(id);
  if (!unit) return undefined;
  const parentId = labelParentId(unit);
  return labelOf(unit, parentId ? byId.get(parentId) : undefined);
}

/** One unit's label, read through `GET /org-units/{id}` (and its community for a compound). */
export function useUnitLabel(id: string | undefined): string | undefined {
  const unit = useOrgUnit(id);
  const parent = useOrgUnit(labelParentId(unit.data));
  return unit.data && labelOf(unit.data, parent.data);
}

export interface UnitTreeNode {
  value: string;
  title: string;
  children: UnitTreeNode[];
}

/** The units as a tree for a TreeSelect: roots are those whose parent is not among them. */
export function unitTree(units: readonly OrgUnit[]): UnitTreeNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, title: u.name, children: [] as UnitTreeNode[] }]));
  const roots: UnitTreeNode[] = [];
  const byName = (a: UnitTreeNode, b: UnitTreeNode) => a.title.localeCompare(b.title, 'zh-CN');
  for (const u of units) {
    const node = nodes.get(u.id);
    const parent = u.parent_id ? nodes.get(u.parent_id) : undefined;
    if (!node) continue;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  nodes.forEach((n) => n.children.sort(byName));
  return roots.sort(byName);
}
