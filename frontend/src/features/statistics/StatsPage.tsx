// 数据统计 (SPEC §4.8): the figures of a unit for the officials over it and auditors. A unit
// (the reader's own scope unit by default; its streets and communities to drill down, from
// the picker or a row of the table below) and a month range (the 12 months ending this month
// by default), both in the address. Then the key figures as cards, each rate with its
// numerator and denominator; then four charts (by the units below, by state, month by month,
// by community type), each followed by a table of the same numbers, so that a screen reader,
// a printout (打印: the menu and the charts give way to the tables) and a reader who does not
// tell colours apart all get every figure. Below 768 px a table is a list of cards, a row a
// card (ResponsiveTable): a phone never scrolls eight columns sideways. ECharts loads with
// this screen only, after its figures and tables are drawn (its own chunk, a box of the
// chart's size standing in).
import { Button, Input, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { DemandStateTag, Tag } from '../../components/labels';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { reloadOnce } from '../../components/lazyPage';
import { useStatsOverview, useStatsUnits, countable } from './api';
import type { ChartOption } from './Chart';
import {
  beijingMonth,
  compactYuan,
  daysText,
  fractionText,
  hoursText,
  leverageText,
  percentText,
  periodFrom,
  rateText,
  wanText,
  type Month,
  type Rate,
  type StatsOverview,
  type UnitFigures,
} from './format';
import './statistics.css';
import { formatDateTime } from '../../components/dates';

type T = ReturnType<typeof useTranslation>['t'];

const LazyChart = lazy(() => import('./Chart').then((module) => ({ default: module.Chart }), reloadOnce));

/** A chart, in ECharts' chunk; until it arrives, an empty box of its size. */
function Chart({ option, label, height = 300 }: { option: ChartOption; label: string; height?: number }) {
  return (
    <Suspense fallback={<div className="stats-chart" style={{ height }} />}>
      <LazyChart option={option} label={label} height={height} />
    </Suspense>
  );
}

export function StatsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const units = useStatsUnits(user);
  const unitId = params.get('unit') ?? units.defaultId;
  const { from, to } = periodFrom(params);
  const overview = useStatsOverview(unitId, from, to);
  const stats = overview.data;

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    setParams(next, { replace: true });
  };
  const current = unitId ? units.byId.get(unitId) : undefined;
  const parent = current?.parent_id && !units.roots.includes(current.id) ? units.byId.get(current.parent_id) : undefined;

  return (
    <div className="stats stack">
      <div>
        <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('statistics.heading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('statistics.intro')}
        </Typography.Paragraph>
      </div>

      <Controls
        unitId={unitId}
        units={units.scope}
        from={from}
        to={to}
        onUnit={(unit) => set({ unit })}
        onMonths={(months) => set(months)}
        up={parent ? <UpButton name={parent.name} onClick={() => set({ unit: parent.id })} /> : null}
      />

      <ErrorAlert error={units.error} />
      <ErrorAlert error={overview.error} />
      {overview.error && (
        <div>
          <Button className="touch-target" onClick={() => void overview.refetch()} loading={overview.isFetching}>
            {t('statistics.retry')}
          </Button>
        </div>
      )}
      {overview.isLoading || (!stats && !overview.error) ? (
        <LoadingSkeleton />
      ) : stats ? (
        <div className="stack stats-body" aria-busy={overview.isFetching}>
          <p className="stats-as-of">
            {t('statistics.asOf', { name: stats.name, from: stats.from, to: stats.to, time: formatDateTime(stats.as_of) })}
          </p>
          <Kpis stats={stats} />
          <ByChild stats={stats} onDrill={(unit) => set({ unit })} />
          <ByState stats={stats} />
          <ByMonth stats={stats} />
          <ByType stats={stats} />
        </div>
      ) : null}
    </div>
  );
}

function UpButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button className="touch-target" onClick={onClick}>
      {t('statistics.up', { name })}
    </Button>
  );
}

