// Organisations, a lookup every feature shares (a grant's scope, a co-builder, a property
// company): their query keys, one by id, and a search by kind and name. The components that
// show them are in components/OrganizationPicker.tsx; the administration's list and writes
// in features/admin/api.ts.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from './client';
import { rootKeys } from './keys';
import type { operations } from './schema';

export type Organization = Schemas['Organization'];
export type OrganizationKind = Schemas['OrganizationKind'];
export type OrganizationFilter = Omit<NonNullable<operations['organizations_list']['parameters']['query']>, 'limit' | 'cursor'>;

/** Every organisation query key starts with `organizationKeys.all`. */
export const organizationKeys = {
  all: rootKeys.organizations,
  lists: () => [...organizationKeys.all, 'list'] as const,
  list: (filter: OrganizationFilter) => [...organizationKeys.lists(), filter] as const,
  detail: (id: string) => [...organizationKeys.all, 'detail', id] as const,
  search: (kinds: readonly OrganizationKind[], q: string, near?: string) =>
    [...organizationKeys.all, 'search', kinds.join(','), q, near ?? ''] as const,
};

export function fetchOrganization(id: string): Promise<Organization> {
  return unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } }));
}

/** One page of organisations matching the filter. */
export function fetchOrganizations(filter: OrganizationFilter, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/organizations', { params: { query: { ...filter, cursor, limit } } }));
}

export function organizationQuery(id: string) {
  return { queryKey: organizationKeys.detail(id), queryFn: () => fetchOrganization(id), staleTime: 60_000 };
}

/**
 * Organisations whose name contains `q`, of the given kinds (any kind when none are given).
 * With `near`, those at or below that unit come first (a project's compound's own property
 * company before the district's others), then the rest, each once.
 */
export async function searchOrganizations(kinds: readonly OrganizationKind[], q: string, near?: string): Promise<Organization[]> {
  const some = async (unit_id?: string) => {
    const one = (kind?: OrganizationKind) => fetchOrganizations({ kind, q: q || undefined, unit_id }).then((p) => p.items);
    return kinds.length <= 1 ? one(kinds[0]) : (await Promise.all(kinds.map(one))).flat();
  };
  if (!near) return some();
  const [close, all] = await Promise.all([some(near), some()]);
  const seen = new Set(close.map((o) => o.id));
  return [...close, ...all.filter((o) => !seen.has(o.id))];
}

export function useOrganization(id: string | null | undefined) {
  return useQuery({ ...organizationQuery(id ?? ''), enabled: !!id });
}
