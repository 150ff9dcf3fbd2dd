import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const NewDemandPage = lazyPage(() => import('./NewDemandPage'), 'NewDemandPage');
const MyDemandsPage = lazyPage(() => import('./MyDemandsPage'), 'MyDemandsPage');
const QueuePage = lazyPage(() => import('./QueuePage'), 'QueuePage');
const DemandPage = lazyPage(() => import('./DemandPage'), 'DemandPage');

export const demandRoutes: RouteObject[] = [
  { path: 'demands/new', element: <NewDemandPage /> },
  { path: 'my/demands', element: <MyDemandsPage /> },
  { path: 'queue', element: <QueuePage /> },
  { path: 'demands/:id', element: <DemandPage /> },
];
