// A disclosure's period: calendar days in Beijing time (the API's rule, domain/src/disclosure.rs),
// as `YYYY-MM-DD` text. The form offers the month before by default, and says the API's own
// refusals (the same codes, so the same words) before sending a period it would refuse.

/** Beijing is UTC+8 all year (no daylight saving). */
const BEIJING_MS = 8 * 3_600_000;

/** The longest period one disclosure covers (domain's `MAX_PERIOD_DAYS`). */
export const MAX_PERIOD_DAYS = 366;

/** Beijing's date at `now`, whatever the browser's zone. */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** Days since the epoch of a `YYYY-MM-DD` (UTC arithmetic: no zone can shift it). */
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function iso(year: number, monthIndex: number, day: number): string {
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

export interface Period {
  start: string;
  end: string;
}

/** The calendar month before `today`'s (`YYYY-MM-DD`): the period a disclosure is usually for. */
export function lastMonth(today: string): Period {
  const [year, month] = today.split('-').map(Number);
  // Month index `month - 2` is the month before; day 0 of this month is its last day.
  return { start: iso(year, month - 2, 1), end: iso(year, month - 1, 0) };
}

/**
 * What the API would refuse in a period, as its problem code (`errors.<code>` says it), or
 * null: it ends before it starts, lasts more than a year, or is not over yet.
 */
export function periodProblem(period: Period, today: string): 'period_order' | 'period_length' | 'period_not_over' | null {
  const start = dayNumber(period.start);
  const end = dayNumber(period.end);
  if (end < start) return 'period_order';
  if (end - start + 1 > MAX_PERIOD_DAYS) return 'period_length';
  if (end >= dayNumber(today)) return 'period_not_over';
  return null;
}
