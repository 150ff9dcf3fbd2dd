// 工作台: the first screen of everyone but a resident, phone first. One card per kind of work
// the reader's roles give it (the API's order), the whole card a link to the list the count
// was taken from: the count ("99+" past 99), what it is, and a short hint. Kinds with nothing
// waiting come last, muted, with 暂无 in place of the count. A resident's home (我的需求)
// opens with the same counts, smaller (WorkbenchSummary). Below the work, for those who read
// everything (the district admin, auditors), a card of the same look leads to 审计概览: a
// place to read, not a count, so it is not one of the API's items. So does 为居民开户, for
// whoever `/me/permissions` lets open residents' accounts somewhere.
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { readsAudit, rolesOf } from '../../auth/roles';
import { usePermissions } from '../../auth/usePermissions';
import { ErrorAlert } from '../../components/errors';
import { LoadingSkeleton } from '../../components/LoadingSkeleton';
import { useWorkbench, type WorkCount } from './api';
import { byWaiting, countText, workTarget } from './items';

export function WorkbenchPage() {
  const { t } = useTranslation();
  return (
    <div className="workbench">
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('workbench.heading')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('workbench.intro')}
      </Typography.Paragraph>
      <WorkList />
      <ServiceLinks />
      <ReadingLinks />
    </div>
  );
}

/** What the reader does for residents who come to the desk; shown only where the API allows it. */
function ServiceLinks() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  if (!permissions.data?.desk_registration_units.length) return null;
  return <LinkSection id="workbench-services" title={t('workbench.services')} to="/residents/new" label={t('workbench.desk')} hint={t('workbench.deskHint')} />;
}

/** Where the reader's roles let it read over everyone's work: 审计概览, for the district admin and auditors. */
function ReadingLinks() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!readsAudit(rolesOf(user))) return null;
  return <LinkSection id="workbench-reading" title={t('workbench.reading')} to="/audit" label={t('workbench.audit')} hint={t('workbench.auditHint')} />;
}

/** A heading and one card of the work cards' look that leads to a place rather than a count. */
function LinkSection({ id, title, to, label, hint }: { id: string; title: string; to: string; label: string; hint: string }) {
  return (
    <section aria-labelledby={id}>
      <Typography.Title level={4} id={id} style={{ fontSize: 'var(--fs-16)', marginTop: 16, marginBottom: 8 }}>
        {title}
      </Typography.Title>
      <ul className="work-list" aria-label={title}>
        <li>
          <NavLink to={to} className="work-card">
            <span className="work-text">
              <span className="work-label">{label}</span>
              <span className="work-hint">{hint}</span>
            </span>
          </NavLink>
        </li>
      </ul>
    </section>
  );
}

/** The same counts atop a resident's home: three across on a phone, without the hints. */
export function WorkbenchSummary() {
  const { t } = useTranslation();
  return (
    <section className="work-summary" aria-label={t('workbench.summary')}>
      <WorkList compact />
    </section>
  );
}

function WorkList({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const work = useWorkbench(user?.id);
  const className = compact ? 'work-list compact' : 'work-list';

  if (work.isLoading) return compact ? <div className={className} aria-busy="true" /> : <LoadingSkeleton />;
  if (work.error) {
    return (
      <div className="stack">
        <ErrorAlert error={work.error} />
        <div>
          <Button onClick={() => void work.refetch()} loading={work.isFetching}>
            {t('workbench.retry')}
          </Button>
        </div>
      </div>
    );
  }
  const items = byWaiting(work.data ?? []);
  if (items.length === 0) return compact ? null : <p className="work-empty">{t('workbench.empty')}</p>;
  return (
    <ul className={className} aria-label={compact ? undefined : t('workbench.label')}>
      {items.map((item) => (
        <li key={item.item}>
          <WorkCard work={item} compact={compact} />
        </li>
      ))}
    </ul>
  );
}

function WorkCard({ work, compact }: { work: WorkCount; compact: boolean }) {
  const { t } = useTranslation();
  const none = work.count <= 0;
  return (
    <NavLink to={workTarget(work.item)} end className={none ? 'work-card none' : 'work-card'}>
      <span className="work-count">{none ? t('workbench.none') : countText(work)}</span>
      <span className="work-text">
        <span className="work-label">{t(`workItems.${work.item}.label`)}</span>
        {!compact && <span className="work-hint">{t(`workItems.${work.item}.hint`)}</span>}
      </span>
    </NavLink>
  );
}
