import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');

/** 审计概览: for the district admin and auditors (auth/roles.ts SCREENS). */
export const auditRoutes: RouteObject[] = [{ path: 'audit', element: <AuditPage /> }];
