// The coordination screens' calls and cache (三方联动): one key factory (`caseKeys`, rooted in
// api/keys.ts), the list a page at a time, one case with its thread and timeline, and the
// writes: opening a case, a step (confirm, escalate, resolve) at the version read, a message.
// A write changes only the case: the answer replaces the cached case, and the case's root is
// read again (the list's states, the timeline, the thread).
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type CoordinationCase = Schemas['CoordinationCase'];
export type CaseState = Schemas['CaseState'];
export type CaseAction = Schemas['CaseAction'];
export type CaseAllowedAction = Schemas['CaseAllowedAction'];
export type CaseParty = Schemas['CaseParty'];
export type CaseMessage = Schemas['CaseMessage'];
export type CaseTimelineEntry = Schemas['CaseTimelineEntry'];
export type Party = Schemas['Party'];
/** What a step sends besides its action and the version read. */
export type CaseStepFields = Pick<Schemas['CaseTransitionBody'], 'party' | 'reason' | 'note'>;
/** What `GET /coordination-cases` is asked, but the page: the list's key. */
export type CaseListQuery = Omit<NonNullable<operations['coordination_cases_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const caseKeys = {
  all: rootKeys.coordinationCases,
  lists: () => [...caseKeys.all, 'list'] as const,
  list: (query: CaseListQuery) => [...caseKeys.lists(), query] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
  messages: (id: string) => [...caseKeys.detail(id), 'messages'] as const,
  events: (id: string) => [...caseKeys.detail(id), 'events'] as const,
};

export function fetchCases(query: CaseListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/coordination-cases', { params: { query: { ...query, limit, cursor } } }));
}

/** The cases the reader takes part in or oversees, newest first, a page at a time. */
export function useCaseList(query: CaseListQuery) {
  return useCursorList(caseKeys.list(query), (cursor) => fetchCases(query, cursor));
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/coordination-cases/{id}', { params: { path: { id } } })),
  });
}

/** The thread, oldest first (the newest at the bottom, next to the compose box). */
export function useCaseMessages(id: string) {
  return useQuery({
    queryKey: caseKeys.messages(id),
    queryFn: () => unwrap(api.GET('/api/v1/coordination-cases/{id}/messages', { params: { path: { id } } })),
  });
}

/** The timeline, oldest first. */
export function useCaseEvents(id: string) {
  return useQuery({
    queryKey: caseKeys.events(id),
    queryFn: () => unwrap(api.GET('/api/v1/coordination-cases/{id}/events', { params: { path: { id } } })),
  });
}

/** After a write that answers a case: the record is stored, everything about cases read again. */
function useCaseWritten() {
  const queryClient = useQueryClient();
  return (written: CoordinationCase) => {
    queryClient.setQueryData(caseKeys.detail(written.id), written);
    void queryClient.invalidateQueries({ queryKey: caseKeys.all });
  };
}

/** 发起协调: opens a case for a compound. */
export function useOpenCase() {
  const written = useCaseWritten();
  return useSubmit((body: Schemas['NewCaseRequest'], headers) => unwrap(api.POST('/api/v1/coordination-cases', { body, headers })), {
    onSuccess: written,
  });
}

/** Takes `action` on the case at the version read; a refusal reads the case again too. */
export function useCaseStep(c: Pick<CoordinationCase, 'id' | 'version'>, action: CaseAction) {
  const written = useCaseWritten();
  const queryClient = useQueryClient();
  const body = (fields: CaseStepFields) => ({ action, version: c.version, ...fields });
  const send = (fields: CaseStepFields, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/coordination-cases/{id}/transitions', { params: { path: { id: c.id } }, body: body(fields), headers }));
  return useSubmit(send, {
    sameAs: (fields) => [c.id, body(fields)],
    onSuccess: written,
    onError: () => void queryClient.invalidateQueries({ queryKey: caseKeys.detail(c.id) }),
  });
}

/** Writes to the case's thread; the thread (and the timeline, which records it) is read again. */
export function usePostCaseMessage(id: string) {
  const queryClient = useQueryClient();
  const send = (body: Schemas['NewCaseMessage'], headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/coordination-cases/{id}/messages', { params: { path: { id } }, body, headers }));
  return useSubmit(send, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) }) });
}
