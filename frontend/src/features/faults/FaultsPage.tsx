// 报修: the faults the reader reported (a resident, a community worker), or that were reported
// on the work its property company maintains, newest first, with a state filter kept in the
// address. A property manager also sees the projects handed over to its company, each with
// where the hand-over stands (待接管 ones are answered on the project's page). Reporting
// starts on a maintained project's page (我要报修), where the project is known.
import { Card, Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { CursorListView } from '../../components/CursorListView';
import { ErrorAlert } from '../../components/errors';
import { FaultStateTag, HandoverStateTag, Tag } from '../../components/labels';
import { OrganizationName } from '../../components/OrganizationPicker';
import { FAULT_STATES, useFaultList, useMaintainedProjects, type Fault } from './api';
import { formatDate } from '../../components/dates';


export function FaultsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const state = FAULT_STATES.find((s) => s === params.get('state'));
  const list = useFaultList(state ? { state } : {});
  const companies = [...new Set((user?.grants ?? []).flatMap((g) => (g.role === 'property_manager' && g.organization_id ? [g.organization_id] : [])))];
  const reports = (user?.grants ?? []).some((g) => g.role === 'resident' || g.role === 'community_worker');

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('faultNav.menu')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('faultList.intro')}
          {reports && (
            <>
              {' '}
              <Link to="/board/projects" className="in-text">
                {t('faultList.howTo')}
              </Link>
            </>
          )}
        </Typography.Paragraph>
      </div>
      {companies.map((id) => (
        <MaintainedProjects key={id} organizationId={id} />
      ))}
      <Radio.Group
        aria-label={t('faultList.states')}
        optionType="button"
        buttonStyle="solid"
        value={state ?? 'all'}
        onChange={(e) => setParams(e.target.value === 'all' ? {} : { state: e.target.value as string }, { replace: true })}
        options={[{ value: 'all', label: t('faultList.all') }, ...FAULT_STATES.map((s) => ({ value: s, label: t(`faultStates.${s}`) }))]}
        className="state-tabs touch-radios"
      />
      <CursorListView
        list={list}
        label={t('faultList.label')}
        retryText={t('faultList.retry')}
        emptyText={t('faultList.empty')}
        renderItem={(f) => <FaultCard fault={f} />}
      />
    </Flex>
  );
}

export function FaultCard({ fault: f }: { fault: Fault }) {
  const { t } = useTranslation();
  return (
    <article className="demand-card" aria-label={f.title}>
      <h2>
        <Link to={`/faults/${f.id}`}>{f.title}</Link>
      </h2>
      <div className="tags">
        <FaultStateTag state={f.state} />
        {f.mine && <Tag colour="geekblue">{t('faultList.mine')}</Tag>}
      </div>
      <p className="meta">
        {f.project_title} · {f.unit_name} · {f.maintainer_name} · <time dateTime={f.created_at}>{formatDate(f.created_at)}</time>
      </p>
      {f.reply && <p className="prose">{t('common.labelled', { label: t('fault.reply'), value: f.reply })}</p>}
    </article>
  );
}

/** The projects handed over to one property company, with where each hand-over stands. */
function MaintainedProjects({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const projects = useMaintainedProjects(organizationId);
  const items = projects.data?.items ?? [];
  return (
    <Card
      size="small"
      title={
        <h2 className="card-heading">
          {t('faultList.maintained')} · <OrganizationName id={organizationId} />
        </h2>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('faultList.maintainedIntro')}</Typography.Text>
        <ErrorAlert error={projects.error} />
        {projects.isLoading ? null : items.length === 0 ? (
          <Typography.Text type="secondary">{t('faultList.maintainedEmpty')}</Typography.Text>
        ) : (
          <ul className="plain-list">
            {items.map((p) => (
              <li key={p.id} className="maintained-project">
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
                {p.handover_state && <HandoverStateTag state={p.handover_state} />}
              </li>
            ))}
          </ul>
        )}
      </Flex>
    </Card>
  );
}
