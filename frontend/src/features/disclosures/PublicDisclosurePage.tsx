// One disclosure (第N期) of the public board, readable without signing in: the server's check
// of it, its figures, the three lists of its snapshot as people read them (titles, states and
// categories as labels, places and organisations as published; no person's name is in it),
// its hash and the previous one's in full (to copy), how anyone can check them, and the
// canonical text itself, exactly as hashed. Plain HTML like the board.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { formatDate } from '../../components/dates';
import { PublicPending } from '../../components/PublicPending';
import { ArrowLeftIcon } from '../../components/icons';
import { DemandStateTag, Tag } from '../../components/labels';
import { FEN, formatYuan } from '../../components/money';
import { useDisclosure } from './api';
import { PeriodText, useLabel, VerifyMark } from './parts';
import { figures, parseSnapshot, type Snapshot } from './snapshot';

export function PublicDisclosurePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const disclosure = useDisclosure(id);
  const label = useLabel();

  const back = (
    <Link to="/board/disclosures" className="back">
      <ArrowLeftIcon /> {t('disclosure.back')}
    </Link>
  );
  if (!disclosure.data) return <PublicPending query={disclosure} back={back} retryText={t('disclosure.retry')} />;

  const d = disclosure.data;
  const snapshot = parseSnapshot(d.canonical);
  const title = t('disclosure.title', { street: d.street_name, n: d.number });
  const facts = [
    { key: 'street', label: t('disclosure.street'), value: d.street_name },
    { key: 'period', label: t('disclosure.period'), value: <PeriodText start={d.period_start} end={d.period_end} /> },
    { key: 'published', label: t('disclosure.publishedAt'), value: <time dateTime={d.published_at}>{formatDate(d.published_at)}</time> },
    ...(snapshot ? figureFacts(snapshot, t) : []),
  ];

  return (
    <div className="stack">
      {back}
      <article className="demand-page disclosure-page" aria-labelledby="disclosure-title">
        <h1 id="disclosure-title" className="page-title">
          {title}
        </h1>
        <VerifyMark disclosure={d} />
        <dl className="details" aria-label={t('disclosure.figures')}>
          {facts.map((fact) => (
            <div key={fact.key}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
        {snapshot ? (
          <SnapshotLists snapshot={snapshot} />
        ) : (
          <div className="alert alert-info">
            <p>{t('disclosure.unreadable')}</p>
          </div>
        )}
        <section aria-labelledby="disclosure-check">
          <h2 id="disclosure-check">{t('disclosure.checkHeading')}</h2>
          <div className="hash-line">
            <span>{label(t('disclosure.sha256'))}</span>
            <code data-testid="sha256">{d.sha256}</code>
            <CopyButton text={d.sha256} what={t('disclosure.sha256')} />
          </div>
          <div className="hash-line">
            <span>{label(t('disclosure.previousSha256'))}</span>
            {d.previous_sha256 ? (
              <>
                <code data-testid="previous-sha256">{d.previous_sha256}</code>
                <CopyButton text={d.previous_sha256} what={t('disclosure.previousSha256')} />
              </>
            ) : (
              <span className="secondary">{t('disclosure.firstOne')}</span>
            )}
          </div>
          {(d.previous_id || d.next_id) && (
            <nav className="chain-links" aria-label={t('disclosure.chain')}>
              {d.previous_id && (
                <Link to={`/board/disclosures/${d.previous_id}`}>{t('disclosure.previousOne', { n: d.number - 1 })}</Link>
              )}
              {d.next_id && <Link to={`/board/disclosures/${d.next_id}`}>{t('disclosure.nextOne', { n: d.number + 1 })}</Link>}
            </nav>
          )}
          <p>{t('disclosure.howToCheck')}</p>
          <p>{t('disclosure.howToCheckChain')}</p>
          <details>
            <summary>{t('disclosure.canonical')}</summary>
            <pre className="canonical-text" tabIndex={0} aria-label={t('disclosure.canonical')}>
              {d.canonical}
            </pre>
            <CopyButton text={d.canonical} what={t('disclosure.canonical')} />
          </details>
        </section>
      </article>
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function figureFacts(s: Snapshot, t: T) {
  const f = figures(s);
  return [
    { key: 'demands', label: t('disclosure.demands'), value: t('disclosure.demandCount', { n: f.demands }) },
    { key: 'projects', label: t('disclosure.projects'), value: t('disclosure.projectCount', { n: f.projects }) },
    { key: 'resources', label: t('disclosure.resources'), value: t('disclosure.resourceCount', { n: f.resources }) },
    ...(f.projects > 0
      ? [
          { key: 'budget', label: t('disclosure.budget'), value: formatYuan(f.budgetFen) },
          { key: 'gov', label: t('disclosure.govFunds'), value: formatYuan(f.govFundsFen) },
          { key: 'social', label: t('disclosure.socialFunds'), value: formatYuan(f.fundedFen) },
        ]
      : []),
  ];
}

/** The snapshot's three lists, each item as the public board names it. */
function SnapshotLists({ snapshot: s }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const label = useLabel();
  const empty = <p className="secondary">{t('disclosure.none')}</p>;
  return (
    <>
      <section aria-labelledby="disclosed-demands">
        <h2 id="disclosed-demands">{t('disclosure.demands')}</h2>
        {s.demands.length === 0 ? (
          empty
        ) : (
          <ul className="disclosure-items" aria-label={t('disclosure.demands')}>
            {s.demands.map((d) => (
              <li key={d.id}>
                <span className="item-title">{d.title}</span>
                <span className="tags">
                  <DemandStateTag state={d.state} />
                  <Tag>{t(`demandCategories.${d.category}`, { defaultValue: d.category })}</Tag>
                </span>
                <span className="meta">
                  <span>{d.unit_name}</span>
                  <span>
                    {label(t('disclosure.filedAt'))}
                    <time dateTime={d.filed_at}>{formatDate(d.filed_at)}</time>
                  </span>
                  <span>{t('disclosure.cosigns', { n: d.cosign_count })}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="disclosed-projects">
        <h2 id="disclosed-projects">{t('disclosure.projects')}</h2>
        {s.projects.length === 0 ? (
          empty
        ) : (
          <ul className="disclosure-items" aria-label={t('disclosure.projects')}>
            {s.projects.map((p) => (
              <li key={p.id}>
                <span className="item-title">{p.title}</span>
                <span className="tags">
                  <Tag colour="blue">{t(`projectStates.${p.state}`, { defaultValue: p.state })}</Tag>
                  <Tag>{t(`projectCategories.${p.category}`, { defaultValue: p.category })}</Tag>
                </span>
                <span className="meta">
                  <span>{t('common.labelled', { label: t('disclosure.budget'), value: formatYuan(p.budget_fen) })}</span>
                  <span>{t('common.labelled', { label: t('disclosure.govFunds'), value: formatYuan(p.gov_funds_fen) })}</span>
                  <span>{t('common.labelled', { label: t('disclosure.socialFunds'), value: formatYuan(p.funded_fen) })}</span>
                  {p.beneficiaries > 0 && <span>{t('common.labelled', { label: t('disclosure.beneficiaries'), value: p.beneficiaries })}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="disclosed-resources">
        <h2 id="disclosed-resources">{t('disclosure.resources')}</h2>
        {s.resources.length === 0 ? (
          empty
        ) : (
          <ul className="disclosure-items" aria-label={t('disclosure.resources')}>
            {s.resources.map((r) => (
              <li key={r.id}>
                <span className="item-title">{r.title}</span>
                <span className="tags">
                  <Tag colour="cyan">{t(`resourceKinds.${r.kind}`, { defaultValue: r.kind })}</Tag>
                  {r.withdrawn && <Tag colour="gold">{t('disclosure.withdrawn')}</Tag>}
                </span>
                <span className="meta">
                  <span>{r.organization_name}</span>
                  <span>
                    {t('common.labelled', {
                      label: t('disclosure.quantity'),
                      value: r.measure === FEN ? formatYuan(r.quantity) : `${r.quantity} ${r.measure}`,
                    })}
                  </span>
                  <span>
                    {label(t('disclosure.offeredAt'))}
                    <time dateTime={r.offered_at}>{formatDate(r.offered_at)}</time>
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Copies `text`; where the browser offers no clipboard (plain HTTP), selects it to copy by hand. */
function CopyButton({ text, what }: { text: string; what: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'copied' | 'selected' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      const code = button.current?.parentElement?.querySelector('code, pre');
      const selection = window.getSelection();
      if (code && selection) {
        selection.selectAllChildren(code);
        setCopied('selected');
      }
    }
  };
  return (
    <>
      <button ref={button} type="button" className="btn" onClick={() => void copy()}>
        {t('disclosure.copy', { what })}
      </button>
      <span role="status" className="secondary">
        {copied === 'copied' ? t('disclosure.copied') : copied === 'selected' ? t('disclosure.selected') : ''}
      </span>
    </>
  );
}
