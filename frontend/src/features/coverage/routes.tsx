import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const CoveragePage = lazyPage(() => import('./CoveragePage'), 'CoveragePage');

/** 三类组织覆盖: for the street committee, the district admin and auditors (auth/roles.ts SCREENS). */
export const coverageRoutes: RouteObject[] = [{ path: 'coverage', element: <CoveragePage /> }];
