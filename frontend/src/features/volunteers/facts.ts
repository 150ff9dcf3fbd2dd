// What the volunteer screens show about an activity, from what the API sent: the places
// left, its time, how long it lasts (the most hours anyone serves in it), a volunteer's
// hours, and the party members' share of the team's figures. Which steps a reader may take
// is the API's to say (`allowed_actions`); what stands where a step is not offered (已满,
// 已报名, 报名已截止) is only said here, from the same facts.
import { formatSpan as formatTimeSpan } from '../../components/dates';
import type { Activity, ActivityAction } from './api';

/** The order buttons are drawn in. */
export const ACTIVITY_ACTIONS = ['sign_up', 'withdraw', 'record', 'cancel'] as const satisfies readonly ActivityAction[];

/** The actions this reader may take now, in drawing order: only what `allowed_actions` offers. */
export function activityButtons(activity: Pick<Activity, 'allowed_actions'>, among: readonly ActivityAction[] = ACTIVITY_ACTIONS): ActivityAction[] {
  return ACTIVITY_ACTIONS.filter((action) => among.includes(action) && activity.allowed_actions.includes(action));
}

/** Places not yet taken (never below zero). */
export const placesLeft = (activity: Pick<Activity, 'capacity' | 'signed_up'>) => Math.max(0, activity.capacity - activity.signed_up);

/** Where an activity stands on the clock: 已取消 · 已结束 · 进行中 · 未开始. */
export type ActivityPhase = 'cancelled' | 'ended' | 'started' | 'ahead';

export function activityPhase(activity: Pick<Activity, 'state' | 'starts_at' | 'ends_at'>, now = Date.now()): ActivityPhase {
  if (activity.state === 'cancelled') return 'cancelled';
  if (now >= Date.parse(activity.ends_at)) return 'ended';
  if (now >= Date.parse(activity.starts_at)) return 'started';
  return 'ahead';
}

/** What a volunteer's card says where neither 报名 nor 取消报名 is offered, or null. */
export type SignupNote = 'cancelled' | 'signedUp' | 'full' | 'closed';

export function signupNote(activity: Activity, now = Date.now()): SignupNote | null {
  if (activity.allowed_actions.includes('sign_up') || activity.allowed_actions.includes('withdraw')) return null;
  const phase = activityPhase(activity, now);
  if (phase === 'cancelled') return 'cancelled';
  if (activity.signed_by_me) return 'signedUp';
  if (placesLeft(activity) === 0) return 'full';
  if (phase !== 'ahead') return 'closed';
  return null;
}

/** How long the activity lasts, in whole minutes (the API's measure of the most one may serve). */
export const lengthMinutes = (activity: Pick<Activity, 'starts_at' | 'ends_at'>) =>
  Math.round((Date.parse(activity.ends_at) - Date.parse(activity.starts_at)) / 60_000);

/** The hours the record form starts with: the activity's length, to a tenth of an hour, never over it. */
export const defaultHours = (activity: Pick<Activity, 'starts_at' | 'ends_at'>) => Math.floor(lengthMinutes(activity) / 6) / 10;

/** Whether `hours` may be recorded for the activity: more than none, at most its length (as the API rounds: whole minutes). */
export function hoursFit(activity: Pick<Activity, 'starts_at' | 'ends_at'>, hours: number | null | undefined): hours is number {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return false;
  const minutes = Math.round(hours * 60);
  return minutes > 0 && minutes <= lengthMinutes(activity);
}

/** 2.5 → "2.5", 3 → "3", 1/3 → "0.3". */
export const formatHours = (hours: number) => String(Math.round(hours * 10) / 10);

/** "2026-03-10 09:00–13:00" on one day, "2026-03-10 09:00 – 2026-03-11 12:00" across days. */
export function formatSpan(activity: Pick<Activity, 'starts_at' | 'ends_at'>): string {
  return formatTimeSpan(activity.starts_at, activity.ends_at);
}

/** A part of a whole in whole percent ("38%"), or null when there is no whole. */
export function share(part: number, whole: number): string | null {
  if (!(whole > 0)) return null;
  return `${Math.round((part / whole) * 100)}%`;
}

/** Soonest first (the API sends newest created first): what a volunteer looks for. */
export const soonestFirst = (a: Pick<Activity, 'starts_at'>, b: Pick<Activity, 'starts_at'>) => Date.parse(a.starts_at) - Date.parse(b.starts_at);
