// What a notification says and where it leads. The API sends a kind and the record's title
// when it happened; the sentence is the web app's, one per kind in each language
// (`notificationKinds` in i18n: a kind without one fails wording.test.ts). The record is
// opened where its own screen is: a demand's, a project's, a coordination case's or a fault's
// page, a claim in the claims inbox.
import type { TFunction } from 'i18next';

import type { Schemas } from '../../api/client';
import type { Notification } from './api';

type Entity = Schemas['Entity'];

/** 「您的需求「楼道灯不亮」已受理并公示」: the kind's sentence about the record's title. */
export function notificationText(notification: Pick<Notification, 'kind' | 'title'>, t: TFunction): string {
  return t(`notificationKinds.${notification.kind}`, { title: notification.title });
}

/** Each kind of record's screen; `null` where the web app has none to open (yet): the item is
 * then only marked read. */
const SCREENS: Record<Entity, ((notification: Pick<Notification, 'kind' | 'entity_id'>) => string) | null> = {
  demand: ({ entity_id }) => `/demands/${entity_id}`,
  project: ({ entity_id }) => `/projects/${entity_id}`,
  // An answered claim waits for nobody: it is under 全部, not 待我处理.
  claim: ({ kind }) => (kind === 'claim_awaiting' ? '/claims' : '/claims?tab=all'),
  coordination_case: ({ entity_id }) => `/cases/${entity_id}`,
  fault: ({ entity_id }) => `/faults/${entity_id}`,
  resource: null,
  // A cancelled activity or recorded hours: the volunteer's own 志愿服务 (我的服务 shows both).
  volunteer_activity: () => '/volunteering',
  org_unit: null,
  organization: null,
  user: null,
};

/** Where tapping the notification leads, or `null` when its record has no screen to open. */
export function notificationTarget(notification: Pick<Notification, 'kind' | 'entity' | 'entity_id'>): string | null {
  return SCREENS[notification.entity]?.(notification) ?? null;
}
