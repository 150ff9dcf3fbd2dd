import { afterEach, describe, expect, it } from 'vitest';

import { session, type User } from '../auth/session';
import { json, stubApi } from '../components/testing';
import { followAccount } from './account';
import { elderMode, setElderMode } from './elder';

const user = (elder_mode?: boolean): User =>
  ({
    id: '0190a000-0000-7000-8000-0000000000u1',
    username: 'sun',
    display_name: '孙桂兰',
    phone: null,
    party_member: false,
    disabled: false,
    password_change_required: false,
    grants: [],
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    version: 1,
    allowed_actions: [],
    ...(elder_mode === undefined ? {} : { preferences: { elder_mode } }),
  }) as User;

const signIn = (u: User) => session.save({ access_token: 'token', token_type: 'Bearer', expires_in: 900, user: u } as never);

let stop = () => undefined as void;
afterEach(() => {
  stop();
  session.clear();
  setElderMode(false);
  localStorage.clear();
});

function start() {
  const calls = stubApi({ 'PUT /api/v1/me/preferences': (call) => json(call.body) });
  const off = followAccount();
  stop = () => off();
  return calls;
}

const puts = (calls: ReturnType<typeof stubApi>) => calls.filter((c) => c.method === 'PUT').map((c) => c.body);

describe('the account’s 长辈模式', () => {
  it('is taken on at a sign-in on a device that had it off, and nothing is saved', async () => {
    const calls = start();
    signIn(user(true));
    expect(elderMode()).toBe(true);
    await Promise.resolve();
    expect(puts(calls)).toEqual([]);
  });

  it('stays on at a sign-in when the device had it on, and the account is told', async () => {
    setElderMode(true);
    const calls = start();
    signIn(user(false));
    expect(elderMode()).toBe(true);
    await expect.poll(() => puts(calls)).toEqual([{ elder_mode: true }]);
    expect(session.user()?.preferences).toEqual({ elder_mode: true });
  });

  it('saves a switch made while signed in, and follows a change made on another device', async () => {
    const calls = start();
    signIn(user(false));
    setElderMode(true);
    await expect.poll(() => puts(calls)).toEqual([{ elder_mode: true }]);
    setElderMode(false);
    await expect.poll(() => puts(calls)).toEqual([{ elder_mode: true }, { elder_mode: false }]);
    // `/me` read again brings the other device's choice.
    session.updateUser(user(true));
    expect(elderMode()).toBe(true);
    expect(puts(calls)).toHaveLength(2);
  });

  it('saves nothing when no one is signed in', async () => {
    const calls = start();
    setElderMode(true);
    await Promise.resolve();
    expect(puts(calls)).toEqual([]);
  });
});
