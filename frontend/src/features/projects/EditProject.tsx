// 修改草案: the street committee corrects its draft before publishing it (the API offers
// `edit` only then). The same fields and checks as drafting it; a 422 lands on its field, a
// stale version or a refusal is said above the buttons.
import { App, Button, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { lockedWhile } from '../../api/submission';
import { useApplyFieldErrors } from '../../components/errors';
import { fenToYuan } from '../../components/money';
import { GuardedModal } from '../../components/useLeaveGuard';
import { useUpdateProject, type Project } from './api';
import { FIELD_NAMES, ProjectFields, toProjectFields, type ProjectFieldValues } from './ProjectFields';
import { useProjectErrorText } from './rules';

export function EditProjectButton({ project }: { project: Project }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('projectEdit.button')}</Button>
      {open && <EditProjectModal project={project} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The draft's values as the form shows them: amounts in yuan. */
export function editValues(p: Project): ProjectFieldValues {
  return {
    title: p.title,
    category: p.category,
    description: p.description,
    plan: p.plan,
    budget: fenToYuan(p.budget_fen).toFixed(2),
    gov_funds: fenToYuan(p.gov_funds_fen).toFixed(2),
    required_approvals: p.required_approvals,
    beneficiaries: p.beneficiaries,
  };
}

function EditProjectModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProjectFieldValues>();
  const update = useUpdateProject(project);
  const applyFieldErrors = useApplyFieldErrors();
  const errorText = useProjectErrorText(project);
  const [onFields, setOnFields] = useState(false);

  const submit = (values: ProjectFieldValues) => {
    const fields = toProjectFields(values);
    if (!fields) return;
    setOnFields(false);
    update.mutate(fields, {
      onSuccess: (saved) => {
        void message.success(t('projectEdit.saved', { title: saved.title }));
        onClose();
      },
      onError: (error) => setOnFields(applyFieldErrors(form, error, FIELD_NAMES)),
    });
  };

  return (
    <GuardedModal
      open
      title={t('projectEdit.heading', { title: project.title })}
      okText={t('projectEdit.save')}
      okButtonProps={lockedWhile(update.isPending)}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Form<ProjectFieldValues> form={form} name="edit_project" layout="vertical" requiredMark initialValues={editValues(project)} onFinish={submit}>
        <ProjectFields />
      </Form>
      {update.error && !onFields && (
        <div className="alert alert-error" role="alert">
          {errorText(update.error)}
        </div>
      )}
    </GuardedModal>
  );
}
