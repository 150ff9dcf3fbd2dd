import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const DeskRegistrationPage = lazyPage(() => import('./DeskRegistrationPage'), 'DeskRegistrationPage');

/** 为居民开户: for the officials who may open residents' accounts (auth/roles.ts SCREENS). */
export const residentRoutes: RouteObject[] = [{ path: 'residents/new', element: <DeskRegistrationPage /> }];
