// What the public list and the officials' screen share: one disclosure in a list (第N期, its
// period, when it was published, the start of its hash) and the mark of the server's check
// of it, asked by this browser for each disclosure shown. Plain HTML (styles.css and
// disclosures.css): the board draws them before any antd has loaded.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { formatDate } from '../../components/dates';
import { useVerification, type Disclosure } from './api';
import { shortHash } from './snapshot';
import { verifyState, type VerifyState } from './verify';
import './disclosures.css';

function MarkIcon({ state }: { state: VerifyState }) {
  // A tick in a circle, a cross in a circle, or a circle of dots (waiting / not known).
  return (
    <svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      {state === 'valid' ? (
        <>
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M4.8 8.2l2.2 2.2 4.2-4.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </>
      ) : state === 'invalid' ? (
        <>
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M5.5 5.5l5 5m0-5l-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </>
      ) : (
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeDasharray="2.5 2" />
      )}
    </svg>
  );
}

/** The server's check of `disclosure`, asked now, as an icon and words. */
export function VerifyMark({ disclosure }: { disclosure: Pick<Disclosure, 'id' | 'sha256' | 'previous_sha256'> }) {
  const { t } = useTranslation();
  const check = useVerification(disclosure.id);
  const state = verifyState(check, disclosure);
  return (
    <span className={`verify-mark verify-${state}`} title={t(`disclosure.verifyHint.${state}`)} data-verify={state}>
      <MarkIcon state={state} />
      {t(`disclosure.verify.${state}`)}
    </span>
  );
}

/** `2026-11-01 至 2026-11-30`. */
export function PeriodText({ start, end }: { start: string; end: string }) {
  const { t } = useTranslation();
  return (
    <span>
      <time dateTime={start}>{start}</time>
      {t('disclosure.periodTo')}
      <time dateTime={end}>{end}</time>
    </span>
  );
}

/** `公示期：` — a label before a value that is more than text (a time, a code). */
export function useLabel() {
  const { t } = useTranslation();
  return (label: string) => t('common.labelled', { label, value: '' });
}

/** One disclosure in a list; its title opens its public page. */
export function DisclosureRow({ disclosure: d }: { disclosure: Disclosure }) {
  const { t } = useTranslation();
  const label = useLabel();
  const title = t('disclosure.title', { street: d.street_name, n: d.number });
  return (
    <article className="demand-card disclosure-row" aria-label={title}>
      <h2>
        <Link to={`/board/disclosures/${d.id}`}>{title}</Link>
      </h2>
      <VerifyMark disclosure={d} />
      <p className="meta">
        <span>
          {label(t('disclosure.period'))}
          <PeriodText start={d.period_start} end={d.period_end} />
        </span>
        <span>
          {label(t('disclosure.publishedAt'))}
          <time dateTime={d.published_at}>{formatDate(d.published_at)}</time>
        </span>
        <span>
          {label(t('disclosure.hash'))}
          <code title={d.sha256}>{shortHash(d.sha256)}…</code>
        </span>
      </p>
    </article>
  );
}
