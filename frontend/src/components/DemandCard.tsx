// One demand in a list, the same on the public board and in a resident's own list: title,
// state and category as text, who raised it, where, when, how many co-signed, and the
// public answer (reason / referred to) when there is one. Plain HTML (styles.css): the
// public board draws it before any antd has loaded.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { Schemas } from '../api/client';
import { formatDate } from './dates';
import { DemandStateTag, OverdueTag, Tag } from './labels';

type AnyDemand = Schemas['PublicDemand'] | Schemas['Demand'];

export function DemandCard({
  demand,
  to,
  unitName,
  extra,
}: {
  demand: AnyDemand;
  /** Where its title leads. */
  to: string;
  unitName?: string;
  /** Actions under the card (co-sign…). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const overdue = 'overdue' in demand && demand.overdue;
  return (
    <article className="demand-card" aria-label={demand.title}>
      <h2>
        <Link to={to}>{demand.title}</Link>
      </h2>
      <div className="tags">
        <DemandStateTag state={demand.state} />
        <Tag>{t(`demandCategories.${demand.category}`)}</Tag>
        {overdue && <OverdueTag />}
      </div>
      <p className="meta">
        <span>
          {t('common.labelled', { label: t('demand.author'), value: demand.author_name })}
        </span>
        {unitName && <span> · {unitName}</span>}
        <span>
          {' · '}
          <time dateTime={demand.created_at}>{formatDate(demand.created_at)}</time>
        </span>
        <span>
          {' · '}
          {t('demand.cosigns')} {demand.cosign_count}
        </span>
      </p>
      {demand.reason && (
        <p>{t('common.labelled', { label: t('demand.reason'), value: demand.reason })}</p>
      )}
      {demand.referred_to && (
        <p>{t('common.labelled', { label: t('demand.referredTo'), value: demand.referred_to })}</p>
      )}
      {extra}
    </article>
  );
}
