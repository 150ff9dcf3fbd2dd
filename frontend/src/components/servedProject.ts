// For tests: a project as the API serves it, with what the API adds in its state (domain
// `ProjectState::shown_progress` and `money_standing`), so a fixture that sets a state reads
// as the server would answer it.
import type { Schemas } from '../api/client';

type Shown = { shown_progress_percent: number | null; money_standing: Schemas['MoneyStanding'] };

const BY_STATE: Record<Schemas['ProjectState'], { progress: 'none' | 'posted' | 'done'; money: Schemas['MoneyStanding'] }> = {
  draft: { progress: 'none', money: 'raising' },
  published: { progress: 'none', money: 'raising' },
  in_progress: { progress: 'posted', money: 'secured' },
  completed: { progress: 'done', money: 'secured' },
  closed: { progress: 'done', money: 'secured' },
  cancelled: { progress: 'none', money: 'released' },
};

export function served<P extends { state: Schemas['ProjectState']; progress_percent: number }>(p: P): P & Shown {
  const rule = BY_STATE[p.state];
  const shown = rule.progress === 'none' ? null : rule.progress === 'done' ? 100 : Math.max(0, Math.min(100, p.progress_percent));
  return { ...p, shown_progress_percent: shown, money_standing: rule.money };
}
