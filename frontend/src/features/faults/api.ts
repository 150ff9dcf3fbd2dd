// The fault screens' calls and cache (报修): one key factory (`faultKeys`, rooted in
// api/keys.ts), the list a page at a time, one fault, and the property company's steps
// (answer, close) at the version read. A property manager's maintained projects are read
// here too, under the projects' root (not through the project feature), so a hand-over
// answered on a project's page shows here at once.
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Fault = Schemas['Fault'];
export type FaultState = Schemas['FaultState'];
export type FaultAction = Schemas['FaultAction'];
/** What `GET /faults` is asked, but the page: the list's key. */
export type FaultListQuery = Omit<NonNullable<operations['faults_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const FAULT_STATES = ['open', 'answered', 'closed', 'escalated'] as const satisfies readonly FaultState[];

export const faultKeys = {
  all: rootKeys.faults,
  lists: () => [...faultKeys.all, 'list'] as const,
  list: (query: FaultListQuery) => [...faultKeys.lists(), query] as const,
  detail: (id: string) => [...faultKeys.all, 'detail', id] as const,
};

/** A property company's maintained projects, as the project feature keys its lists. */
export const maintainedProjectKeys = {
  list: (organizationId: string) => [...rootKeys.projects, 'list', { maintainer_org_id: organizationId }] as const,
};

export function fetchFaults(query: FaultListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/faults', { params: { query: { ...query, limit, cursor } } }));
}

/** The faults the reader reported, maintains or oversees, newest first, a page at a time. */
export function useFaultList(query: FaultListQuery) {
  return useCursorList(faultKeys.list(query), (cursor) => fetchFaults(query, cursor));
}

export function useFault(id: string) {
  return useQuery({
    queryKey: faultKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/faults/{id}', { params: { path: { id } } })),
  });
}

/** The projects handed over to a property company (待接管 ones wait for its answer). */
export function useMaintainedProjects(organizationId: string) {
  return useQuery({
    queryKey: maintainedProjectKeys.list(organizationId),
    queryFn: () => unwrap(api.GET('/api/v1/projects', { params: { query: { maintainer_org_id: organizationId, limit: 100 } } })),
  });
}

/**
 * The property company answers (with what to tell the resident) or closes a fault, at the
 * version read. The answer replaces the cached fault; a refusal reads the fault again.
 */
export function useFaultStep(fault: Pick<Fault, 'id' | 'version'>, action: FaultAction) {
  const queryClient = useQueryClient();
  const body = (note: string) => ({ action, version: fault.version, note: note || null });
  const send = (note: string, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/faults/{id}/transitions', { params: { path: { id: fault.id } }, body: body(note), headers }));
  return useSubmit(send, {
    sameAs: (note) => [fault.id, body(note)],
    onSuccess: (written) => {
      queryClient.setQueryData(faultKeys.detail(written.id), written);
      void queryClient.invalidateQueries({ queryKey: faultKeys.all });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: faultKeys.detail(fault.id) }),
  });
}
