// The same numbers as domain's `phones_are_mobiles_or_landlines_with_area_codes`: the form
// refuses what the API refuses, and lets through what it takes. The password checks are
// domain `Password::parse`'s, counted the same way.
import { describe, expect, it } from 'vitest';

import { compactPhone, passwordChecks, PHONE } from './accountRules';

describe('phone', () => {
  it('takes mobiles and landlines with area codes', () => {
    for (const good of ['13812341234', '19912345678', '010-12345678', '0571-1234567', '0371-12345678', '037112345678', '0371-12345678-801', '010-12345678-1']) {
      expect(PHONE.test(good), good).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '12345',
      '12812341234',
      '1381234123',
      '138123412345',
      '+8613812341234',
      '138-1234-1234',
      '12a45678',
      '010-123456',
      '010-123456789',
      '10-12345678',
      '01-12345678',
      '00371-12345678',
      '0371-12345678-',
      '0371-12345678-1234567',
      '0371-12345678-80-1',
      '0371 12345678',
      '-1234567',
      '１３８１２３４１２３４',
    ]) {
      expect(PHONE.test(bad), bad).toBe(false);
    }
  });
});

describe('a mobile number as people write it', () => {
  it('is kept as its eleven digits, and anything else only trimmed', () => {
    expect(compactPhone(' 138 1234 1234 ')).toBe('13812341234');
    expect(compactPhone('138-1234-1234')).toBe('13812341234');
    expect(compactPhone(' 0371-12345678 ')).toBe('0371-12345678');
    expect(compactPhone('')).toBe('');
  });
});

describe('password checks', () => {
  it('count characters, not UTF-16 units, from 10', () => {
    expect(passwordChecks('abcdefghi', '').length).toBe(false);
    expect(passwordChecks('abcdefghij', '').length).toBe(true);
    // Nine characters, ten UTF-16 units: still too short, as the API counts.
    expect(passwordChecks('😀bcdefghi', '').length).toBe(false);
    expect(passwordChecks('桂兰的家在二七区淮河路', '').length).toBe(true);
  });

  it('ask for 5 different characters', () => {
    expect(passwordChecks('aaaabbbbcccc', '').distinct).toBe(false);
    expect(passwordChecks('aabbccddee', '').distinct).toBe(true);
  });

  it('refuse the login name inside, whatever its case; no name, nothing to contain', () => {
    expect(passwordChecks('my-Sunguilan-2026', 'sunguilan').name).toBe(false);
    expect(passwordChecks('x13812341234x', '13812341234').name).toBe(false);
    expect(passwordChecks('my-own-pass-2026', 'sunguilan').name).toBe(true);
    expect(passwordChecks('my-own-pass-2026', ' ').name).toBe(true);
  });

  it('leave well-known passwords to the API', () => {
    expect(passwordChecks('1234567890', '').common).toBeUndefined();
  });
});
