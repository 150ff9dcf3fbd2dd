// A new project (拟定), drafted by the street committee from the published demands it ticked
// in the demand queue (`?demand_ids=a,b`): the demands it answers, then what the API needs.
// Money is typed in yuan and sent in fen; the form checks what the API would refuse first.
import { App, Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { Schemas } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { DemandStateTag, useEnumOptions } from '../../components/labels';
import { UnitPicker } from '../../components/UnitPicker';
import { useChosenDemands, useCreateProject, type ProjectCategory } from './api';
import { yuanToFen } from '../../components/money';
import { PROJECT_CATEGORIES, useProjectErrorText } from './rules';

export interface NewProjectValues {
  title: string;
  category: ProjectCategory;
  unit_id: string;
  description?: string;
  plan: string;
  budget: string;
  gov_funds: string;
  required_approvals: number;
  beneficiaries?: number | null;
}

/** The request for the form's values (amounts in fen), or null when an amount is not one. */
export function toRequest(values: NewProjectValues, demandIds: string[]): Schemas['NewProjectRequest'] | null {
  const budget = yuanToFen(values.budget);
  const gov = yuanToFen(values.gov_funds);
  if (budget === null || gov === null) return null;
  return {
    demand_ids: demandIds,
    title: values.title.trim(),
    category: values.category,
    unit_id: values.unit_id,
    description: values.description?.trim() ?? '',
    plan: values.plan.trim(),
    budget_fen: budget,
    gov_funds_fen: gov,
    required_approvals: values.required_approvals,
    beneficiaries: values.beneficiaries ?? null,
  };
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
  const categoryOptions = useEnumOptions('projectCategories', PROJECT_CATEGORIES);
  const streets = (user?.grants ?? []).filter((g) => g.role === 'street_committee').map((g) => g.unit_id);

  const demands = chosen.data?.found ?? [];
  const units = [...new Set(demands.map((d) => d.unit_id))];
  const usable = demands.filter((d) => d.state === 'published').map((d) => d.id);

  const amount = (required: string): Rule[] => [
    { required: true, message: required },
    { validator: (_, v) => (v === undefined || v === null || v === '' || yuanToFen(String(v)) !== null ? Promise.resolve() : Promise.reject(new Error(t('projectNew.amountInvalid')))) },
  ];
  const withinBudget: Rule = ({ getFieldValue }) => ({
    validator: (_, v) => {
      const gov = yuanToFen(v === undefined || v === null ? null : String(v));
      const budget = yuanToFen(getFieldValue('budget') === undefined ? null : String(getFieldValue('budget')));
      return gov !== null && budget !== null && gov > budget ? Promise.reject(new Error(t('projectNew.govOverBudget'))) : Promise.resolve();
    },
  });

  const submit = (values: NewProjectValues) => {
    const body = toRequest(values, usable);
    if (!body) return;
    setOnFields(false);
    create.mutate(body, {
      onSuccess: (project) => {
        void message.success(t('projectNew.created', { title: project.title }));
        navigate(`/projects/${project.id}`);
      },
      onError: (error) => setOnFields(applyFieldErrors(form, error, { budget_fen: 'budget', gov_funds_fen: 'gov_funds' })),
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
          <Typography.Title level={3} id="new-project-demands" style={{ fontSize: 16, marginTop: 0 }}>
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
          initialValues={{ required_approvals: 2, gov_funds: '0' }}
          style={{ maxWidth: 720 }}
          key={units.length === 1 ? units[0] : 'many'}
        >
          <Form.Item
            name="title"
            label={t('project.title')}
            rules={[
              { required: true, whitespace: true, message: t('projectNew.titleRequired') },
              { min: 2, max: 100, message: t('errors.title_length') },
            ]}
          >
            <Input placeholder={t('projectNew.titlePlaceholder')} maxLength={100} />
          </Form.Item>
          <Form.Item name="category" label={t('project.category')} rules={[{ required: true, message: t('projectNew.categoryRequired') }]}>
            <Select options={categoryOptions} placeholder={t('projectNew.categoryRequired')} />
          </Form.Item>
          <Form.Item
            name="unit_id"
            label={t('project.unit')}
            rules={[{ required: true, message: t('projectNew.unitRequired') }]}
            initialValue={units.length === 1 ? units[0] : undefined}
          >
            <UnitPicker kinds={['street', 'community', 'compound']} within={streets} />
          </Form.Item>
          <Form.Item name="description" label={t('project.description')} rules={[{ max: 2000, message: t('errors.description_length') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="plan"
            label={t('project.plan')}
            rules={[{ required: true, whitespace: true, message: t('projectNew.planRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount placeholder={t('projectNew.planPlaceholder')} />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item
              name="budget"
              label={t('project.budget')}
              extra={t('projectNew.budgetHelp')}
              rules={amount(t('projectNew.budgetRequired'))}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber<string> stringMode min="0" precision={2} step="100" prefix="¥" suffix={t('projectNew.yuan')} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="gov_funds"
              label={t('project.govFunds')}
              extra={t('projectNew.govFundsHelp')}
              dependencies={['budget']}
              rules={[...amount(t('projectNew.govFundsRequired')), withinBudget]}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber<string> stringMode min="0" precision={2} step="100" prefix="¥" suffix={t('projectNew.yuan')} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item
              name="required_approvals"
              label={t('project.requiredApprovals')}
              extra={t('projectNew.requiredApprovalsHelp')}
              rules={[{ required: true, type: 'integer', min: 1, max: 9, message: t('projectNew.approvalsRange') }]}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber min={1} max={9} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="beneficiaries"
              label={t('project.beneficiaries')}
              rules={[{ type: 'integer', min: 0, message: t('projectNew.beneficiariesRange') }]}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          {create.error && !onFields ? (
            <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>
              {errorText(create.error)}
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} disabled={usable.length === 0}>
            {t('projectNew.submit')}
          </Button>
        </Form>
      </Flex>
    </Card>
  );
}
