// The project screens' calls and cache: one key factory (`projectKeys`), the typed fetches
// and the hooks. Every key starts with `projectKeys.all` (api/keys.ts). A claim changes a
// project's funding and a resource's remaining quantity, so a claim written here also
// invalidates the claims' and resources' roots; a created project accepts its demands, so
// it invalidates the demands' root (without importing the demand feature).
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Project = Schemas['Project'];
export type ProjectState = Schemas['ProjectState'];
export type ProjectCategory = Schemas['ProjectCategory'];
export type ProjectAllowedAction = Schemas['ProjectAllowedAction'];
export type ProjectEvent = Schemas['ProjectEvent'];
/** The lifecycle steps a user sends (`POST /projects/{id}/transitions`). */
export type ProjectTransition = Extract<ProjectAllowedAction, 'publish' | 'start' | 'complete' | 'hand_over' | 'cancel'>;
export type TransitionFields = Pick<Schemas['ProjectTransitionBody'], 'note' | 'reason' | 'maintainer_org_id'>;
export type ProjectListQuery = Omit<NonNullable<operations['projects_list']['parameters']['query']>, 'limit' | 'cursor'>;
export type ResourceListQuery = Omit<NonNullable<operations['resources_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const projectKeys = {
  all: rootKeys.projects,
  lists: () => [...projectKeys.all, 'list'] as const,
  list: (query: ProjectListQuery) => [...projectKeys.lists(), query] as const,
  details: () => [...projectKeys.all, 'detail'] as const,
  detail: (id: string) => [...projectKeys.details(), id] as const,
  events: (id: string) => [...projectKeys.detail(id), 'events'] as const,
  progress: (id: string) => [...projectKeys.detail(id), 'progress'] as const,
  inspections: (id: string) => [...projectKeys.detail(id), 'inspections'] as const,
  matches: (id: string) => [...projectKeys.detail(id), 'matches'] as const,
  /** The demands a new project is drafted from (read here, not through the demand feature). */
  demands: (ids: readonly string[]) => [...projectKeys.all, 'demands', ids.join(',')] as const,
  /** The public board's reads (no sign-in): its list, one project, the demands it answers. */
  publicAll: () => [...projectKeys.all, 'public'] as const,
  publicList: (query: object) => [...projectKeys.publicAll(), 'list', query] as const,
  publicDetail: (id: string) => [...projectKeys.publicAll(), 'detail', id] as const,
  publicDemands: (ids: readonly string[]) => [...projectKeys.publicAll(), 'demands', ids.join(',')] as const,
  publicProgress: (id: string) => [...projectKeys.publicDetail(id), 'progress'] as const,
};

/** A project's claims, under the claims' root so a claim screen's write refreshes them too. */
export const projectClaimKeys = {
  list: (projectId: string) => [...rootKeys.claims, 'list', { project_id: projectId }] as const,
};

/** A project's faults (报修), under the faults' root so the fault screens' writes refresh them too. */
export const projectFaultKeys = {
  list: (projectId: string) => [...rootKeys.faults, 'list', { project_id: projectId }] as const,
};

/** An organisation's available resources, under the resources' root. */
export const projectResourceKeys = {
  list: (query: ResourceListQuery) => [...rootKeys.resources, 'list', query] as const,
};

export function fetchProjects(query: ProjectListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/projects', { params: { query: { ...query, limit, cursor } } }));
}

export function useProjectList(query: ProjectListQuery) {
  return useCursorList(projectKeys.list(query), (cursor) => fetchProjects(query, cursor));
}

/** The list's projects counted by state (its filters but the state), kept with the lists so a change refreshes both. */
export function useProjectCounts(query: Omit<ProjectListQuery, 'state'>) {
  return useQuery({
    queryKey: [...projectKeys.lists(), 'counts', query] as const,
    queryFn: () => unwrap(api.GET('/api/v1/projects/counts', { params: { query } })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: projectKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })),
  });
}

export function useProjectEvents(id: string) {
  return useQuery({
    queryKey: projectKeys.events(id),
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}/events', { params: { path: { id } } })),
  });
}

export function useProjectProgress(id: string) {
  return useQuery({
    queryKey: projectKeys.progress(id),
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}/progress', { params: { path: { id } } })),
  });
}

