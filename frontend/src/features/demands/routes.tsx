import type { RouteObject } from 'react-router';

import { NewDemandPage } from './NewDemandPage';
import { MyDemandsPage } from './MyDemandsPage';
import { QueuePage } from './QueuePage';
import { DemandPage } from './DemandPage';

export const demandRoutes: RouteObject[] = [
  { path: 'demands/new', element: <NewDemandPage /> },
  { path: 'my/demands', element: <MyDemandsPage /> },
  { path: 'queue', element: <QueuePage /> },
  { path: 'demands/:id', element: <DemandPage /> },
];
