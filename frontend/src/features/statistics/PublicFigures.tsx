// 办理成效: the four headline figures atop the public board, for anyone: demands answered,
// answered on time (响应率), satisfaction (满意率) and the social money drawn in, each with what
// it divides in small text ("12 / 15") and, on a tap or a hover of its "?", one line saying
// how it is counted. The district's by default; a street picked from the district's own
// figures (its children) shows that street's. A rate with nothing counted says 暂无, never 0%.
// Plain HTML (publicFigures.css), drawn with the app's frame: the board's first screen runs no
// antd. Phones (375 px) first: two figures a row, four from a tablet up; text of 14 px and
// more, taps of 44 px.
// Drawn at its full size from the first frame (placeholders while the figures load, the last
// figures while the next unit's load), so the board below it never moves.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../components/errors';
import { usePublicStats } from './api';
import { compactYuan, fractionText, leverageText, rateText, wanText, type StatsOverview } from './format';
import './publicFigures.css';

export function PublicFigures() {
  const { t } = useTranslation();
  const id = useId();
  const [streetId, setStreetId] = useState<string | null>(null);
  const district = usePublicStats(null);
  const street = usePublicStats(streetId);
  const shown = streetId ? street : district;
  const stats = shown.data;
  const loading = shown.isFetching && !shown.isPlaceholderData && !stats;
  const streets = (district.data?.children ?? []).filter((c) => c.kind === 'street');

  return (
    <section className="board-figures" aria-labelledby={`${id}-heading`} aria-busy={shown.isFetching}>
      <div className="board-figures-head">
        <div className="board-figures-title">
          <h2 id={`${id}-heading`}>{t('publicFigures.heading')}</h2>
          <p className="secondary">
            {stats ? t('publicFigures.period', { name: stats.name, from: stats.from, to: stats.to }) : ' '}
          </p>
        </div>
        <div className="board-figures-unit">
          <label htmlFor={`${id}-unit`}>{t('publicFigures.unit')}</label>
          <select id={`${id}-unit`} value={streetId ?? ''} onChange={(event) => setStreetId(event.target.value || null)}>
            <option value="">{district.data ? t('publicFigures.wholeDistrict', { name: district.data.name }) : t('common.loading')}</option>
            {streets.map((s) => (
              <option key={s.unit_id} value={s.unit_id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert error={shown.error} />
      {shown.error && (
        <div>
          <button type="button" className="btn" onClick={() => void shown.refetch()}>
            {t('publicFigures.retry')}
          </button>
        </div>
      )}
      <ul className="board-figures-list">
        {figuresOf(stats, t).map(({ key, ...figure }) => (
          <li key={key}>
            <Figure {...figure} loading={loading} />
          </li>
        ))}
      </ul>
    </section>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

interface FigureText {
  key: string;
  name: string;
  value: string;
  detail: string;
  hint: string;
}

/** The four figures' texts; placeholders while there are no figures yet. */
export function figuresOf(stats: StatsOverview | undefined, t: T): FigureText[] {
  const none = t('publicFigures.none');
  const names = {
    answered: t('publicFigures.answered'),
    response: t('publicFigures.responseRate'),
    satisfaction: t('publicFigures.satisfactionRate'),
    social: t('publicFigures.social'),
  };
  const hints = {
    answered: t('publicFigures.answeredHint'),
    response: t('publicFigures.responseHint'),
    satisfaction: t('publicFigures.satisfactionHint'),
    social: t('publicFigures.socialHint'),
  };
  if (!stats) {
    return (Object.keys(names) as (keyof typeof names)[]).map((key) => ({ key, name: names[key], value: '…', detail: ' ', hint: hints[key] }));
  }
  const f = stats.figures;
  const done = f.answered_rate;
  const { money } = f;
  return [
    {
      key: 'answered',
      name: names.answered,
      value: t('publicFigures.answeredValue', { n: done.numerator }),
      detail: t('publicFigures.answeredDetail', { fraction: fractionText(done), percent: rateText(done) ?? none }),
      hint: hints.answered,
    },
    {
      key: 'response',
      name: names.response,
      value: rateText(f.response_rate) ?? none,
      detail: t('publicFigures.responseDetail', { fraction: fractionText(f.response_rate) }),
      hint: hints.response,
    },
    {
      key: 'satisfaction',
      name: names.satisfaction,
      value: rateText(f.satisfaction_rate) ?? none,
      detail: t('publicFigures.satisfactionDetail', { fraction: fractionText(f.satisfaction_rate) }),
      hint: hints.satisfaction,
    },
    {
      key: 'social',
      name: names.social,
      value: t('publicFigures.socialValue', { amount: wanText(money.social_funds_fen), compact: compactYuan(money.social_funds_fen) }),
      detail: t('publicFigures.socialDetail', {
        gov: wanText(money.gov_funds_fen),
        govCompact: compactYuan(money.gov_funds_fen),
        leverage: leverageText(money.leverage) ?? none,
      }),
      hint: hints.social,
    },
  ];
}

/** One figure: its name and "?", the big value, what it divides, and the hint once asked for. */
function Figure({ name, value, detail, hint, loading }: Omit<FigureText, 'key'> & { loading: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <article className="board-figure" aria-labelledby={`${id}-name`} title={hint}>
      <div className="board-figure-top">
        <h3 id={`${id}-name`} className="board-figure-name">
          {name}
        </h3>
        <button
          type="button"
          className="board-figure-why"
          aria-expanded={open}
          aria-controls={`${id}-hint`}
          aria-label={t('publicFigures.explain', { name })}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">?</span>
        </button>
      </div>
      <p className="board-figure-value" aria-hidden={loading || undefined}>
        {value}
      </p>
      <p className="board-figure-detail">
        {detail.split(' · ').map((part, i) => (
          <span key={i}>
            {i > 0 && ' · '}
            <span className="nowrap">{part}</span>
          </span>
        ))}
      </p>
      <p id={`${id}-hint`} className="board-figure-hint" hidden={!open}>
        {hint}
      </p>
    </article>
  );
}
