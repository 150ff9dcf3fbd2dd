import { beforeEach, describe, expect, it } from 'vitest';

import { session } from './session';

const stored = {
  access_token: 'a',
  token_type: 'Bearer',
  expires_in: 900,
  user: { id: 'u', username: 'u', display_name: 'U', party_member: false, disabled: false, password_change_required: false, allowed_actions: [], grants: [], created_at: '', updated_at: '', version: 1 },
};

describe('session', () => {
  beforeEach(() => localStorage.clear());

  it('returns the same object until it changes, as useSyncExternalStore requires', () => {
    session.save(stored);
    const first = session.current();
    expect(session.current()).toBe(first);
    session.save({ ...stored, access_token: 'b' });
    expect(session.current()).not.toBe(first);
    expect(session.accessToken()).toBe('b');
    session.clear();
    expect(session.current()).toBeNull();
  });
});
