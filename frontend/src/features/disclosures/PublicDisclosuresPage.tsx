// 公示栏 · 定期公示: every street's periodic disclosures (第N期), newest first, readable without
// signing in, with a street to narrow them to (kept in the address). Beside each, the mark of
// the server's check that it is as published, asked by this browser. Plain HTML like the rest
// of the board.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { useAllOrgUnits } from '../../api/orgUnits';
import { BoardTabs } from '../../components/BoardTabs';
import { CursorListView } from '../../components/CursorListView';
import { useDisclosureList } from './api';
import { DisclosureRow } from './parts';

export function PublicDisclosuresPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const street = params.get('street') || undefined;
  const streets = useAllOrgUnits({ kind: 'street' });
  const list = useDisclosureList(street);

  return (
    <div className="stack">
      <BoardTabs />
      <div>
        <h1 className="page-title">{t('disclosure.heading')}</h1>
        <p className="secondary" style={{ margin: 0 }}>
          {t('disclosure.intro')}
        </p>
      </div>
      <div className="disclosure-filters">
        <label htmlFor={`${id}-street`}>{t('disclosure.street')}</label>
        <select
          id={`${id}-street`}
          value={street ?? ''}
          aria-busy={streets.isLoading}
          onChange={(event) => setParams(event.target.value ? { street: event.target.value } : {}, { replace: true })}
        >
          <option value="">{streets.isLoading ? t('common.loading') : t('disclosure.allStreets')}</option>
          {(streets.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <CursorListView
        list={list}
        label={t('disclosure.list')}
        retryText={t('disclosure.retry')}
        emptyText={t('disclosure.empty')}
        renderItem={(d) => <DisclosureRow disclosure={d} />}
      />
    </div>
  );
}
