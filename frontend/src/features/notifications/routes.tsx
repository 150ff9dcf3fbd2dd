import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

import { lazyPage, reloadOnce } from '../../components/lazyPage';

const NotificationsPage = lazyPage(() => import('./NotificationsPage'), 'NotificationsPage');

/** 消息通知: everyone signed in has an inbox. */
export const notificationRoutes: RouteObject[] = [{ path: 'notifications', element: <NotificationsPage /> }];

const Bell = lazy(() => import('./NotificationBell').then((module) => ({ default: module.NotificationBell }), reloadOnce));

/**
 * The header's bell (components/AppLayout draws it for a signed-in user), in a chunk of its
 * own with antd's Badge; until that arrives, an empty square of its size keeps the header
 * from moving.
 */
export function NotificationBell() {
  return (
    <Suspense fallback={<span className="app-bell" aria-hidden="true" />}>
      <Bell />
    </Suspense>
  );
}
