// 工作台's call and cache: one key factory (`workbenchKeys`, rooted in api/keys.ts), per
// signed-in user (another sign-in in the same tab reads its own). The counts are taken over
// every aggregate, so no write here invalidates them: they are stale at once and read again
// each time a screen showing them is opened or the tab comes back into view.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';

export type WorkItem = Schemas['WorkItem'];
export type WorkCount = Schemas['WorkCount'];

export const workbenchKeys = {
  all: rootKeys.workbench,
  of: (userId: string) => [...workbenchKeys.all, userId] as const,
};

export function fetchWorkbench() {
  return unwrap(api.GET('/api/v1/me/workbench'));
}

/** The reader's counts, in the order the API gives them (its roles' order). */
export function useWorkbench(userId: string | undefined) {
  return useQuery({
    queryKey: workbenchKeys.of(userId ?? ''),
    queryFn: fetchWorkbench,
    enabled: !!userId,
    select: (data) => data.items,
  });
}
