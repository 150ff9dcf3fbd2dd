import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const UnitsPage = lazyPage(() => import('./UnitsPage'), 'UnitsPage');
const OrganizationsPage = lazyPage(() => import('./OrganizationsPage'), 'OrganizationsPage');
const UsersPage = lazyPage(() => import('./UsersPage'), 'UsersPage');
const ImportPage = lazyPage(() => import('./ImportPage'), 'ImportPage');

export const adminRoutes: RouteObject[] = [
  { path: 'admin/units', element: <UnitsPage /> },
  { path: 'admin/organizations', element: <OrganizationsPage /> },
  { path: 'admin/users', element: <UsersPage /> },
  { path: 'admin/import', element: <ImportPage /> },
];
