// 协调事项: the coordination cases the reader takes part in or oversees, newest first, with a
// state filter kept in the address; each says its compound, how many of the three have
// confirmed, its due date and whether it is late. 发起协调 is offered to the roles through
// which one is a party (a community worker, a supervisor, a property manager); the server
// decides for the compound chosen.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { opensCases, rolesOf } from '../../auth/roles';
import { CursorListView } from '../../components/CursorListView';
import { ExportButton } from '../../components/ExportButton';
import { OverdueTag, Tag } from '../../components/labels';
import { useCaseList, type CoordinationCase } from './api';
import { NewCaseModal } from './NewCase';
import { CASE_STATES, CaseStateTag, confirmedCount } from './parts';
import { formatDate } from '../../components/dates';


export function CasesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = CASE_STATES.find((s) => s === params.get('state'));
  const query = state ? { state } : {};
  const list = useCaseList(query);
  const [opening, setOpening] = useState(false);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('caseNav.menu')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('caseList.intro')}
          </Typography.Paragraph>
        </div>
        <Flex gap={8} wrap>
          <ExportButton list="coordination-cases" query={query} />
          {opensCases(rolesOf(user)) && (
            <Button type="primary" icon={<PlusOutlined />} className="touch-target" onClick={() => setOpening(true)}>
              {t('caseList.open')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Radio.Group
        aria-label={t('caseList.states')}
        optionType="button"
        buttonStyle="solid"
        value={state ?? 'all'}
        onChange={(e) => setParams(e.target.value === 'all' ? {} : { state: e.target.value as string }, { replace: true })}
        options={[{ value: 'all', label: t('caseList.all') }, ...CASE_STATES.map((s) => ({ value: s, label: t(`caseStates.${s}`) }))]}
        className="state-tabs touch-radios"
      />
      <CursorListView
        list={list}
        label={t('caseList.label')}
        retryText={t('caseList.retry')}
        emptyText={t('caseList.empty')}
        renderItem={(c) => <CaseCard c={c} />}
      />
      {opening && (
        <NewCaseModal
          onClose={() => setOpening(false)}
          onOpened={(c) => {
            setOpening(false);
            navigate(`/cases/${c.id}`);
          }}
        />
      )}
    </Flex>
  );
}

export function CaseCard({ c }: { c: CoordinationCase }) {
  const { t } = useTranslation();
  return (
    <article className="demand-card" aria-label={c.title}>
      <h2>
        <Link to={`/cases/${c.id}`}>{c.title}</Link>
      </h2>
      <div className="tags">
        <CaseStateTag state={c.state} />
        {c.overdue && <OverdueTag />}
        {c.state !== 'resolved' && <Tag colour={confirmedCount(c) > 0 ? 'cyan' : undefined}>{t('caseList.confirmedCount', { n: confirmedCount(c) })}</Tag>}
      </div>
      <p className="meta">
        {c.unit_name}
        {c.due_at && (
          <>
            {' · '}
            {t('caseList.dueAt', { at: '' })}
            <time dateTime={c.due_at}>{formatDate(c.due_at)}</time>
          </>
        )}
        {' · '}
        {t('common.labelled', { label: t('coordinationCase.createdAt'), value: '' })}
        <time dateTime={c.created_at}>{formatDate(c.created_at)}</time>
      </p>
    </article>
  );
}
