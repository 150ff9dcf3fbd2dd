import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';

import { api, unwrap, type Schemas } from '../api/client';
import { session, type User } from './session';

type RegisterRequest = Schemas['RegisterRequest'];

interface Auth {
  user: User | null;
  login(username: string, password: string): Promise<User>;
  register(body: RegisterRequest): Promise<User>;
  logout(): Promise<void>;
  /** Re-reads `/me` (grants change while signed in). */
  reload(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const user = useSyncExternalStore(session.subscribe, () => session.current()?.user ?? null);

  const login = useCallback(async (username: string, password: string) => {
    const s = await unwrap(api.POST('/api/v1/auth/login', { body: { username, password, refresh_cookie: true } }));
    session.save(s);
    return s.user;
  }, []);

  const register = useCallback(async (body: RegisterRequest) => {
    const s = await unwrap(api.POST('/api/v1/auth/register', { body: { ...body, refresh_cookie: true } }));
    session.save(s);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    session.clear();
    await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
  }, []);

  const reload = useCallback(async () => {
    session.updateUser(await unwrap(api.GET('/api/v1/me')));
  }, []);

  const value = useMemo(() => ({ user, login, register, logout, reload }), [user, login, register, logout, reload]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
