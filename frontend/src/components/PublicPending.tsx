// What a public board page shows until its record is read: a skeleton while loading, a plain
// 404 when there is no such public record, or the error with a retry. Plain HTML like the
// board: a visitor loads no antd.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { ErrorAlert } from './errors';
import { LoadingSkeleton } from './LoadingSkeleton';

export function PublicPending({ query, back, retryText }: { query: UseQueryResult<unknown>; back: ReactNode; retryText: string }) {
  const { t } = useTranslation();
  if (query.isLoading) return <LoadingSkeleton />;
  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="not-found">
        <h1>404</h1>
        <p className="secondary">{t('errors.not_found')}</p>
        {back}
      </div>
    );
  }
  return (
    <div className="stack">
      {back}
      <ErrorAlert error={query.error} />
      <button type="button" className="btn" onClick={() => void query.refetch()} style={{ alignSelf: 'flex-start' }}>
        {retryText}
      </button>
    </div>
  );
}
