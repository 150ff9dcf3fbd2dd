// The one way the app talks to the API: openapi-fetch over the generated schema, with the
// bearer token added and a refused access token refreshed once, transparently. The refresh
// token never reaches script: it lives in an HttpOnly cookie that only /api/v1/auth sees.
// Problems as errors are api/core.ts's, which the admin scripts share.
import createClient from 'openapi-fetch';

import { ApiError, unwrap as answerOf } from './core';
import type { paths } from './schema';
import { session } from '../auth/session';

export { ApiError, type Problem, type Schemas } from './core';

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
  return answerOf(call).catch((error: unknown) => {
    // Whichever screen asked: the layout leads the user to set its own password first.
    if (error instanceof ApiError && error.code === 'password_change_required') session.requirePasswordChange();
    throw error;
  });
}
