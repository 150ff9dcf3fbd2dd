// What the statistics specs share: the figures as the screens say them, from the API's own
// numbers (a rate as 80%, none as 暂无; money in 万元).
import type { APIRequestContext } from '@playwright/test';

export interface Rate {
  numerator: number;
  denominator: number;
  value?: number | null;
}

export const percent = (r: Rate) =>
  r.denominator > 0 && r.value != null ? `${(Math.round(r.value * 1000) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 })}%` : '暂无';
export const fraction = (r: Rate) => `${r.numerator.toLocaleString('en-US')} / ${r.denominator.toLocaleString('en-US')}`;
export const wan = (fen: number) => (fen === 0 ? '0' : (Math.round(fen / 10_000) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** The public figures, as anyone reads them (the district's without a unit). */
export async function publicStats(request: APIRequestContext, unitId?: string) {
  const response = await request.get(`/api/v1/public/stats${unitId ? `?unit_id=${unitId}` : ''}`);
  if (!response.ok()) throw new Error(await response.text());
  return response.json();
}

/** The four headline figures' value and small text, as the board shows them for `stats`. */
export function headline(stats: {
  figures: { response_rate: Rate; satisfaction_rate: Rate; demands_overdue: number; money: { gov_funds_fen: number; social_funds_fen: number; leverage?: number | null } };
}) {
  const f = stats.figures;
  const decided = f.response_rate.denominator - f.demands_overdue;
  const answered = { numerator: decided, denominator: f.response_rate.denominator, value: f.response_rate.denominator > 0 ? decided / f.response_rate.denominator : null };
  const leverage = f.money.leverage == null ? '暂无' : `×${(Math.round(f.money.leverage * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  return {
    已回应: [`${decided} 件`, `${fraction(answered)} 件 · ${percent(answered)}`],
    按时回应率: [percent(f.response_rate), `${fraction(f.response_rate)} 件按时`],
    满意率: [percent(f.satisfaction_rate), `${fraction(f.satisfaction_rate)} 条评价`],
    社会资金撬动: [`${wan(f.money.social_funds_fen)} 万元`, `政府投入 ${wan(f.money.gov_funds_fen)} 万元 · 撬动 ${leverage}`],
  };
}
