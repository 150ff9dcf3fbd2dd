import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';

import { ApiError } from '../api/client';
import { AuthProvider } from '../auth/AuthProvider';
import { session } from '../auth/session';
import { router } from './router';

/** A session that cannot be refreshed any more sends the user to sign in again. */
function onError(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && session.current()) {
    session.clear();
    void router.navigate(`/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`);
  }
}

export function App() {
  const { i18n } = useTranslation();
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError }),
        mutationCache: new MutationCache({ onError }),
        defaultOptions: {
          queries: { retry: (count, error) => !(error instanceof ApiError && error.status > 0) && count < 2 },
        },
      }),
  );
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#c8102e' } }}>
      <AntApp>
        <QueryClientProvider client={client}>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
