// Money is integer fen everywhere but on screen: shown as yuan (¥12,000 / ¥12,000.50) and
// entered as yuan (up to two decimals). The conversion goes through the decimal text, never
// through floating-point multiplication (0.29 × 100 = 28.999…). A resource's quantity is fen
// for funds (`measure` = `fen`), else a count of its own measure (人次, 盏, m²).

/** The measure of a funds resource: its quantity is fen. */
export const FEN = 'fen';

const grouped = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** `¥12,000` for 1200000 fen, `¥12,000.50` for 1200050; negative amounts keep their sign. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${grouped(yuan)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/**
 * Fen for an amount of yuan as typed (a number or its text: `12000`, `12,000.5`, `¥12000`,
 * `0`); `null` when it is not an amount of at most two decimals.
 */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const text = (typeof yuan === 'number' ? yuan.toFixed(2) : yuan).replace(/[¥,，\s]/g, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Like [`yuanToFen`], for amounts that must be more than nothing (what is offered); `undefined` otherwise. */
export function positiveYuanToFen(yuan: number | string | null | undefined): number | undefined {
  const fen = yuanToFen(yuan);
  return fen !== null && fen > 0 ? fen : undefined;
}

/** The yuan figure for an amount in fen, as a form shows it (`12000`, `12000.5`). */
export function fenToYuan(fen: number): number {
  return Math.trunc(fen) / 100;
}

/** How far 0–100 `part` is of `whole` (an empty whole counts as complete). */
export function share(part: number, whole: number): number {
  if (whole <= 0) return 100;
  return Math.max(0, Math.min(100, (part / whole) * 100));
}

/** A quantity in its measure: yuan for funds, else `140 盏`. */
export function formatQuantity(quantity: number, measure: string): string {
  return measure === FEN ? formatYuan(quantity) : `${grouped(quantity)} ${measure}`;
}
