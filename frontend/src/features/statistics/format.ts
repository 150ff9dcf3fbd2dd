// How the figures are said (SPEC §4.8): a rate as a percentage beside its numerator and
// denominator ("80%", "12 / 15"), a rate with nothing counted as 暂无 (never 0%), money in 万元
// (1 万元 = 10,000 yuan = 1,000,000 fen), the leverage as ×1.33, and the default period: the 12
// months ending this month, by Beijing time as the API counts them.
import type { Schemas } from '../../api/client';

export type Rate = Schemas['Rate'];
export type StatsOverview = Schemas['StatsOverview'];
export type UnitFigures = Schemas['UnitFigures'];

/** A share 0–1 as a percentage to at most one decimal (`0.8` → `80%`, `5 / 6` → `83.3%`); `null` for none. */
export function percentText(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const tenths = Math.round(value * 1000) / 10;
  return `${tenths.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

/** A rate's percentage, or `null` when nothing was counted (the screen says 暂无). */
export function rateText(rate: Rate): string | null {
  return rate.denominator > 0 ? percentText(rate.value) : null;
}

/** A rate's numerator over its denominator: `12 / 15`. */
export function fractionText(rate: Pick<Rate, 'numerator' | 'denominator'>): string {
  return `${grouped(rate.numerator)} / ${grouped(rate.denominator)}`;
}

const grouped = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * An amount of fen in 万元, to at most two decimals: `123450000` → `123.45`, `0` → `0`; an
 * amount too small to show two decimals of (under 50 yuan) is `<0.01`, not nothing.
 */
export function wanText(fen: number): string {
  if (fen === 0) return '0';
  const wan = Math.round(fen / 10_000) / 100;
  if (wan === 0) return fen > 0 ? '<0.01' : '>-0.01';
  return grouped(wan, 2);
}

/** An amount of fen as English says it short: `¥125K`, `¥1.2M`, `¥0`. */
export function compactYuan(fen: number): string {
  return `¥${(Math.trunc(fen) / 100).toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 })}`;
}

/** Social money ÷ government money as `×1.33`; `null` without government money. */
export function leverageText(leverage: number | null | undefined): string | null {
  if (leverage === null || leverage === undefined || !Number.isFinite(leverage)) return null;
  return `×${grouped(Math.round(leverage * 100) / 100, 2)}`;
}

/** Days to at most one decimal (`3`, `2.5`); `null` when no demand got that far. */
export function daysText(days: number | null | undefined): string | null {
  if (days === null || days === undefined || !Number.isFinite(days)) return null;
  return grouped(Math.round(days * 10) / 10, 1);
}

/** Hours to at most one decimal. */
export function hoursText(hours: number): string {
  return grouped(Math.round(hours * 10) / 10, 1);
}

/** YYYY-MM */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string | null | undefined): text is Month => !!text && MONTH.test(text);

/** The month `n` months after `month` (before, for negative `n`). */
export function addMonths(month: Month, n: number): Month {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** This month in Beijing (UTC+8, no daylight saving), as the API counts months. */
export function beijingMonth(now: Date): Month {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  return `${beijing.getUTCFullYear()}-${String(beijing.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The default period: the 12 months ending this month. */
export function defaultPeriod(now: Date = new Date()): { from: Month; to: Month } {
  const to = beijingMonth(now);
  return { from: addMonths(to, -11), to };
}

/** The period in the address, each end falling back to the default's. */
export function periodFrom(params: URLSearchParams, now: Date = new Date()): { from: Month; to: Month } {
  const fallback = defaultPeriod(now);
  const from = params.get('from');
  const to = params.get('to');
  return { from: isMonth(from) ? from : fallback.from, to: isMonth(to) ? to : fallback.to };
}
