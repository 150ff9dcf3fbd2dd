import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const StatsPage = lazyPage(() => import('./StatsPage'), 'StatsPage');

/** 数据统计: for the officials over a unit and auditors (auth/roles.ts SCREENS); ECharts comes with it. */
export const statsRoutes: RouteObject[] = [{ path: 'stats', element: <StatsPage /> }];

/**
 * 办理成效, the public board's headline figures (the app puts them atop the board: no feature
 * imports another). Plain HTML and small, in the app's first chunk with the frame: drawn at
 * its full size at once, so the board under it never moves when it arrives.
 */
export { PublicFigures } from './PublicFigures';
