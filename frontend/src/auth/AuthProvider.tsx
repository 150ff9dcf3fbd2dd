import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';

import type { Schemas } from '../api/client';
import type { KeyHeaders } from '../api/submission';
import { followAccount } from '../elder/account';
import * as calls from './api';
import { session, type User } from './session';

type RegisterRequest = Schemas['RegisterRequest'];

interface Auth {
  user: User | null;
  login(username: string, password: string): Promise<User>;
  /** Registers a resident (`headers`: the submission's Idempotency-Key) and signs it in. */
  register(body: RegisterRequest, headers?: KeyHeaders): Promise<User>;
  logout(): Promise<void>;
  /** Re-reads `/me` (grants change while signed in). */
  reload(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const user = useSyncExternalStore(session.subscribe, () => session.current()?.user ?? null);
  // The account keeps 长辈模式 for every device its holder signs in on.
  useEffect(() => followAccount(), []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await calls.login(username, password);
    session.save(s);
    return s.user;
  }, []);

  const register = useCallback(async (body: RegisterRequest, headers?: KeyHeaders) => {
    const s = await calls.register(body, headers);
    session.save(s);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    session.clear();
    await calls.logout();
  }, []);

  const reload = useCallback(async () => {
    session.updateUser(await calls.fetchMe());
  }, []);

  const value = useMemo(() => ({ user, login, register, logout, reload }), [user, login, register, logout, reload]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
