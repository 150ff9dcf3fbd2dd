import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { homeFor, rolesOf } from '../auth/roles';
import { session } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { lazyPage } from '../components/lazyPage';
import { adminRoutes } from '../features/admin/routes';
import { boardRoutes } from '../features/board/routes';
import { demandRoutes } from '../features/demands/routes';

const LoginPage = lazyPage(() => import('../auth/LoginPage'), 'LoginPage');
const RegisterPage = lazyPage(() => import('../auth/RegisterPage'), 'RegisterPage');
const NotFound = lazyPage(() => import('./NotFound'), 'NotFound');
/** antd's theme, locale and App around the screens below it, loaded with the first of them. */
const AntdFrame = lazyPage(() => import('../components/AntdFrame'), 'AntdFrame');

/** Screens behind sign-in; the way back is remembered, and a session that ran out is said. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    const expired = session.hasExpired() ? 'expired=1&' : '';
    return <Navigate to={`/login?${expired}next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return children;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeFor(rolesOf(user)) : '/board'} replace />;
}

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Home /> },
      ...boardRoutes,
      {
        element: <AntdFrame />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'register', element: <RegisterPage /> },
          ...demandRoutes.map((r) => ({ ...r, element: <RequireAuth>{r.element}</RequireAuth> })),
          ...adminRoutes.map((r) => ({ ...r, element: <RequireAuth>{r.element}</RequireAuth> })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
