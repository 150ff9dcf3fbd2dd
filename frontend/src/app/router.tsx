import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';

import { useAuth } from '../auth/AuthProvider';
import { LoginPage } from '../auth/LoginPage';
import { RegisterPage } from '../auth/RegisterPage';
import { homeFor, rolesOf } from '../auth/roles';
import { AppLayout } from '../components/AppLayout';
import { adminRoutes } from '../features/admin/routes';
import { boardRoutes } from '../features/board/routes';
import { demandRoutes } from '../features/demands/routes';

/** Screens behind sign-in; the way back is remembered. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeFor(rolesOf(user)) : '/board'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      ...boardRoutes,
      ...demandRoutes.map((r) => ({ ...r, element: <RequireAuth>{r.element}</RequireAuth> })),
      ...adminRoutes.map((r) => ({ ...r, element: <RequireAuth>{r.element}</RequireAuth> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
