// 审计概览 is in the menu (and on the workbench) of the district admin and auditors only: the
// same rule (auth/roles.ts readsAudit) that keeps its route to them.
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { AppLayout } from '../../components/AppLayout';
import { zhCN } from '../../i18n/zh-CN';

const auth = vi.hoisted(() => ({ user: null as Schemas['User'] | null, logout: async () => undefined }));
vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => auth,
}));

afterEach(() => {
  auth.user = null;
});

function signIn(...roles: Schemas['Role'][]) {
  auth.user = {
    id: 'u1',
    username: 'u',
    display_name: 'u',
    party_member: false,
    disabled: false,
    password_change_required: false,
    allowed_actions: [],
    created_at: '',
    updated_at: '',
    version: 1,
    grants: roles.map((role, i) => ({ id: `g${i}`, role, unit_id: 'x' })),
  };
}

function menu() {
  const rendered = render(
    <MemoryRouter initialEntries={['/workbench']}>
      <AppLayout />
    </MemoryRouter>,
  );
  const links = within(screen.getByRole('navigation', { name: zhCN.nav.main })).getAllByRole('link');
  const audit = links.find((l) => l.textContent === zhCN.nav.audit);
  rendered.unmount();
  return audit;
}

describe('the menu', () => {
  it('offers 审计概览 to the district admin and auditors, leading to /audit', () => {
    for (const role of ['auditor', 'district_admin'] as const) {
      signIn(role);
      expect(menu()?.getAttribute('href'), role).toBe('/audit');
    }
  });

  it('offers it to nobody else', () => {
    for (const role of ['resident', 'community_worker', 'street_committee', 'co_builder', 'supervisor', 'property_manager', 'volunteer_leader', 'volunteer'] as const) {
      signIn(role);
      expect(menu(), role).toBeUndefined();
    }
    auth.user = null;
    expect(menu()).toBeUndefined();
  });
});