export function useInspections(id: string, enabled = true) {
  return useQuery({
    queryKey: projectKeys.inspections(id),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}/inspections', { params: { path: { id } } })),
  });
}

export function useMatches(id: string, enabled: boolean) {
  return useQuery({
    queryKey: projectKeys.matches(id),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}/matches', { params: { path: { id } } })),
  });
}

export function useProjectClaims(projectId: string) {
  return useQuery({
    queryKey: projectClaimKeys.list(projectId),
    queryFn: () => unwrap(api.GET('/api/v1/claims', { params: { query: { project_id: projectId, limit: 100 } } })),
  });
}

export function useAvailableResources(organizationId: string | undefined) {
  const query: ResourceListQuery = { organization_id: organizationId, available: true };
  return useQuery({
    queryKey: projectResourceKeys.list(query),
    enabled: !!organizationId,
    queryFn: () => unwrap(api.GET('/api/v1/resources', { params: { query: { ...query, limit: 100 } } })),
  });
}

/** The demands chosen in the queue, one by one (a missing one is left out and said). */
export function useChosenDemands(ids: readonly string[]) {
  return useQuery({
    queryKey: projectKeys.demands(ids),
    enabled: ids.length > 0,
    queryFn: async () => {
      const results = await Promise.allSettled(
        ids.map((id) => unwrap(api.GET('/api/v1/demands/{id}', { params: { path: { id } } }))),
      );
      return {
        found: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
        missing: ids.filter((_, i) => results[i].status === 'rejected'),
      };
    },
  });
}

export type PublicProject = Schemas['PublicProject'];
export type PublicProjectListQuery = Omit<NonNullable<operations['projects_public_list']['parameters']['query']>, 'limit' | 'cursor'>;

/** One page of the public board's projects. */
export function fetchPublicProjects(query: PublicProjectListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/public/projects', { params: { query: { ...query, limit, cursor } } }));
}

/** The public board's projects, a page at a time. */
export function usePublicProjects(query: PublicProjectListQuery) {
  return useCursorList(projectKeys.publicList(query), (cursor) => fetchPublicProjects(query, cursor));
}

/** A public project's progress updates, oldest first (no author named). */
export function usePublicProgress(id: string) {
  return useQuery({
    queryKey: projectKeys.publicProgress(id),
    queryFn: () => unwrap(api.GET('/api/v1/public/projects/{id}/progress', { params: { path: { id } } })),
  });
}

/** One project as the public sees it. */
export function usePublicProject(id: string) {
  return useQuery({
    queryKey: projectKeys.publicDetail(id),
    queryFn: () => unwrap(api.GET('/api/v1/public/projects/{id}', { params: { path: { id } } })),
  });
}

/**
 * The demands a project answers, as the public sees them (read here, not through the board
 * feature): what every reader may read, signed in or not. One the public may not read is
 * `missing`; any other failure (the network, the server) fails the whole query.
 */
export function usePublicDemands(ids: readonly string[]) {
  return useQuery({
    queryKey: projectKeys.publicDemands(ids),
    enabled: ids.length > 0,
    queryFn: async () => {
      const results = await Promise.allSettled(
        ids.map((id) => unwrap(api.GET('/api/v1/public/demands/{id}', { params: { path: { id } } }))),
      );
      const failed = results.find((r) => r.status === 'rejected' && !(r.reason instanceof ApiError && r.reason.status === 404));
      if (failed?.status === 'rejected') throw failed.reason;
      return {
        found: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
        missing: ids.filter((_, i) => results[i].status === 'rejected'),
      };
    },
  });
}

/** After a write that answers a project: the record is stored, everything about it read again. */
function useProjectWritten() {
  const queryClient = useQueryClient();
  return (project: Project) => {
    queryClient.setQueryData(projectKeys.detail(project.id), project);
    void queryClient.invalidateQueries({ queryKey: projectKeys.all });
  };
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useSubmit((body: Schemas['NewProjectRequest'], headers) => unwrap(api.POST('/api/v1/projects', { body, headers })), {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: projectKeys.all });
      void queryClient.invalidateQueries({ queryKey: rootKeys.demands });
    },
  });
}

