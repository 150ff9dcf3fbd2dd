// What a project's progress and money mean in each state, for every screen that draws them
// (the workbench's cards, the project page, the public board, a demand's answering project).
// The API gives the last posted percentage and the money as booked; what they say depends on
// the lifecycle (SPEC §4.2): work that is done is done whatever was last posted, and a
// cancelled project's confirmed claims are released, so its money is no longer "secured".
import type { Schemas } from '../api/client';

type ProjectState = Schemas['ProjectState'];

/**
 * - `raising`: money is being gathered (draft, published): the gap is what matters.
 * - `secured`: the work started, so the money was there (in progress, completed, closed).
 * - `released`: cancelled: confirmed claims went back to their resources; nothing is spent.
 */
export type MoneyStanding = 'raising' | 'secured' | 'released';

export interface ProjectDisplay {
  /** The percentage to draw, or null when progress means nothing yet (or any more). */
  progress: number | null;
  money: MoneyStanding;
}

/** One line per state: what its progress bar shows and where its money stands. */
const BY_STATE: Record<ProjectState, { progress: 'none' | 'posted' | 'done'; money: MoneyStanding }> = {
  draft: { progress: 'none', money: 'raising' },
  published: { progress: 'none', money: 'raising' },
  in_progress: { progress: 'posted', money: 'secured' },
  // 待验收: the builder says the work is finished; the inspectors check it.
  completed: { progress: 'done', money: 'secured' },
  closed: { progress: 'done', money: 'secured' },
  // Stopped: a bar frozen at its last percentage would read as work still going on.
  cancelled: { progress: 'none', money: 'released' },
};

/** What to draw for a project in its state (`progress_percent` is the last one posted). */
export function projectDisplay(p: { state: ProjectState; progress_percent: number }): ProjectDisplay {
  const rule = BY_STATE[p.state];
  const progress = rule.progress === 'none' ? null : rule.progress === 'done' ? 100 : Math.max(0, Math.min(100, p.progress_percent));
  return { progress, money: rule.money };
}