function Controls({
  unitId,
  units,
  from,
  to,
  onUnit,
  onMonths,
  up,
}: {
  unitId: string | undefined;
  units: ReturnType<typeof useStatsUnits>['scope'];
  from: Month;
  to: Month;
  onUnit: (unitId: string) => void;
  onMonths: (months: { from?: Month; to?: Month }) => void;
  up: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const depth = new Map(units.map((u) => [u.unit.id, u.depth]));
  const now = beijingMonth(new Date());
  return (
    <div className="stats-controls">
      <div className="stats-field stats-field-unit">
        <label htmlFor={`${id}-unit`}>{t('statistics.unit')}</label>
        <Select
          id={`${id}-unit`}
          size="large"
          // A long list is searched by name; a short one is only tapped (no keyboard on a phone).
          showSearch={units.length > 10 ? { optionFilterProp: 'label' } : false}
          value={unitId}
          onChange={onUnit}
          options={units.map(({ unit }) => ({ value: unit.id, label: unit.name }))}
          optionRender={(option) => (
            <span style={{ paddingInlineStart: (depth.get(String(option.value)) ?? 0) * 16 }}>{option.label}</span>
          )}
        />
      </div>
      <div className="stats-field">
        <label htmlFor={`${id}-from`}>{t('statistics.from')}</label>
        <Input id={`${id}-from`} size="large" type="month" value={from} max={to} onChange={(e) => e.target.value && onMonths({ from: e.target.value })} />
      </div>
      <div className="stats-field">
        <label htmlFor={`${id}-to`}>{t('statistics.to')}</label>
        <Input id={`${id}-to`} size="large" type="month" value={to} min={from} max={now} onChange={(e) => e.target.value && onMonths({ to: e.target.value })} />
      </div>
      <div className="stats-actions">
        {up}
        <Button className="touch-target" size="large" onClick={() => window.print()}>
          {t('statistics.print')}
        </Button>
      </div>
    </div>
  );
}

/** A rate's percentage (or 暂无) with its numerator and denominator after it. */
export function RateText({ rate }: { rate: Rate }) {
  const { t } = useTranslation();
  return (
    <span className="stats-rate">
      <span>{rateText(rate) ?? t('statistics.none')}</span> <span className="secondary">{t('statistics.rateDetail', { fraction: fractionText(rate) })}</span>
    </span>
  );
}

function Kpi({ name, value, children }: { name: string; value: ReactNode; children?: ReactNode }) {
  const id = useId();
  return (
    <li>
      <article className="stats-kpi" aria-labelledby={id}>
        <h3 id={id}>{name}</h3>
        <p className="stats-kpi-value">{value}</p>
        {children && <div className="stats-kpi-detail">{children}</div>}
      </article>
    </li>
  );
}

function Kpis({ stats }: { stats: StatsOverview }) {
  const { t } = useTranslation();
  const f = stats.figures;
  const none = t('statistics.none');
  const days = (d: number | null | undefined) => {
    const text = daysText(d);
    return text === null ? none : t('statistics.daysValue', { n: text });
  };
  const wan = (fen: number) => t('statistics.wanValue', { amount: wanText(fen), compact: compactYuan(fen) });
  const v = stats.volunteers;
  const rate = (r: Rate, hint: string) => (
    <>
      <p>{fractionText(r)}</p>
      <p className="secondary">{hint}</p>
    </>
  );
  return (
    <section aria-labelledby="stats-kpis">
      <h2 id="stats-kpis" className="sr-only">
        {t('statistics.kpis')}
      </h2>
      <ul className="stats-kpis">
        <Kpi name={t('statistics.filed')} value={t('statistics.filedValue', { n: f.demands_filed })}>
          <p>{t('statistics.overdue', { n: f.demands_overdue })}</p>
        </Kpi>
        <Kpi name={t('statistics.responseRate')} value={rateText(f.response_rate) ?? none}>
          {rate(f.response_rate, t('statistics.responseHint'))}
        </Kpi>
        <Kpi name={t('statistics.resolutionRate')} value={rateText(f.resolution_rate) ?? none}>
          {rate(f.resolution_rate, t('statistics.resolutionHint'))}
        </Kpi>
        <Kpi name={t('statistics.satisfactionRate')} value={rateText(f.satisfaction_rate) ?? none}>
          {rate(f.satisfaction_rate, t('statistics.satisfactionHint'))}
          {f.average_rating != null && <p>{t('statistics.averageRating', { n: daysText(f.average_rating), count: f.ratings })}</p>}
        </Kpi>
        <Kpi name={t('statistics.completionRate')} value={rateText(f.completion_rate) ?? none}>
          {rate(f.completion_rate, t('statistics.completionHint'))}
        </Kpi>
        <Kpi name={t('statistics.medianDays')} value={days(f.median_days.to_resolution)}>
          <dl className="stats-pairs">
            <Pair name={t('statistics.toVerification')} value={days(f.median_days.to_verification)} />
            <Pair name={t('statistics.toAcceptance')} value={days(f.median_days.to_acceptance)} />
            <Pair name={t('statistics.toResolution')} value={days(f.median_days.to_resolution)} />
          </dl>
        </Kpi>
        <Kpi name={t('statistics.money')} value={wan(f.money.gov_funds_fen + f.money.social_funds_fen)}>
          <dl className="stats-pairs">
            <Pair name={t('statistics.gov')} value={wan(f.money.gov_funds_fen)} />
            <Pair name={t('statistics.social')} value={wan(f.money.social_funds_fen)} />
            <Pair name={t('statistics.leverage')} value={leverageText(f.money.leverage) ?? none} />
          </dl>
        </Kpi>
        <Kpi name={t('statistics.volunteers')} value={t('statistics.volunteersValue', { n: v.volunteers, hours: hoursText(v.hours) })}>
          <dl className="stats-pairs">
            <Pair name={t('statistics.partyShare')} value={rateText(v.party_member_share) ?? none} />
          </dl>
          <p>{t('statistics.partyDetail', { fraction: fractionText(v.party_member_share), hours: percentText(v.party_member_hours_share) ?? none })}</p>
          <ExportButton list="volunteer-hours" query={{ unit_id: stats.unit_id }} text={t('exports.hours')} />
        </Kpi>
        <Kpi name={t('statistics.beneficiaries')} value={t('statistics.beneficiariesValue', { n: f.beneficiaries })}>
          <p className="secondary">{t('statistics.beneficiariesHint')}</p>
        </Kpi>
        <Kpi name={t('statistics.coverage')} value={rateText(stats.coverage.rate) ?? none}>
          <p>{t('statistics.coverageDetail', { fraction: fractionText(stats.coverage.rate) })}</p>
        </Kpi>
      </ul>
    </section>
  );
}

function Pair({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A chart and, below it, the table of its numbers, under one heading. */
function Figure({ title, level = 2, chart, children }: { title: string; level?: 2 | 3; chart: ReactNode; children: ReactNode }) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="stats-figure stack" aria-labelledby={id}>
      <Heading id={id} className={level === 2 ? 'stats-section-title' : 'stats-subtitle'}>
        {title}
      </Heading>
      {chart}
      {children}
    </section>
  );
}

/** A value on a chart's percent axis: the rate × 100, or a gap for none. */
const percentPoint = (rate: Rate) => (rate.denominator > 0 && rate.value != null ? Math.round(rate.value * 1000) / 10 : '-');

const RATE_KEYS = ['response_rate', 'resolution_rate', 'satisfaction_rate'] as const;
const RATE_NAMES = { response_rate: 'statistics.responseRate', resolution_rate: 'statistics.resolutionRate', satisfaction_rate: 'statistics.satisfactionRate' } as const;

/** Bars of the demands filed (left axis) and of the three rates (right axis, %), by row. */
function figuresChart(t: T, rows: { name: string; figures: UnitFigures }[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: [
      { type: 'value', name: t('statistics.countAxis'), minInterval: 1 },
      { type: 'value', name: t('statistics.percentAxis'), min: 0, max: 100 },
    ],
    series: [
      { type: 'bar', name: t('statistics.filed'), data: rows.map((r) => r.figures.demands_filed), label: { show: true, position: 'top' } },
      ...RATE_KEYS.map((key) => ({
        type: 'bar' as const,
        name: t(RATE_NAMES[key]),
        yAxisIndex: 1,
        data: rows.map((r) => percentPoint(r.figures[key])),
      })),
    ],
  };
}

interface FiguresRow {
  key: string;
  name: ReactNode;
  figures: UnitFigures;
}

/** The columns of a table of figures rows (a unit below, a community type). */
function figuresColumns(t: T, nameTitle: string): ColumnsType<FiguresRow> {
  return [
    { key: 'name', title: nameTitle, render: (_, r) => r.name },
    { key: 'filed', title: t('statistics.filed'), align: 'right', render: (_, r) => r.figures.demands_filed },
    ...RATE_KEYS.map((key) => ({ key, title: t(RATE_NAMES[key]), render: (_: unknown, r: FiguresRow) => <RateText rate={r.figures[key]} /> })),
    { key: 'gov', title: t('statistics.gov'), align: 'right', render: (_, r) => t('statistics.wanValue', { amount: wanText(r.figures.money.gov_funds_fen), compact: compactYuan(r.figures.money.gov_funds_fen) }) },
    { key: 'social', title: t('statistics.social'), align: 'right', render: (_, r) => t('statistics.wanValue', { amount: wanText(r.figures.money.social_funds_fen), compact: compactYuan(r.figures.money.social_funds_fen) }) },
    { key: 'beneficiaries', title: t('statistics.beneficiaries'), align: 'right', render: (_, r) => r.figures.beneficiaries },
  ];
}

function FiguresTable({ rows, nameTitle, label }: { rows: FiguresRow[]; nameTitle: string; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="stats-table" role="group" tabIndex={0} aria-label={label}>
      <ResponsiveTable<FiguresRow> rowKey="key" dataSource={rows} columns={figuresColumns(t, nameTitle)} pagination={false} size="small" />
    </div>
  );
}

function ByChild({ stats, onDrill }: { stats: StatsOverview; onDrill: (unitId: string) => void }) {
  const { t } = useTranslation();
  const title = t('statistics.byChild');
  const option = useMemo(() => figuresChart(t, stats.children), [t, stats.children]);
  const rows: FiguresRow[] = stats.children.map((c) => ({
    key: c.unit_id,
    name: countable(c) ? (
      <Button type="link" className="stats-drill" aria-label={t('statistics.drill', { name: c.name })} onClick={() => onDrill(c.unit_id)}>
        {c.name}
      </Button>
    ) : (
      c.name
    ),
    figures: c.figures,
  }));
  if (stats.children.length === 0) {
    return (
      <Figure title={title} chart={null}>
        <p>{t('statistics.byChildEmpty')}</p>
      </Figure>
    );
  }
  return (
    <Figure title={title} chart={<Chart option={option} label={t('statistics.chart', { title })} />}>
      <FiguresTable rows={rows} nameTitle={t('statistics.name')} label={t('statistics.table', { title })} />
    </Figure>
  );
}

function ByType({ stats }: { stats: StatsOverview }) {
  const { t } = useTranslation();
  const title = t('statistics.byType');
  const rows = useMemo(
    () => stats.community_types.map((c) => ({ key: c.community_type, name: t(`communityTypes.${c.community_type}`), figures: c.figures })),
    [t, stats.community_types],
  );
  const option = useMemo(() => figuresChart(t, rows), [t, rows]);
  if (rows.length === 0) {
    return (
      <Figure title={title} chart={null}>
        <p>{t('statistics.byTypeEmpty')}</p>
      </Figure>
    );
  }
  return (
    <Figure title={title} chart={<Chart option={option} label={t('statistics.chart', { title })} />}>
      <FiguresTable rows={rows} nameTitle={t('statistics.type')} label={t('statistics.table', { title })} />
    </Figure>
  );
}

interface StateRow {
  key: string;
  state: ReactNode;
  label: string;
  count: number;
}

function ByState({ stats }: { stats: StatsOverview }) {
  const { t } = useTranslation();
  const lists = useMemo(() => stateLists(t, stats), [t, stats]);
  return (
    <section className="stats-figure stack" aria-labelledby="stats-by-state">
      <h2 id="stats-by-state" className="stats-section-title">
        {t('statistics.byState')}
      </h2>
      <div className="stats-states">
        {lists.map((list) => (
          <StateFigure key={list.key} title={list.title} rows={list.rows} />
        ))}
      </div>
    </section>
  );
}

/** The four lists by state: demands, projects, claims and resources. */
function stateLists(t: T, stats: StatsOverview): { key: string; title: string; rows: StateRow[] }[] {
  const f = stats.figures;
  return [
    {
      key: 'demands',
      title: t('statistics.demands'),
      rows: f.demands_by_state.map((s) => ({ key: s.state, state: <DemandStateTag state={s.state} />, label: t(`demandStates.${s.state}`), count: s.count })),
    },
    {
      key: 'projects',
      title: t('statistics.projects'),
      rows: f.projects_by_state.map((s) => stateRow(s.state, t(`projectStates.${s.state}`), s.count)),
    },
    {
      key: 'claims',
      title: t('statistics.claims'),
      rows: stats.claims_by_state.map((s) => stateRow(s.state, t(`claimStates.${s.state}`), s.count)),
    },
    {
      key: 'resources',
      title: t('statistics.resources'),
      rows: stats.resources_by_state.map((s) => stateRow(s.state, t(`resourceStates.${s.state}`), s.count)),
    },
  ];
}

const stateRow = (state: string, label: string, count: number): StateRow => ({ key: state, state: <Tag>{label}</Tag>, label, count });

function StateFigure({ title, rows }: { title: string; rows: StateRow[] }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: [{ type: 'bar', name: title, data: rows.map((r) => r.count), label: { show: true, position: 'right' } }],
    }),
    [rows, title],
  );
  const columns: ColumnsType<StateRow> = [
    { key: 'state', title: t('statistics.state'), render: (_, r) => r.state },
    { key: 'count', title: t('statistics.count'), align: 'right', render: (_, r) => r.count },
  ];
  return (
    <Figure title={title} level={3} chart={<Chart option={option} label={t('statistics.chart', { title })} height={Math.max(160, rows.length * 32 + 24)} />}>
      <div className="stats-table" role="group" tabIndex={0} aria-label={t('statistics.table', { title })}>
        <ResponsiveTable<StateRow> rowKey="key" dataSource={rows} columns={columns} pagination={false} size="small" />
      </div>
    </Figure>
  );
}

