import { describe, expect, it } from 'vitest';

import type { Activity } from './api';
import { activityButtons, defaultHours, formatHours, hoursFit, placesLeft, share, signupNote } from './facts';

const NOW = Date.parse('2026-03-10T00:00:00Z');
const base: Activity = {
  id: 'a',
  organization_id: 'o',
  organization_name: '金祥花园志愿服务队',
  unit_id: 'u',
  title: '垃圾分类宣传',
  description: '',
  starts_at: '2026-03-17T01:00:00Z',
  ends_at: '2026-03-17T03:20:00Z',
  capacity: 8,
  signed_up: 3,
  state: 'open',
  signed_by_me: false,
  version: 1,
  allowed_actions: [],
};

describe('activityButtons', () => {
  it('draws only what allowed_actions offers, in one order, among the steps a screen shows', () => {
    expect(activityButtons({ allowed_actions: ['cancel', 'record'] })).toEqual(['record', 'cancel']);
    expect(activityButtons({ allowed_actions: ['withdraw', 'cancel'] }, ['sign_up', 'withdraw'])).toEqual(['withdraw']);
    expect(activityButtons({ allowed_actions: [] })).toEqual([]);
  });
});

describe('signupNote', () => {
  it('says nothing where a button stands', () => {
    expect(signupNote({ ...base, allowed_actions: ['sign_up'] }, NOW)).toBeNull();
    expect(signupNote({ ...base, signed_by_me: true, allowed_actions: ['withdraw'] }, NOW)).toBeNull();
  });

  it('says why there is none: cancelled, already signed up and started, full, or closed', () => {
    expect(signupNote({ ...base, state: 'cancelled' }, NOW)).toBe('cancelled');
    expect(signupNote({ ...base, signed_by_me: true }, Date.parse(base.starts_at))).toBe('signedUp');
    expect(signupNote({ ...base, signed_up: 8 }, NOW)).toBe('full');
    expect(placesLeft({ capacity: 8, signed_up: 9 })).toBe(0);
    expect(signupNote(base, Date.parse(base.starts_at) + 1)).toBe('closed');
    // Not a member of the team: nothing to say.
    expect(signupNote(base, NOW)).toBeNull();
  });
});

describe('hours', () => {
  it('start from the activity’s length, to a tenth of an hour, never over it', () => {
    expect(defaultHours(base)).toBe(2.3);
    expect(defaultHours({ starts_at: base.starts_at, ends_at: '2026-03-17T04:00:00Z' })).toBe(3);
  });

  it('fit when more than nothing and at most its length, in the API’s whole minutes', () => {
    expect(hoursFit(base, 2.3)).toBe(true);
    expect(hoursFit(base, 7 / 3)).toBe(true);
    expect(hoursFit(base, 2.4)).toBe(false);
    expect(hoursFit(base, 0)).toBe(false);
    expect(hoursFit(base, null)).toBe(false);
  });

  it('are written as people write them', () => {
    expect(formatHours(2.5)).toBe('2.5');
    expect(formatHours(3)).toBe('3');
    expect(formatHours(1 / 3)).toBe('0.3');
  });
});

describe('share', () => {
  it('is a whole percent, or nothing without a whole', () => {
    expect(share(1, 4)).toBe('25%');
    expect(share(2.5, 7.5)).toBe('33%');
    expect(share(0, 0)).toBeNull();
  });
});
