// Org units on screen: a unit's name from its id, a label with the unit's kind, and a
// searchable picker. The queries and cache keys are in api/orgUnits.ts.
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useErrorText } from './errors';
import { searchUnits, unitKeys, unitQuery, useUnit, type OrgUnit, type UnitKind } from '../api/orgUnits';
import { SearchPicker, type PickerProps } from './SearchPicker';
import { Tag, unitLevelLabel } from './labels';

/** A unit's name from its id; a failed lookup says why instead of staying blank. */
export function UnitName({ id }: { id: string | null | undefined }) {
  const unit = useUnit(id);
  const errorText = useErrorText();
  if (!id) return <>—</>;
  if (unit.error) return <Typography.Text type="danger">{errorText(unit.error)}</Typography.Text>;
  return <>{unit.data?.name ?? '…'}</>;
}

/** Name, kind and (for a community) its type. */
export function UnitLabel({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap={false}>
      <span>{unit.name}</span>
      <Tag>{unitLevelLabel(t, unit)}</Tag>
      {unit.community_type && <Tag colour="blue">{t(`communityTypes.${unit.community_type}`)}</Tag>}
    </Space>
  );
}

function UnitOption({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  return (
    <span>
      {unit.name}{' '}
      <Typography.Text type="secondary">
        · {unitLevelLabel(t, unit)}
        {unit.parent_id && (
          <>
            {' · '}
            <UnitName id={unit.parent_id} />
          </>
        )}
      </Typography.Text>
    </span>
  );
}

export interface UnitPickerProps extends PickerProps {
  /** Only units of these kinds are offered. */
  kinds?: readonly UnitKind[];
  /** Only units at or below these (a manager's `grant_units`); anywhere when not given. */
  within?: readonly string[];
}

const NO_KINDS: readonly UnitKind[] = [];

/**
 * Choose a unit by typing part of its name (the server searches); each option says its
 * kind and its parent, so two compounds called 1号院 can be told apart.
 */
export function UnitPicker({ kinds = NO_KINDS, within, ...rest }: UnitPickerProps) {
  const { t } = useTranslation();
  return (
    <SearchPicker<OrgUnit>
      {...rest}
      search={(q) => ({ queryKey: unitKeys.search(kinds, q, within), queryFn: () => searchUnits(kinds, q, within) })}
      one={unitQuery}
      option={(u) => <UnitOption unit={u} />}
      defaultPlaceholder={t('admin.pickUnit')}
    />
  );
}
