import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const FaultsPage = lazyPage(() => import('./FaultsPage'), 'FaultsPage');
const FaultPage = lazyPage(() => import('./FaultPage'), 'FaultPage');

/** 报修: the list for those who report and answer faults; one fault for whoever the API lets read it. */
export const faultRoutes: RouteObject[] = [
  { path: 'faults', element: <FaultsPage /> },
  { path: 'faults/:id', element: <FaultPage /> },
];
