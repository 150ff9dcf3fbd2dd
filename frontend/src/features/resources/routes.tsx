import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const ResourcesPage = lazyPage(() => import('./ResourcesPage'), 'ResourcesPage');
const MyResourcesPage = lazyPage(() => import('./MyResourcesPage'), 'MyResourcesPage');

export const resourceRoutes: RouteObject[] = [
  { path: 'resources', element: <ResourcesPage /> },
  { path: 'resources/mine', element: <MyResourcesPage /> },
];
