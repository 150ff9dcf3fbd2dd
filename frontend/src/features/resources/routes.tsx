import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const ResourcesPage = lazyPage(() => import('./ResourcesPage'), 'ResourcesPage');
const MyResourcesPage = lazyPage(() => import('./MyResourcesPage'), 'MyResourcesPage');
const PublicResourcesPage = lazyPage(() => import('./PublicResourcesPage'), 'PublicResourcesPage');

export const resourceRoutes: RouteObject[] = [
  { path: 'resources', element: <ResourcesPage /> },
  { path: 'resources/mine', element: <MyResourcesPage /> },
];

/** The public resource list: plain HTML, outside antd's frame (what a visitor sees). */
export const publicResourceRoutes: RouteObject[] = [{ path: 'public/resources', element: <PublicResourcesPage /> }];
