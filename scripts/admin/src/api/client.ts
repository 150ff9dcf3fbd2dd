// The one way the scripts talk to the API: openapi-fetch over the schema generated from
// openapi.yaml (the web app's, frontend/src/api/schema.d.ts, which scripts/test checks
// against the contract), so a contract change that breaks a script fails its type check. Tokens are
// refreshed when the server refuses an expired one, and a request the server could not
// serve for contention (503 busy_retry) or that was lost on the way is sent again: every
// write the scripts make carries an Idempotency-Key or a version, so sending it twice
// changes nothing twice.
import { setTimeout as sleep } from 'node:timers/promises';

import createClient from 'openapi-fetch';

import { ApiError, keyed, listAll, unwrap } from '../../../../frontend/src/api/core.js';
import type { components, paths } from '../../../../frontend/src/api/schema.js';

// Problems as errors, whole lists and Idempotency-Keys are the web app's too (one copy, in
// its tree, where its bundler and its Docker build reach it).
export { ApiError, keyed, listAll, unwrap };

export type Schemas = components['schemas'];
export type Api = ReturnType<typeof createClient<paths>>;

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
