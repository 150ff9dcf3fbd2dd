// Org units for the demand queue and record screens: the subtree an official's grants reach
// (unit filter, unit names in lists), and one unit by id.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../api/client';

type OrgUnit = Schemas['OrgUnit'];

/** Enough for a district of a large city (100 units a page). */
const MAX_PAGES = 50;

/** Every unit at or below each of `unitIds`, each once, following the cursor to the end. */
export async function fetchSubtrees(unitIds: readonly string[]): Promise<OrgUnit[]> {
  const units = new Map<string, OrgUnit>();
  for (const unit_id of unitIds) {
    if (units.has(unit_id)) continue; // already inside a subtree fetched before
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await unwrap(api.GET('/api/v1/org-units', { params: { query: { unit_id, limit: 100, cursor } } }));
      page.items.forEach((u) => units.set(u.id, u));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor && pages < MAX_PAGES);
  }
  return [...units.values()];
}

/** The units at or below `unitIds` (e.g. the units of a user's grants). */
export function useSubtreeUnits(unitIds: readonly string[]) {
  const ids = [...new Set(unitIds)].sort();
  return useQuery({
    queryKey: ['org-units', 'subtrees', ids],
    queryFn: () => fetchSubtrees(ids),
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });
}

/** One unit (its name for a record's page). */
export function useOrgUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['org-units', id],
    queryFn: () => unwrap(api.GET('/api/v1/org-units/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
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
