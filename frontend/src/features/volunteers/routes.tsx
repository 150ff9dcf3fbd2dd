import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const VolunteeringPage = lazyPage(() => import('./VolunteeringPage'), 'VolunteeringPage');
const VolunteerManagePage = lazyPage(() => import('./ManagePage'), 'VolunteerManagePage');

/** 志愿服务 for a team's volunteers; 志愿队管理 for its leaders (auth/roles.ts SCREENS). */
export const volunteerRoutes: RouteObject[] = [
  { path: 'volunteering', element: <VolunteeringPage /> },
  { path: 'volunteering/manage', element: <VolunteerManagePage /> },
];
