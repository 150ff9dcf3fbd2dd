// Money is integer fen everywhere but on screen: shown as yuan (¥12,000 / ¥12,000.50) and
// entered as yuan. A resource's quantity is fen for funds (`measure` = `fen`), else a count
// of its own measure (人次, 盏, m²).

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
 * Fen from an amount of yuan as typed (a number or its text: `12000`, `12,000.5`, `¥12000`);
 * `undefined` when it is not a positive amount with at most two decimals.
 */
export function yuanToFen(yuan: number | string | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined) return undefined;
  const text = String(yuan).replace(/[¥,，\s]/g, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen > 0 ? fen : undefined;
}

/** A quantity in its measure: yuan for funds, else `140 盏`. */
export function formatQuantity(quantity: number, measure: string): string {
  return measure === FEN ? formatYuan(quantity) : `${grouped(quantity)} ${measure}`;
}
