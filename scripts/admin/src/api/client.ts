// The one way the scripts talk to the API: openapi-fetch over the schema generated from
// openapi.yaml, so a contract change that breaks a script fails its type check. Tokens are
// refreshed when the server refuses an expired one, and a request the server could not
// serve for contention (503 busy_retry) or that was lost on the way is sent again: every
// write the scripts make carries an Idempotency-Key or a version, so sending it twice
// changes nothing twice.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import createClient from 'openapi-fetch';

import type { components, paths } from './schema.js';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type Api = ReturnType<typeof createClient<paths>>;

/** A problem+json answer (or a network failure dressed as one). */
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

/** The data of a call, or its problem thrown as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({
      type: 'urn:gongzhi:problem:network',
      title: 'Network error',
      status: 0,
      detail: `the server could not be reached (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`,
      code: 'network',
    });
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) {
    if (isProblem(error)) throw new ApiError(error);
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

/** An Idempotency-Key that is the same for the same write: sent again after a lost
 * answer, or by a second run within the server's 24 hours, it creates nothing new. */
export function idempotencyKey(path: string, body: unknown): string {
  return `gongzhi-admin-${createHash('sha256').update(JSON.stringify([path, body])).digest('hex')}`;
}

/** Every page of a keyset-paged list, in order. */
export async function listAll<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    all.push(...got.items);
    cursor = got.next_cursor ?? undefined;
  } while (cursor);
  return all;
}

export type Session = Schemas['AuthSession'];

/** Attempts for one request the server was too busy for, or that never got an answer. */
const ATTEMPTS = 5;

/** A client signed in as one user. */
export class Connection {
  readonly api: Api;
  readonly baseUrl: string;
  private accessToken: string;
  private refreshToken: string | null;
  private refreshing: Promise<void> | null = null;

  private constructor(baseUrl: string, session: Session) {
    this.baseUrl = baseUrl;
    this.accessToken = session.access_token;
    this.refreshToken = session.refresh_token ?? null;
    this.api = createClient<paths>({ baseUrl, fetch: (request) => this.send(request) });
  }

  /** Signs in; refused credentials are an ApiError (401). */
  static async signIn(baseUrl: string, username: string, password: string): Promise<{ connection: Connection; session: Session }> {
    const anonymous = createClient<paths>({ baseUrl });
    const session = await unwrap(anonymous.POST('/api/v1/auth/login', { body: { username, password } }));
    return { connection: new Connection(baseUrl, session), session };
  }

  private async send(request: Request): Promise<Response> {
    const auth = new URL(request.url).pathname.startsWith('/api/v1/auth/');
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const sent = request.clone();
      sent.headers.set('authorization', `Bearer ${this.accessToken}`);
      let response: Response;
      try {
        response = await fetch(sent);
      } catch (e) {
        // A refresh token is spent on use: sending it again would look like a replay.
        if (auth || attempt >= ATTEMPTS) throw e;
        await sleep(200 * attempt);
        continue;
      }
      if (response.status === 401 && !auth && !refreshed && this.refreshToken) {
        refreshed = true;
        await this.refresh();
        continue;
      }
      if (response.status === 503 && attempt < ATTEMPTS) {
        const after = Number(response.headers.get('retry-after'));
        await response.body?.cancel();
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 500 * attempt);
        continue;
      }
      return response;
    }
  }

  /** Ends the login, so that its refresh token is worth nothing once the script is done. */
  async signOut(): Promise<void> {
    if (!this.refreshToken) return;
    await this.api.POST('/api/v1/auth/logout', { body: { refresh_token: this.refreshToken } });
    this.refreshToken = null;
  }

  /** One refresh for every request that met the expired token at once. */
  private refresh(): Promise<void> {
    this.refreshing ??= unwrap(this.api.POST('/api/v1/auth/refresh', { body: { refresh_token: this.refreshToken } }))
      .then((session) => {
        this.accessToken = session.access_token;
        this.refreshToken = session.refresh_token ?? null;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
