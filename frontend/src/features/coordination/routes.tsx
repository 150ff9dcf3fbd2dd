import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const CasesPage = lazyPage(() => import('./CasesPage'), 'CasesPage');
const CasePage = lazyPage(() => import('./CasePage'), 'CasePage');

/** 协调事项: the list for the parties and those over them; one case for whoever the API lets read it. */
export const coordinationRoutes: RouteObject[] = [
  { path: 'cases', element: <CasesPage /> },
  { path: 'cases/:id', element: <CasePage /> },
];
