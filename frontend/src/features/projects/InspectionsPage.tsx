// A supervisor's 待验收项目: the completed projects it may inspect now (the API says so per
// project in `allowed_actions`), then those it has already voted on.
import { Card, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from '../../components/errors';
import { useProjectList } from './api';
import { ProjectCard } from './ProjectsPage';

export function InspectionsPage() {
  const { t } = useTranslation();
  const list = useProjectList({ state: 'completed' });
  const mine = list.items.filter((p) => p.allowed_actions.includes('inspect'));
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('projectNav.inspections')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('projectInspection.listIntro')}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.isLoading ? (
        <Card loading size="small" />
      ) : mine.length === 0 ? (
        <Empty description={t('projectInspection.listEmpty')} />
      ) : (
        <Flex vertical gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {mine.map((p) => (
            <li key={p.id}>
              <ProjectCard project={p} to={`/projects/${p.id}/inspect`} />
            </li>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
