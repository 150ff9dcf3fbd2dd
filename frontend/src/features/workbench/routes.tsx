import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

import { lazyPage, reloadOnce } from '../../components/lazyPage';

const WorkbenchPage = lazyPage(() => import('./WorkbenchPage'), 'WorkbenchPage');
const ElderHomePage = lazyPage(() => import('./ElderHomePage'), 'ElderHomePage');

/** 工作台: everyone signed in has one (auth/roles.ts homeFor sends all but residents there). */
export const workbenchRoutes: RouteObject[] = [
  { path: 'workbench', element: <WorkbenchPage /> },
  // 长辈模式's home of a resident: its three actions and what waits for it.
  { path: 'home', element: <ElderHomePage /> },
];

const Summary = lazy(() => import('./WorkbenchPage').then((module) => ({ default: module.WorkbenchSummary }), reloadOnce));

/**
 * The workbench's counts atop a resident's home (the app puts them there: no feature imports
 * another), in the workbench's chunk; until it arrives, an empty row holds their place.
 */
export function WorkbenchSummary() {
  return (
    <Suspense fallback={<div className="work-summary work-list compact" aria-hidden="true" />}>
      <Summary />
    </Suspense>
  );
}
