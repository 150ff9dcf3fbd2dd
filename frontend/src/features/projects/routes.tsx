import type { RouteObject } from 'react-router';

import { lazyPage } from '../../components/lazyPage';

const ProjectsPage = lazyPage(() => import('./ProjectsPage'), 'ProjectsPage');
const NewProjectPage = lazyPage(() => import('./NewProjectPage'), 'NewProjectPage');
const ProjectPage = lazyPage(() => import('./ProjectPage'), 'ProjectPage');
const InspectPage = lazyPage(() => import('./InspectPage'), 'InspectPage');
const InspectionsPage = lazyPage(() => import('./InspectionsPage'), 'InspectionsPage');
const PublicProjectsPage = lazyPage(() => import('./PublicProjectsPage'), 'PublicProjectsPage');
const PublicProjectPage = lazyPage(() => import('./PublicProjectPage'), 'PublicProjectPage');

export const projectRoutes: RouteObject[] = [
  { path: 'projects', element: <ProjectsPage /> },
  { path: 'projects/new', element: <NewProjectPage /> },
  { path: 'projects/:id', element: <ProjectPage /> },
  { path: 'projects/:id/inspect', element: <InspectPage /> },
  { path: 'inspections', element: <InspectionsPage /> },
];

/** The public board's project list and one public project: plain HTML, outside antd's frame, no sign-in. */
export const projectBoardRoutes: RouteObject[] = [
  { path: 'board/projects', element: <PublicProjectsPage /> },
  { path: 'board/projects/:id', element: <PublicProjectPage /> },
];
