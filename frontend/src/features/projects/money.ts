// Money is integer fen in the API and yuan on screen: ¥12,000 when whole, ¥12,000.50 when
// not. Forms take yuan (up to two decimals) and send fen; the conversion goes through the
// decimal text, never through floating-point multiplication (0.29 × 100 = 28.999…).

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

/** `¥12,000` or `¥12,000.50` for an amount in fen. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100).toString().replace(GROUPS, ',');
  const cents = abs % 100;
  return `${sign}¥${whole}${cents ? `.${cents.toString().padStart(2, '0')}` : ''}`;
}

/** Fen for an amount of yuan typed in a form (`12000`, `12000.5`, `12,000.50`); null when it is not one. */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const text = (typeof yuan === 'number' ? yuan.toFixed(2) : yuan).replace(/[,，\s]/g, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
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

/** A resource quantity as read: money in yuan, anything else with its measure (`60 盏`). */
export function formatQuantity(quantity: number, measure: string): string {
  return measure === 'fen' ? formatYuan(quantity) : `${quantity} ${measure}`;
}
