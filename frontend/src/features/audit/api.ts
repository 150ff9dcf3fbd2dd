// 审计概览's calls and cache. Every account's history sits under the users' root and the
// projects with their votes under the projects' root (api/keys.ts): a change to an account
// on 用户与授权, or a vote cast, invalidates that root and the overview is read again. The
// project list and its votes are read here, not through the projects feature (no feature
// imports another), with keys of their own under that root.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useCursorList } from '../../components/useCursorList';

export type AccountEvent = Schemas['AccountEvent'];
export type AuditedProject = Schemas['Project'];
export type ProjectInspection = Schemas['ProjectInspection'];

/** The states whose projects have been voted on: completed (awaiting inspection) and closed. */
export const VOTED_STATES = ['completed', 'closed'] as const satisfies readonly Schemas['ProjectState'][];
export type VotedState = (typeof VOTED_STATES)[number];

/** A page of the lists here. */
export const PAGE = 20;

export const auditKeys = {
  accountEvents: () => [...rootKeys.users, 'account-events'] as const,
  projects: (state: VotedState) => [...rootKeys.projects, 'audit', 'list', state] as const,
  inspections: (projectId: string) => [...rootKeys.projects, 'audit', 'inspections', projectId] as const,
};

/** Every account the reader may audit, its history newest first, a page at a time. */
export function useAccountEvents() {
  return useCursorList(auditKeys.accountEvents(), (cursor) =>
    unwrap(api.GET('/api/v1/account-events', { params: { query: { limit: PAGE, cursor } } })),
  );
}

/** The projects in the reader's scope in `state`, a page at a time. */
export function useVotedProjects(state: VotedState) {
  return useCursorList(auditKeys.projects(state), (cursor) =>
    unwrap(api.GET('/api/v1/projects', { params: { query: { state, limit: PAGE, cursor } } })),
  );
}

/** A project's votes, each with its voter (for auditors and the district admin), once opened. */
export function useProjectVotes(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: auditKeys.inspections(projectId),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}/inspections', { params: { path: { id: projectId } } })),
  });
}
