// Test helpers for any feature's screens: an API stubbed at `fetch` with responses shaped
// like openapi.yaml, and a render inside the app's providers.
// src/test-setup.ts provides what jsdom lacks (Request with relative URLs, ResizeObserver,
// matchMedia) and unmounts after each test.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { useState, type ReactElement, type ReactNode } from 'react';
import { createMemoryRouter, MemoryRouter, Outlet, Route, RouterProvider, Routes } from 'react-router';
import { onTestFinished, vi } from 'vitest';

import type { Schemas } from '../api/client';
import { AuthProvider } from '../auth/AuthProvider';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Pick<Schemas['Problem'], 'errors' | 'error_codes'> = {},
) {
  const body: Schemas['Problem'] = { type: `urn:gongzhi:problem:${code}`, title: code, status, detail, code, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

/** An org unit as the API returns it. */
export function unitFixture(id: string, name: string, kind: Schemas['UnitKind'], parent_id: string | null): Schemas['OrgUnit'] {
  return { id, name, kind, parent_id, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', version: 1 };
}

/** What `/me/permissions` answers to someone who may do none of it, unless `over` says otherwise. */
export function permissionsFixture(over: Partial<Schemas['Permissions']> = {}): Schemas['Permissions'] {
  return {
    grantable_roles: [],
    grant_units: [],
    reset_passwords: false,
    manage_ungranted_users: false,
    sets_temporary_passwords: true,
    desk_registration_units: [],
    disclosure_streets: [],
    ...over,
  };
}

/**
 * Answers `fetch` from `routes` ("METHOD /path" → handler) and records every call. An
 * unknown route is a 404 problem, as the API would say.
 */
export function stubApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      const call = { method: request.method, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined, headers: request.headers };
      calls.push(call);
      const handler = routes[`${request.method} ${url.pathname}`];
      return handler ? handler(call) : problem(404, 'not_found', `no route ${request.method} ${url.pathname}`);
    }),
  );
  return calls;
}

/** A signed-in user as `GET /me` gives it: the resident 张伟 unless `over` says otherwise. */
export function testUser(over: Partial<Schemas['User']> = {}): Schemas['User'] {
  return {
    id: 'u1',
    username: 'resident',
    display_name: '张伟',
    party_member: false,
    disabled: false,
    password_change_required: false,
    allowed_actions: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    grants: [{ id: 'g1', role: 'resident', unit_id: 'x' }],
    ...over,
  };
}

/** The grants of one holding each of `roles` (in one community). */
export const grantsOf = (roles: Schemas['Role'][]): Schemas['User']['grants'] => roles.map((role, i) => ({ id: `g${i + 1}`, role, unit_id: 'x' }));

function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }));
  return (
    <ConfigProvider>
      <AntApp>
        <QueryClientProvider client={client}>
          <AuthProvider>{children}</AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** `element` at `pattern` (a route's path), opened at `path`. */
export function renderRoute(path: string, pattern: string, element: ReactElement) {
  return renderLayout(path, <Outlet />, { [pattern]: element });
}

/**
 * `screens` (pattern → element) inside `layout`, which draws them at its `<Outlet />` as the
 * app's frame does, opened at `path`; any other address is "elsewhere".
 */
export function renderLayout(path: string, layout: ReactElement, screens: Record<string, ReactElement>) {
  return render(
    <Providers>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={layout}>
            {Object.entries(screens).map(([pattern, element]) => (
              <Route key={pattern} path={pattern} element={element} />
            ))}
            {!('*' in screens) && <Route path="*" element={<p>elsewhere</p>} />}
          </Route>
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

/**
 * The same inside a data router (as the app's `createBrowserRouter`), for a screen that needs
 * one (`useBlocker`); the router is returned to navigate as a link or the back button would.
 */
export function renderDataRoute(path: string, pattern: string, element: ReactElement) {
  const router = createMemoryRouter(
    [
      { path: pattern, element },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [path] },
  );
  const view = render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, router };
}

/**
 * A screen `width` px wide until the test ends: `matchMedia` answers `(min-width: …)` and
 * `(max-width: …)` by it (the setup's matches nothing, which is a phone to the one and a desktop
 * to the other). `resize` tells the listeners, as a turned phone or a dragged window would.
 */
export function screenWidth(width: number) {
  const original = window.matchMedia;
  onTestFinished(() => {
    window.matchMedia = original;
  });
  const listeners = new Set<() => void>();
  const screen = {
    width,
    resize(to: number) {
      screen.width = to;
      listeners.forEach((listener) => listener());
    },
  };
  const matches = (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+)px/.exec(query);
    return (!min || screen.width >= Number(min[1])) && (!max || screen.width <= Number(max[1]));
  };
  window.matchMedia = ((query: string) => ({
    get matches() {
      return matches(query);
    },
    media: query,
    onchange: null,
    addListener: (listener: () => void) => listeners.add(listener),
    removeListener: (listener: () => void) => listeners.delete(listener),
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  return screen;
}
