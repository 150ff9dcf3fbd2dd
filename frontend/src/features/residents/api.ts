// 为居民开户's one call. The new account belongs in the administration's lists of users:
// their root is invalidated (api/keys.ts), so a list already read shows it.
import { useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import type { KeyHeaders } from '../../api/submission';

export type DeskAccount = Schemas['DeskAccount'];

/** Opens the account (201) with the server's temporary password, answered this once. */
export function registerAtDesk(body: Schemas['DeskRegistration'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/residents', { body, headers }));
}

export function useAccountOpened() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: rootKeys.users });
}
