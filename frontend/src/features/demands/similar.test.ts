import { describe, expect, it } from 'vitest';

import { draftDescription } from './similar';

describe('draftDescription', () => {
  it('sends the start of a long description, whole characters only', () => {
    const long = '楼'.repeat(299) + '𠀀' + '道'.repeat(500);
    const sent = draftDescription(long) ?? '';
    expect([...sent].length).toBe(300);
    expect(sent.endsWith('𠀀')).toBe(true);
  });

  it('sends nothing for an empty description', () => {
    expect(draftDescription('')).toBeUndefined();
  });
});
