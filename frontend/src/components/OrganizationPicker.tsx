// Organisations everywhere a screen needs one: the queries, a name from an id, and a
// searchable picker limited to the kinds a use allows (a property manager's scope is a
// property company, a co-builder's a department, stationed unit, social org or merchant).
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import { useErrorText } from './errors';
import { SearchPicker, type PickerProps } from './SearchPicker';
import { UnitName } from './UnitPicker';

export type Organization = Schemas['Organization'];
export type OrganizationKind = Schemas['OrganizationKind'];

export const organizationKeys = {
  all: ['organizations'] as const,
  one: (id: string) => ['organizations', 'one', id] as const,
  search: (kinds: readonly OrganizationKind[], q: string) => ['organizations', 'search', kinds.join(','), q] as const,
};

export function organizationQuery(id: string) {
  return {
    queryKey: organizationKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  };
}

async function searchOrganizations(kinds: readonly OrganizationKind[], q: string): Promise<Organization[]> {
  const one = (kind?: OrganizationKind) =>
    unwrap(api.GET('/api/v1/organizations', { params: { query: { kind, q: q || undefined, limit: 20 } } })).then((p) => p.items);
  if (kinds.length <= 1) return one(kinds[0]);
  return (await Promise.all(kinds.map(one))).flat();
}

export function useOrganization(id: string | null | undefined) {
  return useQuery({ ...organizationQuery(id ?? ''), enabled: !!id });
}

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
}

const NO_KINDS: readonly OrganizationKind[] = [];

export function OrganizationPicker({ kinds = NO_KINDS, ...rest }: OrganizationPickerProps) {
  const { t } = useTranslation();
  return (
    <SearchPicker<Organization>
      {...rest}
      search={(q) => ({ queryKey: organizationKeys.search(kinds, q), queryFn: () => searchOrganizations(kinds, q) })}
      one={organizationQuery}
      option={(o) => <OrganizationOption organization={o} />}
      defaultPlaceholder={t('admin.pickOrganization')}
    />
  );
}
