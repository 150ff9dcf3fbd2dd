// The volunteer screens' calls and cache: one key factory (`volunteerKeys`, rooted in
// api/keys.ts) for the activities, a leader's roster, a volunteer's own service and the
// team's figures. Every write (sign up, withdraw, record hours, cancel, create) changes more
// than one of them (the places left, the roster, the hours, the figures), so each reads the
// whole root again, whatever the answer.
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Activity = Schemas['VolunteerActivity'];
export type ActivityAction = Schemas['ActivityAllowedAction'];
export type Signup = Schemas['VolunteerSignup'];
export type MyVolunteering = Schemas['MyVolunteering'];
export type VolunteerStats = Schemas['VolunteerStats'];
export type NewActivity = Schemas['NewActivityRequest'];
/** What `GET /volunteer-activities` is asked, but the page: the list's key. */
export type ActivityListQuery = Omit<NonNullable<operations['volunteer_activities_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const volunteerKeys = {
  all: rootKeys.volunteerActivities,
  lists: () => [...volunteerKeys.all, 'list'] as const,
  list: (query: ActivityListQuery) => [...volunteerKeys.lists(), query] as const,
  /** Who signed up for one activity, with their hours (its team's leader). */
  signups: (activityId: string) => [...volunteerKeys.all, 'signups', activityId] as const,
  /** The reader's own service (`/me/volunteering`), per signed-in user. */
  mine: (userId: string) => [...volunteerKeys.all, 'mine', userId] as const,
  /** A unit's (or one team's) figures. */
  stats: (unitId: string, organizationId: string | null) => [...volunteerKeys.all, 'stats', unitId, organizationId ?? 'all'] as const,
};

export function fetchActivities(query: ActivityListQuery, cursor?: string, limit = 50) {
  return unwrap(api.GET('/api/v1/volunteer-activities', { params: { query: { ...query, limit, cursor } } }));
}

/** Activities a page at a time ("load more"), newest first as the API sends them. */
export function useActivityList(query: ActivityListQuery) {
  return useCursorList(volunteerKeys.list(query), (cursor) => fetchActivities(query, cursor));
}

/** The reader's own service: every activity signed up for, with the hours recorded, and the total. */
export function useMyVolunteering(userId: string) {
  return useQuery({
    queryKey: volunteerKeys.mine(userId),
    queryFn: () => unwrap(api.GET('/api/v1/me/volunteering')),
    enabled: !!userId,
  });
}

/** An activity's roster, asked for only when it is opened. */
export function useSignups(activityId: string, enabled = true) {
  return useQuery({
    queryKey: volunteerKeys.signups(activityId),
    queryFn: () => unwrap(api.GET('/api/v1/volunteer-activities/{id}/signups', { params: { path: { id: activityId } } })),
    enabled,
  });
}

/** Volunteers, hours and the party members' share of both, of a unit or of one team in it. */
export function useVolunteerStats(unitId: string, organizationId: string | null) {
  return useQuery({
    queryKey: volunteerKeys.stats(unitId, organizationId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/stats/volunteers', { params: { query: { unit_id: unitId, organization_id: organizationId ?? undefined } } })),
    enabled: !!unitId,
  });
}

/** Reads every activity, roster, service and figure again (after a change, or a refusal). */
function useRefreshVolunteering() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
}

/** 报名: the reader signs up for an activity of its team. */
export function useSignUp() {
  const refresh = useRefreshVolunteering();
  const send = (activity: Pick<Activity, 'id'>, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/volunteer-activities/{id}/signups', { params: { path: { id: activity.id } }, headers }));
  return useSubmit(send, { sameAs: (activity) => ['sign_up', activity.id], onSettled: () => void refresh() });
}

/**
 * 取消报名: the reader withdraws before the activity starts. A DELETE is the same request
 * however often it is sent (the API keys POSTs only), so no key is sent; the button is still
 * locked while it is in flight.
 */
export function useWithdraw() {
  const refresh = useRefreshVolunteering();
  const send = (activity: Pick<Activity, 'id'>) =>
    unwrap(api.DELETE('/api/v1/volunteer-activities/{id}/signups/mine', { params: { path: { id: activity.id } } }));
  return useSubmit(send, { sameAs: (activity) => ['withdraw', activity.id], onSettled: () => void refresh() });
}

/** 发布活动: a team's leader creates an activity. */
export function useCreateActivity() {
  const refresh = useRefreshVolunteering();
  return useSubmit((body: NewActivity, headers: KeyHeaders) => unwrap(api.POST('/api/v1/volunteer-activities', { body, headers })), {
    onSuccess: () => void refresh(),
  });
}

type HoursRecord = { activityId: string; userId: string; hours: number };

/**
 * 登记时长: the leader records a signed-up volunteer's hours, once. The answer (the volunteer
 * with the hours) is put in the roster at once, then everything is read again.
 */
export function useRecordHours() {
  const queryClient = useQueryClient();
  const refresh = useRefreshVolunteering();
  const send = ({ activityId, userId, hours }: HoursRecord, headers: KeyHeaders) =>
    unwrap(
      api.POST('/api/v1/volunteer-activities/{id}/service-records', {
        params: { path: { id: activityId } },
        body: { user_id: userId, hours },
        headers,
      }),
    );
  return useSubmit(send, {
    onSuccess: (recorded, { activityId }) =>
      queryClient.setQueryData<Signup[]>(volunteerKeys.signups(activityId), (roster) =>
        roster?.map((s) => (s.user_id === recorded.user_id ? recorded : s)),
      ),
    onSettled: () => void refresh(),
  });
}

type Cancel = { activity: Pick<Activity, 'id' | 'version'>; reason: string };

/** 取消活动: the leader cancels, at the version that was read, with a reason those signed up are told. */
export function useCancelActivity() {
  const refresh = useRefreshVolunteering();
  const send = ({ activity, reason }: Cancel, headers: KeyHeaders) =>
    unwrap(
      api.POST('/api/v1/volunteer-activities/{id}/transitions', {
        params: { path: { id: activity.id } },
        body: { action: 'cancel', version: activity.version, reason },
        headers,
      }),
    );
  return useSubmit(send, {
    sameAs: ({ activity, reason }) => [activity.id, activity.version, reason],
    onSettled: () => void refresh(),
  });
}
