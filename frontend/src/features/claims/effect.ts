// What a claim's action would do, said before it is taken: "确认后：资源剩余 ¥474,000 →
// ¥454,000；项目资金缺口 ¥30,000 → ¥10,000". The numbers are the claim's own (the
// resource's remaining and the project's gap as the API read them), so the reader decides on
// what the server knows; the server still checks again when the action arrives.
import type { TFunction } from 'i18next';

import { formatQuantity, formatYuan } from '../../components/money';
import type { Claim, ClaimAction } from './api';

/** The order buttons are drawn in. */
export const CLAIM_ACTIONS = ['confirm', 'decline', 'fulfil', 'release', 'cancel'] as const satisfies readonly ClaimAction[];

/** The actions this reader may take now, in drawing order: only what `allowed_actions` offers. */
export function claimButtons(claim: Pick<Claim, 'allowed_actions'>): ClaimAction[] {
  return CLAIM_ACTIONS.filter((action) => claim.allowed_actions.includes(action));
}

/** Whether the project still counts money towards its start (its gap means something). */
const FUNDING_OPEN = new Set<Claim['project_state']>(['draft', 'published', 'in_progress']);

export interface ClaimEffect {
  /** "资源剩余 ¥474,000 → ¥454,000" and, for money, the project's gap. */
  changes: { label: 'remaining' | 'gap'; from: string; to: string }[];
  /** Nothing changes in the numbers (decline, cancel, fulfil). */
  unchanged: boolean;
  /** A confirmation asking more than remains: the server will refuse it (over_allocation). */
  over: boolean;
}

type EffectFacts = Pick<
  Claim,
  'quantity' | 'resource_kind' | 'resource_measure' | 'resource_remaining' | 'project_gap_fen' | 'project_state'
>;

export function claimEffect(claim: EffectFacts, action: ClaimAction): ClaimEffect {
  const q = claim.quantity;
  const qty = (n: number) => formatQuantity(n, claim.resource_measure);
  const funds = claim.resource_kind === 'funds';
  const remaining = claim.resource_remaining;
  const gap = claim.project_gap_fen;
  if (action === 'confirm') {
    const over = q > remaining;
    const changes: ClaimEffect['changes'] = [{ label: 'remaining', from: qty(remaining), to: qty(Math.max(0, remaining - q)) }];
    // A project already funded has no gap to close: saying "¥0 → ¥0" would be noise.
    if (funds && gap > 0) changes.push({ label: 'gap', from: formatYuan(gap), to: formatYuan(Math.max(0, gap - q)) });
    return { changes, unchanged: false, over };
  }
  if (action === 'release') {
    const changes: ClaimEffect['changes'] = [{ label: 'remaining', from: qty(remaining), to: qty(remaining + q) }];
    if (funds && FUNDING_OPEN.has(claim.project_state)) {
      changes.push({ label: 'gap', from: formatYuan(gap), to: formatYuan(gap + q) });
    }
    return { changes, unchanged: false, over: false };
  }
  return { changes: [], unchanged: true, over: false };
}

/** The effect as one sentence in the reader's language. */
export function claimEffectText(claim: EffectFacts, action: ClaimAction, t: TFunction): string {
  const effect = claimEffect(claim, action);
  const remaining = formatQuantity(claim.resource_remaining, claim.resource_measure);
  if (effect.unchanged) return t(`claimEffect.unchanged.${action}`, { remaining, quantity: formatQuantity(claim.quantity, claim.resource_measure) });
  const parts = effect.changes.map((c) => t(`claimEffect.${c.label}`, { from: c.from, to: c.to }));
  return t('claimEffect.after', { action: t(`claimActions.${action}`), changes: parts.join(t('claimEffect.separator')) });
}
