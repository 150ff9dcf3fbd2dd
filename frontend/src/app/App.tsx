import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';

import { ApiError } from '../api/client';
import { AuthProvider } from '../auth/AuthProvider';
import { session } from '../auth/session';
import { router } from './router';

/** A session that cannot be refreshed any more sends the user to sign in again. */
function onError(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && session.current()) {
    session.expire();
    void router.navigate(`/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`);
  }
}

/** The app's one query cache, made before React renders: main.tsx starts the public board's
 * requests in it while the board's chunk is still on its way. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2 },
  },
});

/** No antd here: the screens that use it sit inside components/AntdFrame (see the router). */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}
