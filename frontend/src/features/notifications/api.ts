// The inbox's calls and cache: one key factory (`notificationKeys`, rooted in api/keys.ts),
// per signed-in user (another sign-in in the same tab reads its own), the unread count the
// bell polls, the list a page at a time, and marking read. Marking read changes only the
// inbox: its root is read again (the bell's number and every list).
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import { useSubmit, type KeyHeaders } from '../../api/submission';
import type { operations } from '../../api/schema';
import { useCursorList } from '../../components/useCursorList';

export type Notification = Schemas['Notification'];
export type NotificationKind = Schemas['NotificationKind'];
/** What `GET /me/notifications` is asked, but the page: the list's key. */
export type NotificationListQuery = Omit<NonNullable<operations['notifications_list']['parameters']['query']>, 'limit' | 'cursor'>;

/** How often the bell asks for its number while the tab is in view (and again when it comes back). */
export const UNREAD_POLL_MS = 30_000;

export const notificationKeys = {
  all: rootKeys.notifications,
  of: (userId: string) => [...notificationKeys.all, userId] as const,
  unread: (userId: string) => [...notificationKeys.of(userId), 'unread'] as const,
  lists: (userId: string) => [...notificationKeys.of(userId), 'list'] as const,
  list: (userId: string, query: NotificationListQuery) => [...notificationKeys.lists(userId), query] as const,
};

export function fetchNotifications(query: NotificationListQuery, cursor?: string, limit = 20) {
  return unwrap(api.GET('/api/v1/me/notifications', { params: { query: { ...query, limit, cursor } } }));
}

/** The bell's number: asked every 30 s while the tab is in view, and when it comes back. */
export function useUnreadCount(userId: string | undefined) {
  return useQuery({
    queryKey: notificationKeys.unread(userId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications/unread')),
    enabled: !!userId,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    select: (data) => data.unread,
  });
}

/** The reader's notifications, newest first, a page at a time ("load more"). */
export function useNotificationList(userId: string, query: NotificationListQuery) {
  return useCursorList(notificationKeys.list(userId, query), (cursor) => fetchNotifications(query, cursor));
}

/** Reads the inbox again: the bell's number and every list. */
function useRefreshInbox() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

/**
 * Marks one notification read. The inbox is read again whatever the answer, also after the
 * screen that asked has gone (a tap marks it read and opens its record at once).
 */
export function useMarkRead() {
  const refresh = useRefreshInbox();
  const send = (notification: Pick<Notification, 'id'>, headers: KeyHeaders) =>
    unwrap(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id: notification.id } }, headers }));
  return useSubmit(send, { sameAs: (notification) => notification.id, onSettled: () => void refresh() });
}

/** Marks every notification of the reader read. */
export function useMarkAllRead() {
  const refresh = useRefreshInbox();
  const send = (_: void, headers: KeyHeaders) => unwrap(api.POST('/api/v1/me/notifications/read', { headers }));
  return useSubmit(send, { onSettled: () => void refresh() });
}
