// What a project came to, on its public page (SPEC §4.7): the residents' inspection round by
// round (what was decided and said, not by whom), the residents' ratings (average, how many,
// each score's share, the comments without names), and who funded it (the government's money,
// each co-builder with what it gave, the social money in all and what it levered). Plain HTML
// like the rest of the public board (styles.css, a few inline widths): no antd.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { formatDate } from '../../components/dates';
import { ErrorAlert } from '../../components/errors';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { Tag } from '../../components/labels';
import { FEN, formatQuantity, formatYuan, share } from '../../components/money';
import { projectKeys, type PublicProject } from './api';

type Outcome = Schemas['ProjectOutcome'];
type Vote = Schemas['PublicVote'];
type Contribution = Schemas['Contribution'];

function useProjectOutcome(id: string) {
  return useQuery({
    queryKey: [...projectKeys.publicDetail(id), 'outcome'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/public/projects/{id}/outcome', { params: { path: { id } } })),
  });
}

/** The three sections under a public project: 验收结果, 居民评价, 资金与资源来源. */
export function ProjectOutcome({ project }: { project: Pick<PublicProject, 'id' | 'state'> }) {
  const { t } = useTranslation();
  const outcome = useProjectOutcome(project.id);
  if (outcome.isLoading) return <LoadingSkeleton />;
  if (!outcome.data) {
    // A project the public may not read (404) has no page to add to: the page says so itself.
    if (outcome.error instanceof ApiError && outcome.error.status === 404) return null;
    return (
      <div className="stack">
        <ErrorAlert error={outcome.error} />
        <button type="button" className="btn" onClick={() => void outcome.refetch()} style={{ alignSelf: 'flex-start', minHeight: 44 }}>
          {t('projectBoard.retry')}
        </button>
      </div>
    );
  }
  const o: Outcome = outcome.data;
  return (
    <>
      <Inspection state={project.state} votes={o.votes} />
      <Ratings ratings={o.ratings} />
      <FundingSources govFen={o.gov_funds_fen} contributions={o.contributions} />
    </>
  );
}

/**
 * The residents' ratings of a closed project, with their words, on the officials' own page: the
 * committee that ran the work reads what the people it answered said of it.
 */
export function ProjectRatings({ project }: { project: Pick<PublicProject, 'id'> }) {
  const outcome = useProjectOutcome(project.id);
  if (outcome.isLoading) return <LoadingSkeleton />;
  if (!outcome.data) return <ErrorAlert error={outcome.error} />;
  return <Ratings ratings={outcome.data.ratings} />;
}

const subheading = { margin: '8px 0 0', fontSize: 'var(--fs-15)', fontWeight: 600 } as const;

/** The votes, one group per round, first round first; what the state says of the result. */
function Inspection({ state, votes }: { state: PublicProject['state']; votes: Vote[] }) {
  const { t } = useTranslation();
  const rounds = new Map<number, Vote[]>();
  for (const vote of [...votes].sort((a, b) => a.round - b.round || a.created_at.localeCompare(b.created_at))) {
    rounds.set(vote.round, [...(rounds.get(vote.round) ?? []), vote]);
  }
  const before = state === 'draft' || state === 'published' || state === 'in_progress';
  return (
    <section className="project-text" aria-labelledby="project-inspection">
      <h2 id="project-inspection">{t('projectOutcome.inspection')}</h2>
      {state === 'closed' && (
        <div className="alert alert-success">
          <p>
            <span aria-hidden="true">✓ </span>
            {t('projectOutcome.passed')}
          </p>
        </div>
      )}
      {state === 'completed' && <p>{t('projectOutcome.awaiting')}</p>}
      {votes.length === 0 && <p className="secondary">{before ? t('projectOutcome.notYet') : t('projectOutcome.noVotes')}</p>}
      {[...rounds].map(([round, inRound]) => {
        const passes = inRound.filter((v) => v.verdict === 'pass').length;
        return (
          <section key={round} aria-labelledby={`inspection-round-${round}`} className="stack" style={{ gap: 6 }}>
            <h3 id={`inspection-round-${round}`} style={subheading}>
              {t('projectOutcome.round', { n: round + 1 })}
            </h3>
            <p>{t('projectOutcome.tally', { passes, fails: inRound.length - passes })}</p>
            <ul className="plain-list">
              {inRound.map((vote, i) => (
                <li key={`${vote.created_at}-${i}`}>
                  <Tag colour={vote.verdict === 'pass' ? 'green' : 'red'}>{t(`projectInspection.${vote.verdict}`)}</Tag>{' '}
                  {vote.comment && <span className="prose">{vote.comment}</span>}{' '}
                  <time className="secondary" dateTime={vote.created_at}>
                    {formatDate(vote.created_at)}
                  </time>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

const STAR_ON = '#fadb14';
const STAR_OFF = '#d9d9d9';

/** Five stars, `filled` of them lit: a picture only, the number is said beside it. */
function Stars({ filled, size }: { filled: number; size?: number }) {
  return (
    <span aria-hidden="true" style={{ fontSize: size, letterSpacing: 1, whiteSpace: 'nowrap' }}>
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} style={{ color: n <= filled ? STAR_ON : STAR_OFF }}>
          ★
        </span>
      ))}
    </span>
  );
}

/** An average to one decimal: `4.5`, `5.0`. */
const averageText = (average: number) => (Math.round(average * 10) / 10).toFixed(1);

function Ratings({ ratings }: { ratings: Schemas['PublicRatings'] }) {
  const { t } = useTranslation();
  const comments = ratings.comments.filter((c) => c.comment.trim());
  const average = ratings.average ?? null;
  return (
    <section className="project-text" aria-labelledby="project-ratings">
      <h2 id="project-ratings">{t('projectOutcome.ratings')}</h2>
      {ratings.count === 0 ? (
        <p className="secondary">{t('projectOutcome.noRatings')}</p>
      ) : (
        <>
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 12px' }}>
            <span className="sr-only">
              {t('projectOutcome.average', { average: average === null ? t('projectOutcome.none') : averageText(average), count: ratings.count })}
            </span>
            <span aria-hidden="true" data-testid="rating-average" style={{ fontSize: 'var(--fs-32)', fontWeight: 600, lineHeight: 1.2 }}>
              {average === null ? '–' : averageText(average)}
            </span>
            <span aria-hidden="true" style={{ display: 'flex', flexDirection: 'column' }}>
              <Stars filled={average === null ? 0 : Math.round(average)} size={20} />
              <span className="secondary" data-testid="rating-count">
                {t('projectOutcome.count', { count: ratings.count })}
              </span>
            </span>
          </div>
          <ul className="plain-list" aria-label={t('projectOutcome.distribution')} style={{ gap: 4, maxWidth: 420 }}>
            {[5, 4, 3, 2, 1].map((score) => {
              const count = ratings.by_score[score - 1] ?? 0;
              return (
                <li key={score} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                  <span className="sr-only">{t('projectOutcome.scoreCount', { n: score, count })}</span>
                  <span aria-hidden="true" style={{ minWidth: '4.5em', whiteSpace: 'nowrap' }}>
                    {t('projectRating.stars', { n: score })}
                  </span>
                  <span aria-hidden="true" style={{ flex: 1, height: 8, borderRadius: 4, background: '#f0f0f0', overflow: 'hidden' }}>
                    <span style={{ display: 'block', height: '100%', width: `${share(count, ratings.count)}%`, background: STAR_ON }} />
                  </span>
                  <span aria-hidden="true" style={{ minWidth: '2em', textAlign: 'right' }}>
                    {count}
                  </span>
                </li>
              );
            })}
          </ul>
          {comments.length > 0 && (
            <>
              <h3 style={subheading}>{t('projectOutcome.comments')}</h3>
              <ul className="plain-list" aria-label={t('projectOutcome.comments')} style={{ gap: 10 }}>
                {comments.map((c, i) => (
                  <li key={`${c.created_at}-${i}`} style={{ borderTop: i ? '1px solid #f0f0f0' : undefined, paddingTop: i ? 10 : 0 }}>
                    <p style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0 8px' }}>
                      <Stars filled={c.score} />
                      <span className="sr-only">{t('projectRating.stars', { n: c.score })}</span>
                      <time className="secondary" dateTime={c.created_at}>
                        {formatDate(c.created_at)}
                      </time>
                    </p>
                    <p className="prose">{c.comment}</p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** An amount of fen in 万元 to at most two decimals (`1800000` → `1.8`). */
const wanText = (fen: number) => (Math.round(fen / 10_000) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Social money ÷ government money as `×0.33`; `null` without government money. */
function leverage(socialFen: number, govFen: number): string | null {
  if (govFen <= 0) return null;
  return `×${(Math.round((socialFen / govFen) * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

/** One organisation and everything it gave, in the order the API lists them. */
function byOrganization(contributions: Contribution[]) {
  const groups = new Map<string, { name: string; kind: Contribution['organization_kind']; items: Contribution[] }>();
  for (const c of contributions) {
    const key = `${c.organization_kind}|${c.organization_name}`;
    const group = groups.get(key) ?? { name: c.organization_name, kind: c.organization_kind, items: [] };
    group.items.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function FundingSources({ govFen, contributions }: { govFen: number; contributions: Contribution[] }) {
  const { t } = useTranslation();
  // Yuan, and 万元 beside it in Chinese once it is that much.
  const money = (fen: number) => (fen >= 1_000_000 ? t('projectOutcome.yuanWan', { yuan: formatYuan(fen), wan: wanText(fen) }) : formatYuan(fen));
  const socialFen = contributions.filter((c) => c.kind === 'funds' && c.measure === FEN).reduce((sum, c) => sum + c.quantity, 0);
  const lever = leverage(socialFen, govFen);
  const figures = [
    { key: 'gov', label: t('projectOutcome.govFunds'), value: money(govFen) },
    { key: 'social', label: t('projectOutcome.socialFunds'), value: money(socialFen) },
    { key: 'leverage', label: t('projectOutcome.leverage'), value: lever ? t('projectOutcome.leverageValue', { value: lever }) : t('projectOutcome.none') },
  ];
  const groups = byOrganization(contributions);
  return (
    <section className="project-text" aria-labelledby="project-sources">
      <h2 id="project-sources">{t('projectOutcome.funding')}</h2>
      <dl className="details" style={{ gridTemplateColumns: '1fr' }}>
        {figures.map((f) => (
          <div key={f.key} style={{ flexWrap: 'wrap' }}>
            <dt>{f.label}</dt>
            <dd data-testid={`funding-${f.key}`}>{f.value}</dd>
          </div>
        ))}
      </dl>
      <h3 style={subheading}>{t('projectOutcome.contributors')}</h3>
      {groups.length === 0 ? (
        <p className="secondary">{t('projectOutcome.noContributors')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('projectOutcome.contributors')} style={{ gap: 10 }}>
          {groups.map((g) => (
            <li key={`${g.kind}|${g.name}`} className="contributor">
              <p style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '2px 8px' }}>
                <strong style={{ wordBreak: 'break-word' }}>{g.name}</strong>
                <Tag>{t(`organizationKinds.${g.kind}`)}</Tag>
              </p>
              <ul className="plain-list" style={{ gap: 2 }}>
                {g.items.map((c, i) => (
                  <li key={`${c.kind}-${c.measure}-${i}`}>
                    <Tag colour="cyan">{t(`resourceKinds.${c.kind}`, { defaultValue: c.kind })}</Tag> {formatQuantity(c.quantity, c.measure)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
