// An expired access token is refreshed once, transparently; a dead session is cleared.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { session } from '../auth/session';
import { api, ApiError, unwrap } from './client';

const user = { id: 'u', username: 'u', display_name: 'U', party_member: false, disabled: false, password_change_required: false, allowed_actions: [], grants: [], created_at: '', updated_at: '', version: 1 };
const stored = (access: string) => ({
  access_token: access,
  token_type: 'Bearer',
  expires_in: 900,
  user,
});
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const expired = () =>
  json({ type: 'urn:gongzhi:problem:token_expired', title: 'Unauthorized', status: 401, detail: 'expired', code: 'token_expired' }, 401);

describe('the API client', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('refreshes an expired access token once, by the cookie, and retries with the new one', async () => {
    session.save(stored('old-access'));
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const path = new URL(request.url).pathname;
      seen.push(`${path} ${request.headers.get('authorization') ?? ''}`);
      if (path === '/api/v1/auth/refresh') {
        expect(await request.json()).toEqual({});
        expect(request.credentials).toBe('same-origin');
        return json(stored('new-access'));
      }
      return request.headers.get('authorization') === 'Bearer new-access' ? json(user) : expired();
    });

    await expect(unwrap(api.GET('/api/v1/me'))).resolves.toEqual(user);
    expect(seen).toEqual(['/api/v1/me Bearer old-access', '/api/v1/auth/refresh ', '/api/v1/me Bearer new-access']);
    expect(session.accessToken()).toBe('new-access');
  });

  it('never keeps a refresh token where script can read it', () => {
    session.save({ ...stored('access'), refresh_token: 'secret' });
    expect(localStorage.getItem('gongzhi.session')).not.toContain('secret');
  });

  it('refreshes once when several requests are refused together', async () => {
    session.save(stored('old-access'));
    let refreshes = 0;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (new URL(request.url).pathname === '/api/v1/auth/refresh') {
        refreshes += 1;
        return json(stored('new-access'));
      }
      return request.headers.get('authorization') === 'Bearer new-access' ? json(user) : expired();
    });
    await Promise.all([unwrap(api.GET('/api/v1/me')), unwrap(api.GET('/api/v1/me')), unwrap(api.GET('/api/v1/me'))]);
    expect(refreshes).toBe(1);
  });

  it('ends the session as expired when the refresh token is refused, and reports the 401', async () => {
    session.save(stored('old-access'));
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (new URL(request.url).pathname === '/api/v1/auth/refresh') {
        return json({ type: 'x', title: 'Unauthorized', status: 401, detail: 'reused', code: 'refresh_token_reused' }, 401);
      }
      return expired();
    });

    const error = await unwrap(api.GET('/api/v1/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('token_expired');
    expect(session.current()).toBeNull();
    expect(session.hasExpired()).toBe(true);
  });
});
