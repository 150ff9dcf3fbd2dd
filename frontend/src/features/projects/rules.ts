// What the project screens show from what the API says: which lifecycle buttons (only those
// in `allowed_actions`), how a refusal or a withheld step is said (a funding gap with its
// amount, from the project as read, else the API's own detail), and how much of a matched
// resource to ask for. No rule is re-decided, and no figure is read out of the API's prose.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import { ApiError, type Schemas } from '../../api/client';
import type { Project, ProjectAllowedAction, ProjectTransition } from './api';
import { formatYuan } from '../../components/money';

/** The lifecycle steps in the order their buttons stand. */
export const LIFECYCLE: readonly ProjectTransition[] = ['publish', 'start', 'complete', 'hand_over', 'cancel'];

export const PROJECT_STATES = ['draft', 'published', 'in_progress', 'completed', 'closed', 'cancelled'] as const satisfies readonly Schemas['ProjectState'][];
export const PROJECT_CATEGORIES = ['micro_renovation', 'micro_governance', 'micro_improvement'] as const satisfies readonly Schemas['ProjectCategory'][];

/** The lifecycle buttons this reader gets: exactly the steps the API allows now. */
export function lifecycleButtons(allowed: readonly ProjectAllowedAction[]): ProjectTransition[] {
  return LIFECYCLE.filter((a) => allowed.includes(a));
}

/** Whether the reader may ask co-builders for resources: the matches with their 申请 buttons. */
export const requestsResources = (p: Pick<Project, 'allowed_actions'>) => p.allowed_actions.includes('request_resource');

/**
 * Why the API withholds a step the reader would otherwise take now (a start while money is
 * short), one sentence each in the reader's language.
 */
export function withheldTexts(t: TFunction, p: Pick<Project, 'withheld_actions' | 'gap_fen'>): string[] {
  return p.withheld_actions.map((w) => refusalText(t, w.code, w.detail, p));
}

/**
 * A refusal in the reader's language, naming the rule. The funding gap is said with its
 * amount from the project as read, or, without one, in the server's own words (its detail
 * names the gap); the project screens' claim refusals have their own section; anything else
 * is `errors.<code>`.
 */
export function projectErrorText(t: TFunction, error: unknown, project?: Pick<Project, 'gap_fen'>): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  return refusalText(t, error.code, error.problem.detail, project);
}

function refusalText(t: TFunction, code: string, detail: string, project?: Pick<Project, 'gap_fen'>): string {
  if (code === 'funding_gap') {
    return project && project.gap_fen > 0 ? t('errors.funding_gap', { gap: formatYuan(project.gap_fen) }) : detail;
  }
  return t(`projectErrors.${code}`, { defaultValue: '' }) || t(`errors.${code}`, { defaultValue: detail });
}

export function useProjectErrorText(project?: Pick<Project, 'gap_fen'>) {
  const { t } = useTranslation();
  return (error: unknown) => projectErrorText(t, error, project);
}

/**
 * How much of a matched resource to ask for by default: for money, what is missing (the
 * gap) when there is a gap; otherwise all that remains. The official may change it.
 */
export function suggestedQuantity(resource: Pick<Schemas['Resource'], 'kind' | 'remaining'>, project: Pick<Project, 'gap_fen'>): number {
  if (resource.kind === 'funds' && project.gap_fen > 0) return Math.max(1, Math.min(resource.remaining, project.gap_fen));
  return Math.max(1, resource.remaining);
}

/**
 * A co-builder's resources in the order matching ranks them for the project (what it cannot
 * start without first), the ones matching left out after: the claim dialog preselects the
 * first, so it offers money to a project short of money, not lamps.
 */
export function inMatchOrder<R extends { id: string }>(resources: R[], matches: { resource: { id: string } }[]): R[] {
  const rank = new Map(matches.map((m, i) => [m.resource.id, i]));
  const at = (r: R) => rank.get(r.id) ?? matches.length;
  return [...resources].sort((a, b) => at(a) - at(b));
}
