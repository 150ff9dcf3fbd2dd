import type { RouteObject } from 'react-router';

import { UnitsPage } from './UnitsPage';
import { OrganizationsPage } from './OrganizationsPage';
import { UsersPage } from './UsersPage';

export const adminRoutes: RouteObject[] = [
  { path: 'admin/units', element: <UnitsPage /> },
  { path: 'admin/organizations', element: <OrganizationsPage /> },
  { path: 'admin/users', element: <UsersPage /> },
];
