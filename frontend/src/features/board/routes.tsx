import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const BoardPage = lazyPage(() => import('./BoardPage'), 'BoardPage');
const PublicDemandPage = lazyPage(() => import('./PublicDemandPage'), 'PublicDemandPage');

export const boardRoutes: RouteObject[] = [
  { path: 'board', element: <BoardPage /> },
  { path: 'board/:id', element: <PublicDemandPage /> },
];
