import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const BoardPage = lazyPage(() => import('./BoardPage'), 'BoardPage');
const PublicDemandPage = lazyPage(() => import('./PublicDemandPage'), 'PublicDemandPage');

/** The board and one public demand: plain HTML, outside antd's frame (what a visitor sees). */
export const boardRoutes: RouteObject[] = [
  { path: 'board', element: <BoardPage /> },
  { path: 'board/:id', element: <PublicDemandPage /> },
];