type MonthRow = Schemas['MonthFigures'];

function ByMonth({ stats }: { stats: StatsOverview }) {
  const { t } = useTranslation();
  const title = t('statistics.byMonth');
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: stats.months.map((m) => m.month) },
      yAxis: [
        { type: 'value', name: t('statistics.countAxis'), minInterval: 1 },
        { type: 'value', name: t('statistics.percentAxis'), min: 0, max: 100 },
      ],
      series: [
        { type: 'line', name: t('statistics.filed'), data: stats.months.map((m) => m.demands_filed), symbol: 'circle', symbolSize: 8 },
        {
          type: 'line',
          name: t('statistics.responseRate'),
          yAxisIndex: 1,
          data: stats.months.map((m) => percentPoint(m.response_rate)),
          symbol: 'rect',
          symbolSize: 8,
          lineStyle: { type: 'dashed' },
        },
        {
          type: 'line',
          name: t('statistics.resolutionRate'),
          yAxisIndex: 1,
          data: stats.months.map((m) => percentPoint(m.resolution_rate)),
          symbol: 'triangle',
          symbolSize: 10,
          lineStyle: { type: 'dotted', width: 3 },
        },
      ],
    }),
    [t, stats.months],
  );
  const columns: ColumnsType<MonthRow> = [
    { key: 'month', title: t('statistics.month'), render: (_, m) => m.month },
    { key: 'filed', title: t('statistics.filed'), align: 'right', render: (_, m) => m.demands_filed },
    { key: 'response', title: t('statistics.responseRate'), render: (_, m) => <RateText rate={m.response_rate} /> },
    { key: 'resolution', title: t('statistics.resolutionRate'), render: (_, m) => <RateText rate={m.resolution_rate} /> },
  ];
  return (
    <Figure title={title} chart={<Chart option={option} label={t('statistics.chart', { title })} />}>
      <div className="stats-table" role="group" tabIndex={0} aria-label={t('statistics.table', { title })}>
        <ResponsiveTable<MonthRow> rowKey="month" dataSource={stats.months} columns={columns} pagination={false} size="small" />
      </div>
    </Figure>
  );
}