/** Edits a draft's fields at the version read (`PATCH`); the answer replaces the cached project. */
export function useUpdateProject(project: Pick<Project, 'id' | 'version'>) {
  const written = useProjectWritten();
  const send = (fields: Omit<Schemas['ProjectPatch'], 'version'>) =>
    unwrap(api.PATCH('/api/v1/projects/{id}', { params: { path: { id: project.id } }, body: { version: project.version, ...fields } }));
  return useSubmit(send, { onSuccess: written });
}

export function useTransitionProject(project: Pick<Project, 'id' | 'version'>, action: ProjectTransition) {
  const written = useProjectWritten();
  const queryClient = useQueryClient();
  const body = (fields: TransitionFields) => ({ action, version: project.version, ...fields });
  const send = (fields: TransitionFields, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/projects/{id}/transitions', { params: { path: { id: project.id } }, body: body(fields), headers }));
  return useSubmit(send, {
    sameAs: (fields) => [project.id, body(fields)],
    onSuccess: (updated) => {
      written(updated);
      // Starting, cancelling and closing move demands and claims along.
      for (const root of [rootKeys.demands, rootKeys.claims, rootKeys.resources]) {
        void queryClient.invalidateQueries({ queryKey: root });
      }
    },
  });
}

export function usePostProgress(id: string) {
  const written = useProjectWritten();
  const send = (body: Schemas['ProgressRequest'], headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/projects/{id}/progress', { params: { path: { id } }, body, headers }));
  return useSubmit(send, { onSuccess: written });
}

export function useInspect(id: string) {
  const written = useProjectWritten();
  const queryClient = useQueryClient();
  const send = (body: Schemas['InspectionRequest'], headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/projects/{id}/inspections', { params: { path: { id } }, body, headers }));
  return useSubmit(send, {
    onSuccess: (updated) => {
      written(updated);
      void queryClient.invalidateQueries({ queryKey: rootKeys.demands });
    },
  });
}

export function useRate(id: string) {
  const written = useProjectWritten();
  const send = (body: Schemas['RatingRequest'], headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/projects/{id}/ratings', { params: { path: { id } }, body, headers }));
  return useSubmit(send, { onSuccess: written });
}

/** A claim from either side; the project's claims, matches and funding are read again. */
export function useCreateClaim(projectId: string) {
  const queryClient = useQueryClient();
  return useSubmit((body: Schemas['NewClaimRequest'], headers) => unwrap(api.POST('/api/v1/claims', { body, headers })), {
    onSuccess: () => {
      for (const root of [rootKeys.claims, rootKeys.resources, projectKeys.detail(projectId)]) {
        void queryClient.invalidateQueries({ queryKey: root });
      }
    },
  });
}

/** The faults reported on a project that the reader may see, newest first (the first 100). */
export function useProjectFaults(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: projectFaultKeys.list(projectId),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/faults', { params: { query: { project_id: projectId, limit: 100 } } })),
  });
}

/**
 * The property company a project was handed to takes it over or declines it (with why), at
 * the version read; the answer replaces the cached project.
 */
export function useAnswerHandover(project: Pick<Project, 'id' | 'version'>) {
  const written = useProjectWritten();
  const body = (fields: Omit<Schemas['HandoverAnswerBody'], 'version'>) => ({ ...fields, version: project.version });
  const send = (fields: Omit<Schemas['HandoverAnswerBody'], 'version'>, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/projects/{id}/handover', { params: { path: { id: project.id } }, body: body(fields), headers }));
  const queryClient = useQueryClient();
  return useSubmit(send, {
    sameAs: (fields) => [project.id, body(fields)],
    onSuccess: written,
    // Refused (answered meanwhile, or another version): the project as it is now.
    onError: () => void queryClient.invalidateQueries({ queryKey: projectKeys.detail(project.id) }),
  });
}

/** 我要报修 on a maintained project; every fault list is read again. */
export function useReportFault() {
  const queryClient = useQueryClient();
  return useSubmit((body: Schemas['NewFaultRequest'], headers) => unwrap(api.POST('/api/v1/faults', { body, headers })), {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: rootKeys.faults }),
  });
}

export function useReloadProject() {
  const queryClient = useQueryClient();
  return (id: string) => queryClient.invalidateQueries({ queryKey: projectKeys.detail(id) });
}
