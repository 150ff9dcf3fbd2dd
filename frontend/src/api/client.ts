// The one way the app talks to the API: openapi-fetch over the generated schema, with the
// bearer token added and a refused access token refreshed once, transparently. The refresh
// token never reaches script: it lives in an HttpOnly cookie that only /api/v1/auth sees.
import createClient from 'openapi-fetch';

import type { components, paths } from './schema';
import { session } from '../auth/session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** A problem+json answer, thrown so TanStack Query and forms see it as an error. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time across every tab: the refresh token rotates on each use, so two
 * tabs presenting the same one at once would look like a replay and end the login. Under
 * the lock a tab first checks whether another tab has already refreshed. */
async function acrossTabs<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? await locks.request('gongzhi-refresh', work) : work();
}

/** Trades the refresh cookie for a new access token; concurrent callers share one attempt. */
async function refresh(rejected: string): Promise<boolean> {
  refreshing ??= acrossTabs(async () => {
    const current = session.accessToken();
    if (current && current !== rejected) return true;
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) {
        session.expire();
        return false;
      }
      session.save(await response.json());
      return true;
    } catch {
      return false;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = session.accessToken();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status === 401 && token && !request.url.includes('/auth/') && (await refresh(token))) {
    retry.headers.set('authorization', `Bearer ${session.accessToken()}`);
    return fetch(retry);
  }
  return response;
}

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });

/** The data of a call, or its problem thrown as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch {
    throw new ApiError({
      type: 'urn:gongzhi:problem:network',
      title: 'Network error',
      status: 0,
      detail: 'the server could not be reached',
      code: 'network',
    });
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) {
    if (isProblem(error)) {
      // Whichever screen asked: the layout leads the user to set its own password first.
      if (error.code === 'password_change_required') session.requirePasswordChange();
      throw new ApiError(error);
    }
    throw new ApiError({
      type: 'urn:gongzhi:problem:unexpected',
      title: response.statusText,
      status: response.status,
      detail: `unexpected response ${response.status}`,
      code: 'unexpected',
    });
  }
  return data as T;
}
