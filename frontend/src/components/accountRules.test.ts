// The same numbers as domain's `phones_are_mobiles_or_landlines_with_area_codes`: the form
// refuses what the API refuses, and lets through what it takes.
import { describe, expect, it } from 'vitest';

import { PHONE } from './accountRules';

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
