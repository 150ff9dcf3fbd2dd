// How 审计概览 says an account's step and a vote's voter. `UserEvent.action` is a word the
// contract lists in its description (not an enum): each known one has a label under
// `accountActions` in both catalogues (wording.test.ts holds the list to the contract), and
// one the server adds later is shown as itself rather than as a raw key.
import type { TFunction } from 'i18next';

import type { Schemas } from '../../api/client';

type UserEvent = Schemas['UserEvent'];

/** The steps an account's history records (openapi.yaml, `UserEvent.action`). */
export const ACCOUNT_ACTIONS = ['create', 'update', 'disable', 'enable', 'grant', 'revoke', 'reset_password', 'change_password'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

const isKnown = (action: string): action is AccountAction => (ACCOUNT_ACTIONS as readonly string[]).includes(action);

/** What was done: 创建账号, 授予角色：监督 (a role by its label)… */
export function accountActionText(t: TFunction, event: Pick<UserEvent, 'action' | 'role'>): string {
  if (!isKnown(event.action)) return t('audit.otherAction', { action: event.action });
  const role = event.role ? t(`roles.${event.role}`) : '—';
  return t(`accountActions.${event.action}`, { role });
}

/** By whom: 本人 for the holder's own step (its own password), else the actor's name. */
export function actorText(t: TFunction, { user_id, event }: Pick<Schemas['AccountEvent'], 'user_id' | 'event'>): string {
  if (event.actor_id && event.actor_id === user_id) return t('audit.byThemselves');
  if (event.actor_name) return t('audit.by', { name: event.actor_name });
  return t('audit.byUnknown');
}

/** 投票人：王芳（金祥花园业主委员会）, or the name alone when the organisation is not known. */
export function voterText(t: TFunction, voter: Schemas['InspectionVoter']): string {
  return voter.organization_name
    ? t('projectInspection.voterOf', { name: voter.display_name, organization: voter.organization_name })
    : t('projectInspection.voter', { name: voter.display_name });
}
