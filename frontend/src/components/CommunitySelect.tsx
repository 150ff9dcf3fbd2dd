// 所在社区 for someone who knows its street better than its exact name: every community
// under its street (街道, 乡 or 镇, as `unitLevelLabel` names the level), found by typing
// part of the community's name or the street's (a street's name offers all of its own).
// Read from the public list of units, so it works before signing in.
import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';

import { useAllOrgUnits, type OrgUnit } from '../api/orgUnits';
import { ErrorAlert } from './errors';
import { unitLevelLabel } from './labels';

interface CommunityGroup {
  label: string;
  title: string;
  options: { value: string; label: string }[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * The communities grouped by their street, streets and communities in name order; a
 * community whose street is not among `streets` goes in a last group named `other`.
 * `within`: only these communities (those an official may open accounts in).
 */
export function communityGroups(
  streets: readonly OrgUnit[],
  communities: readonly OrgUnit[],
  streetLabel: (street: OrgUnit) => string,
  other: string,
  within?: readonly string[],
): CommunityGroup[] {
  const offered = within ? communities.filter((c) => within.includes(c.id)) : communities;
  const groups = [...streets].sort(byName).map((street) => ({
    label: streetLabel(street),
    members: offered.filter((c) => c.parent_id === street.id),
  }));
  const grouped = new Set(groups.flatMap((g) => g.members.map((c) => c.id)));
  groups.push({ label: other, members: offered.filter((c) => !grouped.has(c.id)) });
  return groups
    .filter((g) => g.members.length > 0)
    .map((g) => ({ label: g.label, title: g.label, options: [...g.members].sort(byName).map((c) => ({ value: c.id, label: c.name })) }));
}

export type CommunitySelectProps = Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'> & {
  within?: readonly string[];
};

export function CommunitySelect({ within, ...rest }: CommunitySelectProps) {
  const { t } = useTranslation();
  // Every unit, not one page: a district has well over a hundred communities (SPEC §1: 175 sites).
  const streets = useAllOrgUnits({ kind: 'street' });
  const communities = useAllOrgUnits({ kind: 'community' });
  // A street's own name says its level (淮河路街道, 侯寨乡); one that does not is told.
  const streetLabel = (street: OrgUnit) => {
    const level = unitLevelLabel(t, street);
    return street.name.endsWith(level) ? street.name : `${street.name} · ${level}`;
  };
  const groups = communityGroups(streets.data ?? [], communities.data ?? [], streetLabel, t('signUp.otherStreet'), within);
  return (
    <>
      <Select<string>
        {...rest}
        showSearch={{ optionFilterProp: 'label' }}
        loading={streets.isLoading || communities.isLoading}
        placeholder={t('signUp.communityPlaceholder')}
        notFoundContent={t('signUp.noCommunity')}
        options={groups}
      />
      <ErrorAlert error={streets.error || communities.error} />
    </>
  );
}
