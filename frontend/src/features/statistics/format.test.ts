import { describe, expect, it } from 'vitest';

import {
  addMonths,
  beijingMonth,
  compactYuan,
  daysText,
  defaultPeriod,
  fractionText,
  leverageText,
  percentText,
  periodFrom,
  rateText,
  wanText,
} from './format';
import { rate } from './testing';

describe('rates', () => {
  it('are percentages to at most one decimal', () => {
    expect(rateText(rate(12, 15))).toBe('80%');
    expect(rateText(rate(5, 6))).toBe('83.3%');
    expect(rateText(rate(1, 3))).toBe('33.3%');
    expect(rateText(rate(15, 15))).toBe('100%');
    expect(rateText(rate(0, 4))).toBe('0%');
  });

  it('are none (暂无 on screen), never 0%, when nothing was counted', () => {
    expect(rateText(rate(0, 0))).toBeNull();
    expect(rateText({ numerator: 0, denominator: 0, value: null })).toBeNull();
    expect(rateText({ numerator: 0, denominator: 3 })).toBeNull();
    expect(percentText(null)).toBeNull();
    expect(percentText(undefined)).toBeNull();
  });

  it('say their numerator over their denominator', () => {
    expect(fractionText(rate(12, 15))).toBe('12 / 15');
    expect(fractionText(rate(1200, 15000))).toBe('1,200 / 15,000');
    expect(fractionText(rate(0, 0))).toBe('0 / 0');
  });
});

describe('money', () => {
  it('is said in 万元 (1,000,000 fen) to two decimals', () => {
    expect(wanText(0)).toBe('0');
    expect(wanText(1_000_000)).toBe('1');
    expect(wanText(120_000_000)).toBe('120');
    expect(wanText(123_450_000)).toBe('123.45');
    expect(wanText(12_345_678)).toBe('12.35');
    expect(wanText(12_000_000_000_00)).toBe('1,200,000');
    expect(wanText(5_000)).toBe('0.01');
    expect(wanText(4_000)).toBe('<0.01');
  });

  it('is short in English', () => {
    expect(compactYuan(120_000_000)).toBe('¥1.2M');
    expect(compactYuan(12_500_000)).toBe('¥125K');
    expect(compactYuan(0)).toBe('¥0');
  });

  it('leverage is ×N, none without government money', () => {
    expect(leverageText(120 / 90)).toBe('×1.33');
    expect(leverageText(2)).toBe('×2');
    expect(leverageText(null)).toBeNull();
    expect(leverageText(undefined)).toBeNull();
  });

  it('days to one decimal, none when no demand got that far', () => {
    expect(daysText(3)).toBe('3');
    expect(daysText(2.25)).toBe('2.3');
    expect(daysText(null)).toBeNull();
  });
});

describe('the period', () => {
  it('is the 12 months ending this month, by Beijing time', () => {
    expect(defaultPeriod(new Date('2026-07-15T12:00:00Z'))).toEqual({ from: '2025-08', to: '2026-07' });
    expect(defaultPeriod(new Date('2026-01-01T00:00:00Z'))).toEqual({ from: '2025-02', to: '2026-01' });
    // 2026-06-30 20:00 UTC is already July 1st in Beijing.
    expect(beijingMonth(new Date('2026-06-30T20:00:00Z'))).toBe('2026-07');
    expect(beijingMonth(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06');
    expect(defaultPeriod(new Date('2026-12-31T16:00:00Z'))).toEqual({ from: '2026-02', to: '2027-01' });
  });

  it('counts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-01', -11)).toBe('2025-02');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-07', -24)).toBe('2024-07');
  });

  it('is read from the address, a month that is not one falling back to the default', () => {
    const now = new Date('2026-07-15T12:00:00Z');
    expect(periodFrom(new URLSearchParams('from=2026-01&to=2026-03'), now)).toEqual({ from: '2026-01', to: '2026-03' });
    expect(periodFrom(new URLSearchParams('from=2026-13&to=soon'), now)).toEqual({ from: '2025-08', to: '2026-07' });
    expect(periodFrom(new URLSearchParams(''), now)).toEqual({ from: '2025-08', to: '2026-07' });
  });
});
