import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { AuthProvider } from '../auth/AuthProvider';
import { session } from '../auth/session';
import { RequireScreen } from './router';

function Login() {
  return <p>{useLocation().search}</p>;
}

function open() {
  render(
    <AuthProvider>
      <MemoryRouter initialEntries={['/my/demands?state=published']}>
        <Routes>
          <Route path="/my/demands" element={<RequireScreen path="my/demands">mine</RequireScreen>} />
          <Route path="/login" element={<Login />} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}

const stored = {
  access_token: 'a',
  token_type: 'Bearer',
  expires_in: 900,
  user: { id: 'u', username: 'u', display_name: 'U', party_member: false, disabled: false, password_change_required: false, allowed_actions: [], grants: [], created_at: '', updated_at: '', version: 1 },
};

describe('RequireScreen, signed out', () => {
  beforeEach(() => localStorage.clear());

  it('sends a visitor to sign in, and back afterwards', () => {
    open();
    expect(screen.getByText('?next=%2Fmy%2Fdemands%3Fstate%3Dpublished')).toBeTruthy();
  });

  it('says the session expired when the server refused to renew it', () => {
    session.save(stored);
    session.expire();
    open();
    expect(screen.getByText('?expired=1&next=%2Fmy%2Fdemands%3Fstate%3Dpublished')).toBeTruthy();
  });

  it('says nothing of the kind after signing out, or once signed in again', () => {
    session.expire();
    session.save(stored);
    session.clear();
    open();
    expect(screen.getByText('?next=%2Fmy%2Fdemands%3Fstate%3Dpublished')).toBeTruthy();
  });
});
