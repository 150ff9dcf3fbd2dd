import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const ClaimsPage = lazyPage(() => import('./ClaimsPage'), 'ClaimsPage');

export const claimRoutes: RouteObject[] = [{ path: 'claims', element: <ClaimsPage /> }];
