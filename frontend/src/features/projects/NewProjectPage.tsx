// A new project (拟定), drafted by the street committee from the published demands it ticked
// in the demand queue (`?demand_ids=a,b`): the demands it answers, then what the API needs.
// Money is typed in yuan and sent in fen; the form checks what the API would refuse first.
import { App, Alert, Button, Card, Flex, Form, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { DemandStateTag } from '../../components/labels';
import { UnitPicker } from '../../components/UnitPicker';
import { useChosenDemands, useCreateProject } from './api';
import { FIELD_NAMES, ProjectFields, toProjectFields, type ProjectFieldValues } from './ProjectFields';
import { useProjectErrorText } from './rules';
import { useLeaveGuard } from '../../components/useLeaveGuard';

export interface NewProjectValues extends ProjectFieldValues {
  unit_id: string;
}

/** The request for the form's values (amounts in fen), or null when an amount is not one. */
export function toRequest(values: NewProjectValues, demandIds: string[]): Schemas['NewProjectRequest'] | null {
  const fields = toProjectFields(values);
  return fields && { demand_ids: demandIds, unit_id: values.unit_id, ...fields };
}

/** The demand ids of the address, de-duplicated (`?demand_ids=a,b` or repeated). */
export function demandIdsOf(params: URLSearchParams): string[] {
  return [...new Set(params.getAll('demand_ids').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
}

export function NewProjectPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const ids = useMemo(() => demandIdsOf(params), [params]);
  const chosen = useChosenDemands(ids);
  const create = useCreateProject();
  const [form] = Form.useForm<NewProjectValues>();
  const applyFieldErrors = useApplyFieldErrors();
  const [onFields, setOnFields] = useState(false);
  const errorText = useProjectErrorText();
  // A draft being written warns before it is left; not once it is sent (the move to the project).
  const [touched, setTouched] = useState(false);
  const leaveGuard = useLeaveGuard(touched && !create.isPending && !create.isSuccess);
  // Where the reader runs projects: its street, or the whole district for its admin.
  const streets = (user?.grants ?? []).filter((g) => g.role === 'street_committee' || g.role === 'district_admin').map((g) => g.unit_id);

  const demands = chosen.data?.found ?? [];
  const units = [...new Set(demands.map((d) => d.unit_id))];
  const usable = demands.filter((d) => d.state === 'published').map((d) => d.id);

  const submit = (values: NewProjectValues) => {
    const body = toRequest(values, usable);
    if (!body) return;
    setOnFields(false);
    create.mutate(body, {
      onSuccess: (project) => {
        void message.success(t('projectNew.created', { title: project.title }));
        navigate(`/projects/${project.id}`);
      },
      onError: (error) => setOnFields(applyFieldErrors(form, error, FIELD_NAMES)),
    });
  };

  if (ids.length === 0) {
    return (
      <Card>
        <Flex vertical gap={12} align="flex-start">
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('projectNew.heading')}
          </Typography.Title>
          <Typography.Paragraph style={{ margin: 0 }}>{t('projectNew.noDemands')}</Typography.Paragraph>
          <Button type="primary" onClick={() => navigate('/queue?view=all&state=published')}>
            {t('projectNew.toQueue')}
          </Button>
        </Flex>
      </Card>
    );
  }

  return (
    <Card>
      <Flex vertical gap={16}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('projectNew.heading')}
        </Typography.Title>
        <section aria-labelledby="new-project-demands">
          <Typography.Title level={3} id="new-project-demands" style={{ fontSize: 'var(--fs-16)', marginTop: 0 }}>
            {t('projectNew.fromDemands', { n: demands.length })}
          </Typography.Title>
          <ErrorAlert error={chosen.error} />
          {chosen.isLoading ? (
            <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
          ) : (
            <ul className="plain-list">
              {demands.map((d) => (
                <li key={d.id}>
                  <Space size={6} wrap>
                    <Link to={`/demands/${d.id}`}>{d.title}</Link>
                    <DemandStateTag state={d.state} />
                    <Typography.Text type="secondary">
                      {t('demand.cosigns')} {d.cosign_count}
                    </Typography.Text>
                  </Space>
                  {d.state !== 'published' && (
                    <div>
                      <Typography.Text type="danger">{t('projectNew.notPublished')}</Typography.Text>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          {(chosen.data?.missing.length ?? 0) > 0 && (
            <Alert type="warning" showIcon title={t('projectNew.missing', { n: chosen.data?.missing.length })} />
          )}
        </section>

        <Form<NewProjectValues>
          form={form}
          name="new_project"
          layout="vertical"
          requiredMark
          onFinish={submit}
          onValuesChange={() => setTouched(true)}
          initialValues={{ required_approvals: 2, gov_funds: '0' }}
          style={{ maxWidth: 720 }}
          key={units.length === 1 ? units[0] : 'many'}
        >
          <ProjectFields
            unit={
              <Form.Item
                name="unit_id"
                label={t('project.unit')}
                rules={[{ required: true, message: t('projectNew.unitRequired') }]}
                initialValue={units.length === 1 ? units[0] : undefined}
              >
                <UnitPicker kinds={['street', 'community', 'compound']} within={streets} />
              </Form.Item>
            }
          />
          {create.error && !onFields ? (
            <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
              {errorText(create.error)}
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} disabled={create.isPending || usable.length === 0}>
            {t('projectNew.submit')}
          </Button>
        </Form>
      </Flex>
      {leaveGuard}
    </Card>
  );
}
