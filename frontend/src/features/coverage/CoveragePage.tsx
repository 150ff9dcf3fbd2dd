// 三类组织覆盖 (SPEC §4.6): for the compounds below a street (or the whole district), whether
// each has a party organisation, a residents' autonomy organisation and a volunteer team.
// The figure first (覆盖 covered/total), then the compounds by community: a table on a tablet
// or wider, cards on a phone, each kind said in words beside its ✓ or ✗. For each kind a
// compound lacks, those who manage organisations get a link to create it on 组织单位, its
// form opened with the compound and the kind filled in; an auditor reads what is missing.
// The unit chosen lives in the address.
import { Button, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { managesUsers, rolesOf } from '../../auth/roles';
import { ErrorAlert } from '../../components/errors';
import { Tag } from '../../components/labels';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { useMediaQuery } from '../../components/useMediaQuery';
import { useCoverage, useCoverageUnits, type CoverageItem } from './api';

type Kind = Schemas['OrganizationKind'];

/** The three kinds, in the order SPEC names them, with the item's field for each. */
const KINDS = [
  ['party_org', 'has_party_org'],
  ['resident_autonomy', 'has_resident_autonomy'],
  ['volunteer_org', 'has_volunteer_org'],
] as const satisfies readonly (readonly [Kind, keyof CoverageItem])[];

/** Where a missing organisation is created: 组织单位, its new-organisation form open and filled in. */
export function createHref(unitId: string, kind: Kind): string {
  return `/admin/organizations?${new URLSearchParams({ unit: unitId, kind, new: '1' })}`;
}

interface Community {
  key: string;
  name: string | null;
  items: CoverageItem[];
}

const byName = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
const complete = (item: CoverageItem) => item.missing.length === 0;

/** The compounds by community (by name, the compounds without one last), each by name. */
export function byCommunity(items: readonly CoverageItem[]): Community[] {
  const groups = new Map<string, Community>();
  for (const item of items) {
    const key = item.community_id ?? item.community_name ?? '';
    const group = groups.get(key) ?? { key, name: item.community_name ?? null, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.items.sort((a, b) => byName(a.name, b.name));
  return [...groups.values()].sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : byName(a.name, b.name)));
}

export function CoveragePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  // Who creates organisations: the roles with ManageOrganizations (as on 组织单位).
  const creates = managesUsers(rolesOf(user));
  const [params, setParams] = useSearchParams();
  const units = useCoverageUnits(user);
  const unitId = params.get('unit') ?? units.defaultId;
  const coverage = useCoverage(unitId);
  // antd's md breakpoint: a table from a tablet up, cards below.
  const wide = useMediaQuery('(min-width: 768px)');

  return (
    <div className="coverage stack">
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('coverage.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('coverage.intro')}
        </Typography.Paragraph>
      </div>
      {units.scope.length > 1 && (
        <div className="coverage-unit">
          <label htmlFor="coverage-unit">{t('coverage.unit')}</label>
          <Select
            id="coverage-unit"
            value={unitId}
            onChange={(value: string) => setParams({ unit: value }, { replace: true })}
            options={units.scope.map(({ unit, whole }) => ({ value: unit.id, label: whole ? t('coverage.wholeUnit', { name: unit.name }) : unit.name }))}
            style={{ minWidth: 200 }}
          />
        </div>
      )}
      <ErrorAlert error={units.error} />
      <ErrorAlert error={coverage.error} />
      {coverage.error && (
        <div>
          <Button onClick={() => void coverage.refetch()} loading={coverage.isFetching}>
            {t('coverage.retry')}
          </Button>
        </div>
      )}
      {coverage.isLoading ? (
        <LoadingSkeleton />
      ) : coverage.data ? (
        <>
          <p className="coverage-figure">
            <strong>{t('coverage.covered', { covered: coverage.data.covered, total: coverage.data.total })}</strong>
            <span className="coverage-figure-hint">{t('coverage.coveredHint')}</span>
          </p>
          {coverage.data.items.length === 0 ? (
            <p>{t('coverage.empty')}</p>
          ) : (
            byCommunity(coverage.data.items).map((community) => (
              <CommunitySection key={community.key} community={community} wide={wide} creates={creates} />
            ))
          )}
        </>
      ) : null}
    </div>
  );
}

function CommunitySection({ community, wide, creates }: { community: Community; wide: boolean; creates: boolean }) {
  const { t } = useTranslation();
  const name = community.name ?? t('coverage.noCommunity');
  const id = `coverage-${community.key || 'none'}`;
  const covered = community.items.filter(complete).length;
  return (
    <section className="stack coverage-community" aria-labelledby={id}>
      <h2 id={id} className="coverage-community-name">
        {name} <span className="coverage-community-figure">{t('coverage.covered', { covered, total: community.items.length })}</span>
      </h2>
      {wide ? (
        <CoverageTable items={community.items} creates={creates} />
      ) : (
        <ul className="card-list">
          {community.items.map((item) => (
            <li key={item.unit_id}>
              <CoverageCard item={item} creates={creates} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** ✓ 已建 or ✗ 未建: the mark for the eye, the word for everyone. */
function Mark({ has }: { has: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={has ? 'coverage-mark has' : 'coverage-mark lacks'}>
      <span aria-hidden="true">{has ? '✓' : '✗'}</span> {has ? t('coverage.has') : t('coverage.lacks')}
    </span>
  );
}

function State({ item }: { item: CoverageItem }) {
  const { t } = useTranslation();
  return complete(item) ? <Tag colour="green">{t('coverage.complete')}</Tag> : <Tag colour="volcano">{t('coverage.missingCount', { n: item.missing.length })}</Tag>;
}

/**
 * For each kind missing, a link to create it; for a reader who cannot create organisations,
 * their names (after 待建： where nothing else says what they are).
 */
function Missing({ item, creates, bare = false }: { item: CoverageItem; creates: boolean; bare?: boolean }) {
  const { t } = useTranslation();
  if (complete(item)) return bare ? <>—</> : null;
  const names = item.missing.map((kind) => t(`organizationKinds.${kind}`));
  if (!creates) return <span>{bare ? names.join('、') : t('coverage.missing', { kinds: names.join('、') })}</span>;
  return (
    <span className="coverage-create">
      {item.missing.map((kind, i) => (
        <Link key={kind} to={createHref(item.unit_id, kind)} aria-label={t('coverage.createFor', { unit: item.name, kind: names[i] })}>
          {t('coverage.create', { kind: names[i] })}
        </Link>
      ))}
    </span>
  );
}

function CoverageTable({ items, creates }: { items: CoverageItem[]; creates: boolean }) {
  const { t } = useTranslation();
  const columns: ColumnsType<CoverageItem> = [
    { key: 'name', title: t('coverage.compound'), width: '20%', render: (_, item) => item.name },
    ...KINDS.map(([kind, field]) => ({
      key: kind,
      title: t(`organizationKinds.${kind}`),
      width: '14%',
      render: (_: unknown, item: CoverageItem) => <Mark has={item[field]} />,
    })),
    { key: 'state', title: t('coverage.state'), width: '12%', render: (_, item) => <State item={item} /> },
    { key: 'missing', title: creates ? t('coverage.toCreate') : t('coverage.toCreateBy'), render: (_, item) => <Missing item={item} creates={creates} bare /> },
  ];
  // Fixed widths: the tables of the communities, one under another, line up.
  return <Table<CoverageItem> rowKey="unit_id" dataSource={items} columns={columns} pagination={false} size="small" tableLayout="fixed" />;
}

function CoverageCard({ item, creates }: { item: CoverageItem; creates: boolean }) {
  const { t } = useTranslation();
  return (
    <article className="demand-card coverage-card" aria-label={item.name}>
      <div className="coverage-card-head">
        <h3>{item.name}</h3>
        <State item={item} />
      </div>
      <dl className="coverage-kinds">
        {KINDS.map(([kind, field]) => (
          <div key={kind}>
            <dt>{t(`organizationKinds.${kind}`)}</dt>
            <dd>
              <Mark has={item[field]} />
            </dd>
          </div>
        ))}
      </dl>
      <Missing item={item} creates={creates} />
    </article>
  );
}
