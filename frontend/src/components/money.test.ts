import { describe, expect, it } from 'vitest';

import { fenToYuan, formatQuantity, formatYuan, positiveYuanToFen, share, yuanToFen } from './money';

describe('formatYuan', () => {
  it('shows whole yuan without cents and groups thousands', () => {
    expect(formatYuan(1_200_000)).toBe('¥12,000');
    expect(formatYuan(1_200_050)).toBe('¥12,000.50');
    expect(formatYuan(47_400_000)).toBe('¥474,000');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(0)).toBe('¥0');
    expect(formatYuan(-3_000_000)).toBe('-¥30,000');
  });
});

describe('yuanToFen', () => {
  it('reads yuan as typed, exactly, to the fen', () => {
    expect(yuanToFen(12000)).toBe(1_200_000);
    expect(yuanToFen('12,000.5')).toBe(1_200_050);
    expect(yuanToFen('¥0.07')).toBe(7);
    expect(yuanToFen(0.29)).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(yuanToFen('19.99')).toBe(1999);
  });

  it('takes nothing as an amount, and refuses what is not one', () => {
    expect(yuanToFen('0')).toBe(0);
    for (const bad of [-5, '-1', '1.234', 'abc', '', null, undefined, '1e3']) expect(yuanToFen(bad)).toBeNull();
  });

  it('round-trips with fenToYuan', () => {
    for (const fen of [0, 1, 29, 1_200_050, 987_654_321]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('positiveYuanToFen', () => {
  it('refuses what is not a positive amount of at most two decimals', () => {
    expect(positiveYuanToFen('0.01')).toBe(1);
    for (const bad of [0, '0.00', -5, '1.234', 'abc', '', null, undefined, '1e3']) expect(positiveYuanToFen(bad)).toBeUndefined();
  });
});

describe('share', () => {
  it('is a bounded percentage', () => {
    expect(share(50, 200)).toBe(25);
    expect(share(300, 200)).toBe(100);
    expect(share(0, 0)).toBe(100);
  });
});

describe('formatQuantity', () => {
  it('shows funds as yuan and other kinds in their measure', () => {
    expect(formatQuantity(50_000_000, 'fen')).toBe('¥500,000');
    expect(formatQuantity(140, '盏')).toBe('140 盏');
    expect(formatQuantity(1200, '人次')).toBe('1,200 人次');
  });
});
