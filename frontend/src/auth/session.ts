// The short-lived access token and the signed-in user, kept in localStorage so a reload and
// other tabs stay signed in. The refresh token is not here: it is an HttpOnly cookie.
import type { components } from '../api/schema';

type Session = components['schemas']['AuthSession'];
export type User = components['schemas']['User'];

const KEY = 'gongzhi.session';
const listeners = new Set<() => void>();

// The parsed session is cached by its raw text: React's useSyncExternalStore needs the same
// object back while nothing changed, or it re-renders forever.
let cached: { raw: string | null; value: Session | null } = { raw: null, value: null };

// Whether the last session in this tab ended because the server refused to renew it (it
// expired, or was revoked), so that the sign-in screen can say so; signing out is not that.
let expired = false;

function remove() {
  localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

function read(): Session | null {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (raw !== cached.raw) {
    let value: Session | null = null;
    try {
      value = raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      value = null;
    }
    cached = { raw, value };
  }
  return cached.value;
}

export const session = {
  current: read,
  accessToken: () => read()?.access_token ?? null,
  user: () => read()?.user ?? null,
  save(next: Session) {
    // A refresh token in a body (API clients) is never kept where script can read it
    // (JSON.stringify leaves out a field that is undefined).
    const kept: Session = { ...next, refresh_token: undefined };
    expired = false;
    localStorage.setItem(KEY, JSON.stringify(kept));
    listeners.forEach((l) => l());
  },
  updateUser(user: User) {
    const current = read();
    if (current) this.save({ ...current, user });
  },
  /** The server refused a request until the user sets its own password (403 `password_change_required`). */
  requirePasswordChange() {
    const user = read()?.user;
    if (user && !user.password_change_required) this.updateUser({ ...user, password_change_required: true });
  },
  /** Signing out. */
  clear() {
    expired = false;
    remove();
  },
  /** The server refused the session: the screens behind sign-in say so on the way out. */
  expire() {
    expired = true;
    remove();
  },
  hasExpired: () => expired,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
