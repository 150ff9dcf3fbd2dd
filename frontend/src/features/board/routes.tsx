import type { RouteObject } from 'react-router';

import { BoardPage } from './BoardPage';
import { PublicDemandPage } from './PublicDemandPage';

export const boardRoutes: RouteObject[] = [
  { path: 'board', element: <BoardPage /> },
  { path: 'board/:id', element: <PublicDemandPage /> },
];
