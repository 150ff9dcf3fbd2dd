// 长辈模式 (elder mode): larger text and targets, stronger contrast, plainer words, one column.
// One switch for the whole app, remembered per device. This module is the state's only
// owner: everything reads it through `useElderMode` (or `elderMode()` outside React) and
// changes it through `setElderMode`. When the account remembers it too (through the API),
// the code that loads the account calls `setElderMode(account.elder, { remember: false })`
// and saves the account's choice in `onElderModeChange`; no screen changes.
//
// The mode is drawn by CSS: `<html data-elder="on">` (styles.css, `elder.css`) and antd's
// theme (components/AntdFrame reads `useElderMode`).
import { useSyncExternalStore } from 'react';

export const ELDER_KEY = 'gongzhi.elder';

function stored(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === 'on';
  } catch {
    return false;
  }
}

let current = stored();
const listeners = new Set<() => void>();

/** Marks the document so that styles follow the mode from the first frame. */
function apply(on: boolean) {
  if (typeof document === 'undefined') return;
  if (on) document.documentElement.dataset.elder = 'on';
  else delete document.documentElement.dataset.elder;
}
apply(current);

/** Whether elder mode is on, outside React. */
export function elderMode(): boolean {
  return current;
}

/**
 * Turns elder mode on or off. `remember: false` changes it for this visit only (for a
 * choice that came from elsewhere, e.g. the account, and is kept there).
 */
export function setElderMode(on: boolean, { remember = true }: { remember?: boolean } = {}) {
  if (remember) {
    try {
      if (on) localStorage.setItem(ELDER_KEY, 'on');
      else localStorage.removeItem(ELDER_KEY);
    } catch {
      // a browser without storage still switches, for this visit
    }
  }
  if (on === current) return;
  current = on;
  apply(on);
  for (const listener of listeners) listener();
}

/** Calls `listener` after each change of the mode; returns the unsubscription. */
export function onElderModeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Elder mode and its switch, for React. */
export function useElderMode(): { elder: boolean; setElder: (on: boolean) => void } {
  const elder = useSyncExternalStore(onElderModeChange, elderMode, () => false);
  return { elder, setElder: setElderMode };
}

/** Another tab of the same browser switched: follow it. */
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === ELDER_KEY || event.key === null) setElderMode(stored(), { remember: false });
  });
}
