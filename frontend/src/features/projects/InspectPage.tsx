// A supervisor's inspection (验收) of a completed project: what was promised (the plan and
// the demands), the completion note, the progress history and earlier votes (each with its
// voter, to auditors and the district admin: the API names them only to those), then pass or
// fail with a comment (required for a fail: what must be redone).
import { App, Button, Card, Empty, Flex, Form, Input, Radio, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { lockedWhile } from '../../api/submission';
import { ErrorAlert } from '../../components/errors';
import { useInspect, useInspections, useProject, type Project } from './api';
import { ProgressCard, ProjectFacts, ProjectLoading, BackButton } from './ProjectPage';
import { InspectionTally, ProjectStateTag } from './parts';
import { useProjectErrorText } from './rules';
import { Tag } from '../../components/labels';
import { formatDateTime } from '../../components/dates';

type Verdict = Schemas['Verdict'];

export function InspectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const project = useProject(id);
  if (!project.data) return <ProjectLoading query={project} />;
  const p = project.data;
  return (
    <Flex vertical gap={12}>
      <BackButton />
      <Card>
        <Flex vertical gap={12}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('projectInspection.heading')}
          </Typography.Title>
          <Flex wrap gap={8} align="center">
            <Typography.Text strong style={{ fontSize: 'var(--fs-16)', wordBreak: 'break-word' }}>
              <Link to={`/projects/${p.id}`}>{p.title}</Link>
            </Typography.Text>
            <ProjectStateTag state={p.state} />
          </Flex>
          <Typography.Title level={3} style={{ fontSize: 'var(--fs-16)', margin: 0 }}>
            {t('projectInspection.promised')}
          </Typography.Title>
          <ProjectFacts project={p} short />
        </Flex>
      </Card>
      <ProgressCard project={p} withForm={false} />
      <Votes project={p} />
    </Flex>
  );
}

function Votes({ project: p }: { project: Project }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const votes = useInspections(p.id);
  const inspect = useInspect(p.id);
  const errorText = useProjectErrorText(p);
  const [form] = Form.useForm<{ verdict: Verdict; comment?: string }>();
  const verdict = Form.useWatch('verdict', form);
  const may = p.allowed_actions.includes('inspect');

  return (
    <Card title={<h3 className="card-heading">{t('projectInspection.votes')}</h3>}>
      <Flex vertical gap={12}>
        <InspectionTally project={p} />
        {votes.isLoading ? (
          <Skeleton active />
        ) : votes.error ? (
          <ErrorAlert error={votes.error} />
        ) : (votes.data ?? []).length === 0 ? (
          <Empty description={t('projectInspection.votesEmpty')} />
        ) : (
          <ul className="plain-list">
            {(votes.data ?? []).map((v) => (
              <li key={v.id} className="claim-row">
                <Space size={[6, 4]} wrap>
                  <Tag colour={v.verdict === 'pass' ? 'green' : 'red'}>{t(`projectInspection.${v.verdict}`)}</Tag>
                  <Typography.Text type="secondary">{t('projectInspection.round', { n: v.round + 1 })}</Typography.Text>
                  {v.mine && <Tag colour="blue">{t('projectInspection.mine')}</Tag>}
                  <Typography.Text type="secondary">
                    <time dateTime={v.created_at}>{formatDateTime(v.created_at)}</time>
                  </Typography.Text>
                </Space>
                {v.voter && (
                  <div>
                    {v.voter.organization_name
                      ? t('projectInspection.voterOf', { name: v.voter.display_name, organization: v.voter.organization_name })
                      : t('projectInspection.voter', { name: v.voter.display_name })}
                  </div>
                )}
                {v.comment && <div className="prose">{v.comment}</div>}
              </li>
            ))}
          </ul>
        )}
        {may && (
          <Form
            form={form}
            name="project_inspection"
            layout="vertical"
            requiredMark
            onFinish={(values) =>
              inspect.mutate(
                { verdict: values.verdict, comment: values.comment?.trim() || null },
                {
                  onSuccess: () => {
                    void message.success(t('projectInspection.done'));
                    navigate(`/projects/${p.id}`);
                  },
                },
              )
            }
          >
            <Form.Item name="verdict" label={t('projectInspection.verdict')} rules={[{ required: true, message: t('projectInspection.verdict') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'pass', label: t('projectInspection.pass') },
                  { value: 'fail', label: t('projectInspection.fail') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="comment"
              label={t('projectInspection.comment')}
              dependencies={['verdict']}
              rules={[{ required: verdict === 'fail', whitespace: true, message: t('projectInspection.commentFailRequired') }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount placeholder={t('projectInspection.commentPlaceholder')} />
            </Form.Item>
            {inspect.error && <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>{errorText(inspect.error)}</div>}
            <Button type="primary" htmlType="submit" {...lockedWhile(inspect.isPending)} block>
              {t('projectInspection.submit')}
            </Button>
          </Form>
        )}
      </Flex>
    </Card>
  );
}
