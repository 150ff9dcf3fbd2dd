// The signed-in user's own calls: signing in and out, `/me`, and what the user may do
// (`/me/permissions`, read through usePermissions.ts), which several features need. Query
// keys under `meKeys.all`. No React here: AuthProvider imports these calls.
import { api, unwrap, type Schemas } from '../api/client';
import { rootKeys } from '../api/keys';
import type { KeyHeaders } from '../api/submission';

export const meKeys = {
  all: rootKeys.me,
  /** Per signed-in user, so another sign-in in the same tab reads its own. */
  permissions: (userId: string) => [...meKeys.all, 'permissions', userId] as const,
};

/** Signs in; the refresh token is kept in an HttpOnly cookie, never given to script. */
export function login(username: string, password: string) {
  return unwrap(api.POST('/api/v1/auth/login', { body: { username, password, refresh_cookie: true } }));
}

export function register(body: Schemas['RegisterRequest'], headers?: KeyHeaders) {
  return unwrap(api.POST('/api/v1/auth/register', { body: { ...body, refresh_cookie: true }, headers }));
}

/** Ends the login on the server; a failure (offline) is ignored: the browser forgets it anyway. */
export async function logout(): Promise<void> {
  await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
}

/** Sets the signed-in user's own password (204); its other logins end, this one goes on. */
export function changePassword(body: Schemas['PasswordChange'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/me/password', { body, headers }));
}

export function fetchMe() {
  return unwrap(api.GET('/api/v1/me'));
}

/** What the signed-in user may do: the roles it may give and where, passwords, roleless accounts. */
export function permissionsQuery(userId: string | undefined) {
  return {
    queryKey: meKeys.permissions(userId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/me/permissions')),
    enabled: !!userId,
    staleTime: 60_000,
  };
}
