import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const PublicDisclosuresPage = lazyPage(() => import('./PublicDisclosuresPage'), 'PublicDisclosuresPage');
const PublicDisclosurePage = lazyPage(() => import('./PublicDisclosurePage'), 'PublicDisclosurePage');
const DisclosuresPage = lazyPage(() => import('./DisclosuresPage'), 'DisclosuresPage');

/** 公示栏 · 定期公示 and one disclosure: plain HTML, outside antd's frame, no sign-in. */
export const disclosureBoardRoutes: RouteObject[] = [
  { path: 'board/disclosures', element: <PublicDisclosuresPage /> },
  { path: 'board/disclosures/:id', element: <PublicDisclosurePage /> },
];

/** 定期公示 in the officials' app (its street's, and 发布公示 for the street committee). */
export const disclosureRoutes: RouteObject[] = [{ path: 'disclosures', element: <DisclosuresPage /> }];
