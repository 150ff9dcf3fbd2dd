// What a claim's action would do, said before it is taken: "确认后：项目资金缺口 ¥30,000 →
// ¥10,000；资源剩余 ¥474,000 → ¥454,000". The numbers are the claim's own (the project's
// gap and the resource's remaining as the API read them), so the reader decides on what the
// server knows; the server still checks again when the action arrives. Which steps are
// offered, and why one is withheld, is the API's to say (`allowed_actions`, `withheld_actions`).
import type { TFunction } from 'i18next';

import { formatQuantity, formatYuan } from '../../components/money';
import type { Claim, ClaimAction } from './api';

/** The order buttons are drawn in. */
export const CLAIM_ACTIONS = ['confirm', 'decline', 'fulfil', 'release', 'cancel'] as const satisfies readonly ClaimAction[];

/** The actions this reader may take now, in drawing order: only what `allowed_actions` offers. */
export function claimButtons(claim: Pick<Claim, 'allowed_actions'>): ClaimAction[] {
  return CLAIM_ACTIONS.filter((action) => claim.allowed_actions.includes(action));
}

export interface ClaimEffect {
  /** "项目资金缺口 ¥30,000 → ¥10,000" (money only, while there is one) first, then the resource's remaining. */
  changes: { label: 'remaining' | 'gap'; from: string; to: string }[];
  /** Nothing changes in the numbers (decline, cancel, fulfil). */
  unchanged: boolean;
}

type EffectFacts = Pick<Claim, 'quantity' | 'resource_kind' | 'resource_measure' | 'resource_remaining' | 'project_gap_fen'>;

/**
 * What taking `action` does to the numbers. Only an action the API offers is asked about: a
 * confirmation over the gap or over what remains is withheld by the API (`withheld_actions`),
 * a release once the project's accounts are final too, so none of that is decided here.
 */
export function claimEffect(claim: EffectFacts, action: ClaimAction): ClaimEffect {
  const q = claim.quantity;
  const qty = (n: number) => formatQuantity(n, claim.resource_measure);
  const funds = claim.resource_kind === 'funds';
  const remaining = claim.resource_remaining;
  const gap = claim.project_gap_fen;
  if (action === 'confirm') {
    const changes: ClaimEffect['changes'] = [];
    // A project already funded has no gap to close: saying "¥0 → ¥0" would be noise.
    if (funds && gap > 0) changes.push({ label: 'gap', from: formatYuan(gap), to: formatYuan(Math.max(0, gap - q)) });
    changes.push({ label: 'remaining', from: qty(remaining), to: qty(Math.max(0, remaining - q)) });
    return { changes, unchanged: false };
  }
  if (action === 'release') {
    const changes: ClaimEffect['changes'] = [];
    if (funds) changes.push({ label: 'gap', from: formatYuan(gap), to: formatYuan(gap + q) });
    changes.push({ label: 'remaining', from: qty(remaining), to: qty(remaining + q) });
    return { changes, unchanged: false };
  }
  return { changes: [], unchanged: true };
}

type Withheld = Claim['withheld_actions'][number];

/**
 * Why the API withholds a step this reader could otherwise take, in the reader's language:
 * over the gap or over what remains with the claim's own figures (as the API read them),
 * anything else by its code, or in the API's words for a code this screen does not know.
 */
export function withheldText(claim: EffectFacts, withheld: Withheld, t: TFunction): string {
  const quantity = formatQuantity(claim.quantity, claim.resource_measure);
  const action = t(`claimActions.${withheld.action}`);
  if (withheld.code === 'over_gap') {
    return claim.project_gap_fen > 0
      ? t('claimWithheld.overGap', { action, gap: formatYuan(claim.project_gap_fen), quantity })
      : t('claimWithheld.funded', { action, quantity });
  }
  if (withheld.code === 'over_allocation') {
    return t('claimWithheld.overAllocation', { action, quantity, remaining: formatQuantity(claim.resource_remaining, claim.resource_measure) });
  }
  return t('claimWithheld.other', { action, reason: t(`errors.${withheld.code}`, { defaultValue: withheld.detail }) });
}

/** The effect as one sentence in the reader's language. */
export function claimEffectText(claim: EffectFacts, action: ClaimAction, t: TFunction): string {
  const effect = claimEffect(claim, action);
  const remaining = formatQuantity(claim.resource_remaining, claim.resource_measure);
  if (effect.unchanged) return t(`claimEffect.unchanged.${action}`, { remaining, quantity: formatQuantity(claim.quantity, claim.resource_measure) });
  const parts = effect.changes.map((c) => t(`claimEffect.${c.label}`, { from: c.from, to: c.to }));
  return t('claimEffect.after', { action: t(`claimActions.${action}`), changes: parts.join(t('claimEffect.separator')) });
}
