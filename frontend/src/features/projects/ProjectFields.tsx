// The fields a street committee fills in for a project, shared by drafting one (拟定) and
// editing the draft: the same labels, limits and checks, so each form refuses what the API
// would before it is sent. Money is typed in yuan (strings, to the fen) and sent in fen.
import { Flex, Form, Input, InputNumber, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { useEnumOptions } from '../../components/labels';
import { yuanToFen } from '../../components/money';
import type { ProjectCategory } from './api';
import { PROJECT_CATEGORIES } from './rules';

/** What both forms hold besides the unit: amounts in yuan, as typed. */
export interface ProjectFieldValues {
  title: string;
  category: ProjectCategory;
  description?: string;
  plan: string;
  budget: string;
  gov_funds: string;
  required_approvals: number;
  beneficiaries?: number | null;
}

/** The request's fields for the form's values (amounts in fen), or null when an amount is not one. */
export function toProjectFields(values: ProjectFieldValues) {
  const budget = yuanToFen(values.budget);
  const gov = yuanToFen(values.gov_funds);
  if (budget === null || gov === null) return null;
  return {
    title: values.title.trim(),
    category: values.category,
    description: values.description?.trim() ?? '',
    plan: values.plan.trim(),
    budget_fen: budget,
    gov_funds_fen: gov,
    required_approvals: values.required_approvals,
    beneficiaries: values.beneficiaries ?? null,
  };
}

/** The API's field names on the form's: its 422s land on the amounts typed in yuan. */
export const FIELD_NAMES = { budget_fen: 'budget', gov_funds_fen: 'gov_funds' } as const;

/** The fields, in the order the forms show them; `unit` stands after the category. */
export function ProjectFields({ unit }: { unit?: ReactNode }) {
  const { t } = useTranslation();
  const categoryOptions = useEnumOptions('projectCategories', PROJECT_CATEGORIES);
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
  return (
    <>
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
      {unit}
      <Form.Item name="description" label={t('project.description')} rules={[{ max: 2000, message: t('errors.description_length') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="plan" label={t('project.plan')} rules={[{ required: true, whitespace: true, message: t('projectNew.planRequired') }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount placeholder={t('projectNew.planPlaceholder')} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="budget" label={t('project.budget')} extra={t('projectNew.budgetHelp')} rules={amount(t('projectNew.budgetRequired'))} style={{ flex: '1 1 200px' }}>
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
    </>
  );
}
