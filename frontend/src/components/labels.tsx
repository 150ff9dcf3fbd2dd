// Human labels for the contract's enums. States are shown as text with a colour, never by
// colour alone. Tags are plain spans (styles.css, antd's preset colours): the public board
// draws them without antd.
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '../api/client';
import type { Messages } from '../i18n/zh-CN';

const STATE_COLOURS: Record<Schemas['DemandState'], string> = {
  submitted: 'gold',
  published: 'blue',
  accepted: 'geekblue',
  resolved: 'green',
  rejected: 'red',
  merged: 'purple',
  referred: 'cyan',
  withdrawn: '',
};

/** A small label; `colour` is one of antd's preset names styled in styles.css. */
export function Tag({ colour, children }: { colour?: string; children: ReactNode }) {
  return <span className={colour ? `tag tag-${colour}` : 'tag'}>{children}</span>;
}

export function DemandStateTag({ state }: { state: Schemas['DemandState'] }) {
  const { t } = useTranslation();
  return <Tag colour={STATE_COLOURS[state]}>{t(`demandStates.${state}`)}</Tag>;
}

const FAULT_COLOURS: Record<Schemas['FaultState'], string> = { open: 'gold', answered: 'blue', closed: 'green', escalated: 'volcano' };

/** A fault's state (报修), on the faults' screens and under a project's upkeep. */
export function FaultStateTag({ state }: { state: Schemas['FaultState'] }) {
  const { t } = useTranslation();
  return <Tag colour={FAULT_COLOURS[state]}>{t(`faultStates.${state}`)}</Tag>;
}

const HANDOVER_COLOURS: Record<Schemas['HandoverState'], string> = { pending: 'gold', accepted: 'green', declined: 'red' };

/** Where a project's hand-over stands with its property company (待接管 · 已接管 · 已拒绝接管). */
export function HandoverStateTag({ state }: { state: Schemas['HandoverState'] }) {
  const { t } = useTranslation();
  return <Tag colour={HANDOVER_COLOURS[state]}>{t(`handoverStates.${state}`)}</Tag>;
}

export function OverdueTag() {
  const { t } = useTranslation();
  return (
    <Tag colour="volcano">
      <span aria-hidden="true">⏰ </span>
      {t('demand.overdue')}
    </Tag>
  );
}

/**
 * A unit's level as its name says it: the contract has one kind for the level under the
 * district (`street`), but a 乡 or 镇 at that level is a township or town, not a 街道
 * (侯寨乡 is no street). Other kinds are their kind.
 */
export function unitLevel(unit: { kind: Schemas['UnitKind']; name: string }): Schemas['UnitKind'] | 'township' | 'town' {
  if (unit.kind !== 'street') return unit.kind;
  const name = unit.name.trim();
  if (name.endsWith('乡')) return 'township';
  if (name.endsWith('镇')) return 'town';
  return 'street';
}

/** The label of a unit's level (街道 · 乡 · 镇 · 社区/村 …), the one place it is decided. */
export function unitLevelLabel(t: TFunction, unit: { kind: Schemas['UnitKind']; name: string }): string {
  const level = unitLevel(unit);
  return level === 'township' || level === 'town' ? t(`unitLevels.${level}`) : t(`unitKinds.${level}`);
}

/** Options for a select over an enum section of the translations (`demandCategories`, `roles`…). */
export function useEnumOptions<T extends string>(section: keyof Messages, values: readonly T[]) {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`${section}.${value}`) }));
}

export const CATEGORIES = [
  'sanitation',
  'repair',
  'parking_traffic',
  'greening',
  'safety',
  'elderly_disabled',
  'culture_sports',
  'property',
  'other',
] as const satisfies readonly Schemas['DemandCategory'][];

export const DEMAND_STATES = [
  'submitted',
  'published',
  'accepted',
  'resolved',
  'rejected',
  'merged',
  'referred',
  'withdrawn',
] as const satisfies readonly Schemas['DemandState'][];

export const ROLES = [
  'resident',
  'community_worker',
  'street_committee',
  'district_admin',
  'co_builder',
  'supervisor',
  'property_manager',
  'volunteer_leader',
  'volunteer',
  'auditor',
] as const satisfies readonly Schemas['Role'][];

export const ORGANIZATION_KINDS = [
  'party_org',
  'resident_autonomy',
  'property_service',
  'social_org',
  'volunteer_org',
  'government_dept',
  'stationed_unit',
  'merchant',
  'integration',
] as const satisfies readonly Schemas['OrganizationKind'][];

export const COMMUNITY_TYPES = ['old', 'new', 'resettlement', 'village'] as const satisfies readonly Schemas['CommunityType'][];
