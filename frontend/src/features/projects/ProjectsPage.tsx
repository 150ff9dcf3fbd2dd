// The street committee's project workbench (also what district officials and auditors read):
// the projects of its scope, all of them first (全部) or those of one state, each with its
// funding bar and progress. New projects are drafted from demands ticked in the demand queue.
// The tab and search live in the address; each tab says how many it holds, as the API counts
// the same list (`/projects/counts`).
import { Button, Card, Empty, Flex, Input, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { mayOpen, rolesOf } from '../../auth/roles';
import { ErrorAlert } from '../../components/errors';
import { ExportButton } from '../../components/ExportButton';
import { UnitName } from '../../components/UnitPicker';
import { useProjectCounts, useProjectList, type Project, type ProjectState } from './api';
import { FundingBar, ProgressBar, ProjectStateTag } from './parts';
import { PROJECT_STATES } from './rules';

/** The radio value of 全部 (no `state` in the address or the query). */
const ALL = 'all';

export function ProjectsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // 全部 unless the address names a state.
  const state: ProjectState | undefined = PROJECT_STATES.find((s) => s === params.get('state'));
  const q = params.get('q')?.trim() || undefined;
  const list = useProjectList({ state, q });
  const counts = useProjectCounts({ q });
  const counted = (label: string, n: number | undefined) => (n === undefined ? label : `${label} ${n}`);
  const creates = mayOpen(rolesOf(user), 'projects/new');

  const update = (next: { state?: ProjectState | typeof ALL; q?: string }) => {
    const p = new URLSearchParams();
    const chosen = 'state' in next ? next.state : state;
    if (chosen && chosen !== ALL) p.set('state', chosen);
    const query = 'q' in next ? next.q : q;
    if (query) p.set('q', query);
    setParams(p, { replace: true });
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('projectWorkbench.heading')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <ExportButton list="projects" query={{ state, q }} />
          {creates && (
            <Button type="primary" onClick={() => navigate('/queue?view=all&state=published')}>
              {t('projectWorkbench.create')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('projectWorkbench.intro')}
      </Typography.Paragraph>
      <Input.Search
        aria-label={t('projectWorkbench.search')}
        placeholder={t('projectWorkbench.search')}
        key={q ?? ''}
        defaultValue={q}
        allowClear
        enterButton={t('common.search')}
        onSearch={(value) => update({ q: value.trim() || undefined })}
        style={{ maxWidth: 420 }}
      />
      {/* A radio group rather than tabs: six states wrap on a phone instead of hiding behind a menu. */}
      <Radio.Group
        aria-label={t('projectWorkbench.tabsLabel')}
        optionType="button"
        buttonStyle="solid"
        value={state ?? ALL}
        onChange={(e) => update({ state: e.target.value as ProjectState | typeof ALL })}
        options={[
          { value: ALL, label: counted(t('common.all'), counts.data?.total) },
          ...PROJECT_STATES.map((s) => ({
            value: s,
            label: counted(t(`projectStates.${s}`), counts.data?.by_state.find((c) => c.state === s)?.count),
          })),
        ]}
        className="state-tabs"
      />
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Card loading size="small" />
      ) : list.items.length === 0 ? (
        <Empty description={state ? t('projectWorkbench.empty', { state: t(`projectStates.${state}`) }) : t('projectWorkbench.emptyAll')} />
      ) : (
        <Flex vertical gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.items.map((p) => (
            <li key={p.id}>
              <ProjectCard project={p} />
            </li>
          ))}
        </Flex>
      )}
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
      {creates && list.items.length === 0 && !list.isLoading && (
        <Typography.Text type="secondary">{t('projectWorkbench.createHint')}</Typography.Text>
      )}
    </Flex>
  );
}

export function ProjectCard({ project: p, to }: { project: Project; to?: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" className="project-card">
      <Flex vertical gap={6}>
        <Typography.Text strong style={{ wordBreak: 'break-word', fontSize: 'var(--fs-15)' }}>
          <Link to={to ?? `/projects/${p.id}`}>{p.title}</Link>
        </Typography.Text>
        <Space size={[4, 4]} wrap>
          <ProjectStateTag state={p.state} />
          <Tag>{t(`projectCategories.${p.category}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 'var(--fs-13)' }}>
            <UnitName id={p.unit_id} />
          </Typography.Text>
        </Space>
        <FundingBar project={p} compact />
        <ProgressBar project={p} label={`${t('project.progress')} ${p.title}`} />
      </Flex>
    </Card>
  );
}
