// Tokens and the signed-in user, kept in localStorage so a reload stays signed in.
import type { components } from '../api/schema';

type Session = components['schemas']['Session'];
export type User = components['schemas']['User'];

const KEY = 'gongzhi.session';
const listeners = new Set<() => void>();

// The parsed session is cached by its raw text: React's useSyncExternalStore needs the same
// object back while nothing changed, or it re-renders forever.
let cached: { raw: string | null; value: Session | null } = { raw: null, value: null };

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
  refreshToken: () => read()?.refresh_token ?? null,
  user: () => read()?.user ?? null,
  save(next: Session) {
    localStorage.setItem(KEY, JSON.stringify(next));
    listeners.forEach((l) => l());
  },
  updateUser(user: User) {
    const current = read();
    if (current) this.save({ ...current, user });
  },
  clear() {
    localStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
