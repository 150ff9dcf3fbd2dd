// Organisations on screen: a name from an id, and a searchable picker limited to the kinds a
// use allows (a property manager's scope is a property company, a co-builder's a department,
// stationed unit, social org or merchant). The queries are in api/organizations.ts.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import {
  organizationKeys,
  organizationQuery,
  searchOrganizations,
  useOrganization,
  type Organization,
  type OrganizationKind,
} from '../api/organizations';
import { useErrorText } from './errors';
import { SearchPicker, type PickerProps } from './SearchPicker';
import { UnitName } from './UnitPicker';

export function OrganizationName({ id }: { id: string | null | undefined }) {
  const organization = useOrganization(id);
  const errorText = useErrorText();
  if (!id) return <>—</>;
  if (organization.error) return <Typography.Text type="danger">{errorText(organization.error)}</Typography.Text>;
  return <>{organization.data?.name ?? '…'}</>;
}

function OrganizationOption({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  return (
    <span>
      {organization.name}{' '}
      <Typography.Text type="secondary">
        · {t(`organizationKinds.${organization.kind}`)} · <UnitName id={organization.unit_id} />
      </Typography.Text>
    </span>
  );
}

export interface OrganizationPickerProps extends PickerProps {
  /** Only organisations of these kinds are offered. */
  kinds?: readonly OrganizationKind[];
  /** Offer those at or below this unit first. */
  near?: string;
}

const NO_KINDS: readonly OrganizationKind[] = [];

export function OrganizationPicker({ kinds = NO_KINDS, near, ...rest }: OrganizationPickerProps) {
  const { t } = useTranslation();
  return (
    <SearchPicker<Organization>
      {...rest}
      search={(q) => ({ queryKey: organizationKeys.search(kinds, q, near), queryFn: () => searchOrganizations(kinds, q, near) })}
      one={organizationQuery}
      option={(o) => <OrganizationOption organization={o} />}
      defaultPlaceholder={t('admin.pickOrganization')}
    />
  );
}
