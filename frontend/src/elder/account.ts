// The account's 长辈模式 (`preferences.elder_mode`, which the server keeps for every device
// its holder signs in on). At a sign-in, 长辈模式 on either side stays on: switching it off by
// surprise on someone who needs it is worse than keeping it on. After that, a switch while
// signed in is saved to the account, and the account's choice made on another device is
// followed when `/me` is read again.
import { api, unwrap } from '../api/client';
import { session } from '../auth/session';
import { elderMode, onElderModeChange, setElderMode } from './elder';

export function savePreferences(elder_mode: boolean) {
  return unwrap(api.PUT('/api/v1/me/preferences', { body: { elder_mode } }));
}

/** Keeps this device's 长辈模式 and the signed-in account's together; returns the stop. */
export function followAccount(): () => void {
  // The account last taken on at its sign-in.
  let seen: string | null = null;

  const push = (on: boolean) => {
    const user = session.user();
    if (!user) return;
    session.updateUser({ ...user, preferences: { elder_mode: on } });
    // Offline, the device keeps the choice; the next switch saves it again.
    void savePreferences(on).catch(() => undefined);
  };

  const onSession = () => {
    const user = session.user();
    if (!user?.preferences) {
      seen = null;
      return;
    }
    const kept = user.preferences.elder_mode;
    if (seen !== user.id) {
      seen = user.id;
      const on = kept || elderMode();
      setElderMode(on);
      if (on !== kept) push(on);
    } else if (kept !== elderMode()) {
      setElderMode(kept);
    }
  };

  const onMode = () => {
    const user = session.user();
    if (!user?.preferences || seen !== user.id) return;
    if (user.preferences.elder_mode !== elderMode()) push(elderMode());
  };

  onSession();
  const stopSession = session.subscribe(onSession);
  const stopMode = onElderModeChange(onMode);
  return () => {
    stopSession();
    stopMode();
  };
}
