// Tokens and the signed-in user, kept in localStorage so a reload stays signed in.
import type { components } from '../api/schema';

type Session = components['schemas']['Session'];
export type User = components['schemas']['User'];

const KEY = 'gongzhi.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
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
