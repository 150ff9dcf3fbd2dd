// One resource in a list, the same in the district's list and in a co-builder's own: title,
// kind and state as text, how much is offered, allocated and left (yuan for funds), until
// when, by whom and where; actions under it. Plain HTML (styles.css), as the public
// resource list draws it without antd.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '../../api/client';
import { useUnit } from '../../api/orgUnits';
import { formatDate } from '../../components/dates';
import { Tag } from '../../components/labels';
import { formatQuantity } from '../../components/money';

type AnyResource = Schemas['Resource'] | Schemas['PublicResource'];

const STATE_COLOURS: Record<Schemas['ResourceState'], string> = {
  available: 'green',
  exhausted: 'gold',
  withdrawn: '',
  expired: 'volcano',
};

export function ResourceStateTag({ state }: { state: Schemas['ResourceState'] }) {
  const { t } = useTranslation();
  return <Tag colour={STATE_COLOURS[state]}>{t(`resourceStates.${state}`)}</Tag>;
}

function UnitText({ id }: { id: string }) {
  const unit = useUnit(id);
  return <>{unit.data?.name ?? '…'}</>;
}

export function ResourceCard({
  resource,
  showOrganization = true,
  extra,
}: {
  resource: AnyResource;
  /** The district's list says who offers it; a co-builder's own list need not. */
  showOrganization?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const qty = (n: number) => formatQuantity(n, resource.measure);
  const figure = (label: string, value: string) => (
    <span className="resource-figure">
      {t('common.labelled', { label, value })}
    </span>
  );
  return (
    <article className="demand-card" aria-label={resource.title}>
      <h2>{resource.title}</h2>
      <div className="tags">
        <Tag colour="blue">{t(`resourceKinds.${resource.kind}`)}</Tag>
        <ResourceStateTag state={resource.state} />
      </div>
      <p className="resource-figures">
        {/* What was offered, even once withdrawn (the quantity then keeps only what projects hold). */}
        {figure(t('resource.quantity'), qty('offered' in resource ? resource.offered : resource.quantity))}
        {figure(t('resource.allocated'), qty(resource.allocated))}
        {'withdrawn_quantity' in resource && resource.withdrawn_quantity > 0
          ? figure(t('resource.withdrawnQuantity'), qty(resource.withdrawn_quantity))
          : figure(t('resource.remaining'), qty(resource.remaining))}
      </p>
      {resource.description && <p>{resource.description}</p>}
      <p className="meta">
        {showOrganization && (
          <span>
            {t('common.labelled', { label: t('resource.organization'), value: resource.organization_name })}
            {' · '}
          </span>
        )}
        <span>
          {t('common.labelled', { label: t('resource.unit'), value: '' })}
          <UnitText id={resource.unit_id} />
        </span>
        <span>
          {' · '}
          {t('common.labelled', {
            label: t('resource.availableUntil'),
            value: resource.available_until ? formatDate(resource.available_until) : t('resource.noExpiry'),
          })}
        </span>
      </p>
      {extra}
    </article>
  );
}
