import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { homeFor, mayOpen, rolesOf } from '../auth/roles';
import { session } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { lazyPage } from '../components/lazyPage';
import { adminRoutes } from '../features/admin/routes';
import { auditRoutes } from '../features/audit/routes';
import { boardRoutes } from '../features/board/routes';
import { claimRoutes } from '../features/claims/routes';
import { coordinationRoutes } from '../features/coordination/routes';
import { coverageRoutes } from '../features/coverage/routes';
import { disclosureBoardRoutes, disclosureRoutes } from '../features/disclosures/routes';
import { demandRoutes } from '../features/demands/routes';
import { faultRoutes } from '../features/faults/routes';
import { NotificationBell, notificationRoutes } from '../features/notifications/routes';
import { projectBoardRoutes, projectRoutes } from '../features/projects/routes';
import { residentRoutes } from '../features/residents/routes';
import { publicResourceRoutes, resourceRoutes } from '../features/resources/routes';
import { PublicFigures, statsRoutes } from '../features/statistics/routes';
import { useElderMode } from '../elder/elder';
import { volunteerRoutes } from '../features/volunteers/routes';
import { WorkbenchSummary, workbenchRoutes } from '../features/workbench/routes';

const LoginPage = lazyPage(() => import('../auth/LoginPage'), 'LoginPage');
const RegisterPage = lazyPage(() => import('../auth/RegisterPage'), 'RegisterPage');
const ChangePasswordPage = lazyPage(() => import('../auth/ChangePasswordPage'), 'ChangePasswordPage');
const NotFound = lazyPage(() => import('./NotFound'), 'NotFound');
const SettingsPage = lazyPage(() => import('../elder/SettingsPage'), 'SettingsPage');
/** antd's theme, locale and App around the screens below it, loaded with the first of them. */
const AntdFrame = lazyPage(() => import('../components/AntdFrame'), 'AntdFrame');

/**
 * Screens behind sign-in (the way back is remembered, and a session that ran out is said),
 * each only for the roles that may use it (auth/roles.ts SCREENS): anyone else is sent to
 * their own start page and told why.
 */
export function RequireScreen({ path, children }: { path: string; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const expired = session.hasExpired() ? 'expired=1&' : '';
    return <Navigate to={`/login?${expired}next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  const roles = rolesOf(user);
  if (!mayOpen(roles, path)) return <NotForRole home={homeFor(roles)} />;
  return children;
}

function NotForRole({ home }: { home: string }) {
  const { t } = useTranslation();
  const text = t('screens.notForRole');
  useEffect(() => {
    void import('../components/notice').then(({ warn }) => warn('not-for-role', text));
  }, [text]);
  return <Navigate to={home} replace />;
}

/** A resident's home (我的需求, its phone tabs kept) opens with the counts of its 工作台. */
function withWorkbenchAtTop(route: RouteObject): RouteObject {
  if (route.path !== 'my/demands') return route;
  return {
    ...route,
    element: (
      <>
        <WorkbenchSummary />
        {route.element}
      </>
    ),
  };
}

/** The public board (需求清单) opens with the headline figures of 数据统计 (办理成效). */
function withFiguresAtTop(route: RouteObject): RouteObject {
  if (route.path !== 'board') return route;
  return {
    ...route,
    element: (
      <div className="stack">
        <PublicFigures />
        {route.element}
      </div>
    ),
  };
}

function Home() {
  const { user } = useAuth();
  const { elder } = useElderMode();
  return <Navigate to={user ? homeFor(rolesOf(user), elder) : '/board'} replace />;
}

export const router = createBrowserRouter([
  {
    element: <AppLayout bell={<NotificationBell />} />,
    children: [
      { index: true, element: <Home /> },
      ...boardRoutes.map(withFiguresAtTop),
      ...projectBoardRoutes,
      ...publicResourceRoutes,
      ...disclosureBoardRoutes,
      // 设置 (长辈模式, language, account): for everyone, signed in or not; plain HTML.
      { path: 'settings', element: <SettingsPage /> },
      {
        element: <AntdFrame />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'register', element: <RegisterPage /> },
          ...[{ path: 'account/password', element: <ChangePasswordPage /> }, ...workbenchRoutes, ...demandRoutes.map(withWorkbenchAtTop), ...projectRoutes, ...adminRoutes, ...residentRoutes, ...resourceRoutes, ...claimRoutes, ...coordinationRoutes, ...faultRoutes, ...volunteerRoutes, ...notificationRoutes, ...coverageRoutes, ...statsRoutes, ...auditRoutes, ...disclosureRoutes].map((r) => ({
            ...r,
            element: <RequireScreen path={r.path ?? ''}>{r.element}</RequireScreen>,
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
