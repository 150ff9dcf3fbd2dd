// What each kind of work (`WorkItem`) is called and where its card leads: the list its count
// was taken from (persistence/src/workbench.rs takes each count through that list), with the
// filter that list keeps in its address. The wording is in i18n (`workItems`); a kind the
// contract names without wording or a link fails items.test.ts, and app/workbench.test.ts
// holds every link to a route the roles that get the item may open.
import type { WorkCount, WorkItem } from './api';

/** Each item's list, with the filters of its count. */
export const WORK_TARGETS: Readonly<Record<WorkItem, string>> = {
  // The queue's to-do view: every submitted demand has a running clock, so all are there.
  demands_to_verify: '/queue?state=submitted',
  demands_overdue: '/queue?overdue=true',
  // 待我处理 is the claims inbox's first tab.
  claims_awaiting: '/claims',
  // A supervisor's 待验收项目: the completed projects it may inspect now.
  projects_to_inspect: '/inspections',
  cases_open: '/cases?state=open',
  cases_escalated: '/cases?state=escalated',
  // 我方管护的项目 (with each hand-over's state) heads a property manager's 报修.
  handovers_pending: '/faults',
  faults_open: '/faults?state=open',
  activities_upcoming: '/volunteering/manage',
  // 我的服务 lists every activity the volunteer signed up for.
  my_signups: '/volunteering',
  // A closed project is rated on its page, reached from the demand it answered.
  ratings_to_give: '/my/demands',
  my_demands_open: '/my/demands',
  notifications_unread: '/notifications?unread=1',
};

/** Where the card of `item` leads. */
export function workTarget(item: WorkItem): string {
  return WORK_TARGETS[item];
}

/** The biggest number a card shows; above it, "99+". */
const SHOWN = 99;

/** "12"; "99+" once the list holds more than 99 (or the API counted only up to its cap). */
export function countText({ count, at_least }: Pick<WorkCount, 'count' | 'at_least'>): string {
  if (count > SHOWN) return `${SHOWN}+`;
  return at_least ? `${count}+` : String(count);
}

/** The items with work first, in the API's order, then those with none (shown muted). */
export function byWaiting(items: readonly WorkCount[]): WorkCount[] {
  return [...items.filter((i) => i.count > 0), ...items.filter((i) => i.count <= 0)];
}
