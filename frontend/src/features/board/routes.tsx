import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const BoardPage = lazyPage(() => import('./BoardPage'), 'BoardPage');
const PublicDemandPage = lazyPage(() => import('./PublicDemandPage'), 'PublicDemandPage');

/** The board itself: plain HTML, outside antd's frame (the first screen a visitor sees). */
export const boardRoutes: RouteObject[] = [{ path: 'board', element: <BoardPage /> }];

/** One public demand: drawn with antd. */
export const boardDetailRoutes: RouteObject[] = [{ path: 'board/:id', element: <PublicDemandPage /> }];
