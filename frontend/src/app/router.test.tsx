import { render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../api/client';
import { zhCN } from '../i18n/zh-CN';
import { RequireScreen } from './router';

const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null }));
vi.mock('../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => {
  auth.user = null;
});

function signIn(role: Schemas['Role']) {
  auth.user = {
    id: 'u1',
    username: role,
    display_name: role,
    party_member: false,
    disabled: false,
    password_change_required: false, allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: [{ id: 'g1', role, unit_id: 'x' }],
  };
}

function open(path: string, routePath: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={routePath} element={<RequireScreen path={routePath}>{<p>the screen</p>}</RequireScreen>} />
        <Route path="/board" element={<p>the board</p>} />
        <Route path="/workbench" element={<p>the workbench</p>} />
        <Route path="/queue" element={<p>the queue</p>} />
        <Route path="/my/demands" element={<p>my demands</p>} />
        <Route path="/login" element={<p>sign in</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('RequireScreen', { timeout: 30_000 }, () => {
  it('sends a co-builder from the queue to its own start page and says why', async () => {
    signIn('co_builder');
    open('/queue', 'queue');
    expect(await screen.findByText('the workbench')).toBeTruthy();
    expect(screen.queryByText('the screen')).toBeNull();
    expect(await screen.findByText(zhCN.screens.notForRole)).toBeTruthy();
  });

  it('sends a resident from the admin pages to its own demands', async () => {
    signIn('resident');
    open('/admin/users', 'admin/users');
    expect(await screen.findByText('my demands')).toBeTruthy();
  });

  it('opens the screen for a role that uses it, and asks a visitor to sign in first', async () => {
    signIn('community_worker');
    const first = open('/queue', 'queue');
    expect(screen.getByText('the screen')).toBeTruthy();
    first.unmount();

    auth.user = null;
    open('/demands/new', 'demands/new');
    expect(await screen.findByText('sign in')).toBeTruthy();
  });
});
