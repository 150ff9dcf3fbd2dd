import { describe, expect, it } from 'vitest';

import { fenToYuan, formatYuan, share, yuanToFen } from './money';

describe('formatYuan', () => {
  it('shows whole yuan without decimals and grouped by thousands', () => {
    expect(formatYuan(1_200_000)).toBe('¥12,000');
    expect(formatYuan(0)).toBe('¥0');
    expect(formatYuan(50_000_000)).toBe('¥500,000');
  });
  it('shows jiao and fen when there are any', () => {
    expect(formatYuan(1_200_050)).toBe('¥12,000.50');
    expect(formatYuan(1)).toBe('¥0.01');
    expect(formatYuan(-3_000_000)).toBe('-¥30,000');
  });
});

describe('yuanToFen', () => {
  it('reads typed yuan exactly, without floating-point error', () => {
    expect(yuanToFen('12000')).toBe(1_200_000);
    expect(yuanToFen('12,000.5')).toBe(1_200_050);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1234.56)).toBe(123_456);
    expect(yuanToFen('0')).toBe(0);
  });
  it('refuses what is not an amount', () => {
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen(undefined)).toBeNull();
  });
  it('round-trips with fenToYuan', () => {
    for (const fen of [0, 1, 29, 1_200_050, 987_654_321]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('share', () => {
  it('is a bounded percentage', () => {
    expect(share(50, 200)).toBe(25);
    expect(share(300, 200)).toBe(100);
    expect(share(0, 0)).toBe(100);
  });
});
