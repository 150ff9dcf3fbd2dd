// 修改密码: everyone signed in sets its own password, giving the current one, by the rules
// registration shows. An account whose password someone else set (a street committee created
// it, the district admin reset it) is led here before anything else (components/AppLayout)
// and told why; once its own password is set, it goes on to where it was going.
import { Alert, App, Button, Card, Form, Input, Typography, type FormRule } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { ApiError, type Schemas } from '../api/client';
import { lockedWhile, useSubmit } from '../api/submission';
import { usePasswordRules } from '../components/accountRules';
import { ErrorAlert, useApplyFieldErrors } from '../components/errors';
import { PasswordChecklist } from '../components/PasswordChecklist';
import { changePassword } from './api';
import { useAuth } from './AuthProvider';
import { nextAfterPassword } from './password';
import { elderMode } from '../elder/elder';
import { homeFor, rolesOf } from './roles';

type Values = Schemas['PasswordChange'] & { repeat: string };

/** A refusal that concerns one field though the API names none (a 403). */
const REFUSAL_FIELDS: Record<string, keyof Values> = { wrong_password: 'current_password' };

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user, reload } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const passwordRules = usePasswordRules(() => user?.username ?? '');
  const applyFieldErrors = useApplyFieldErrors();
  const [error, setError] = useState<unknown>(null);
  const change = useSubmit(changePassword);
  const required = !!user?.password_change_required;
  const newPassword = Form.useWatch('new_password', form);

  const differs: FormRule = ({ getFieldValue }) => ({
    validator: (_, value?: string) =>
      !value || value !== getFieldValue('current_password') ? Promise.resolve() : Promise.reject(new Error(t('errors.password_unchanged'))),
  });
  const repeats: FormRule = ({ getFieldValue }) => ({
    validator: (_, value?: string) =>
      !value || value === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch'))),
  });

  const submit = ({ current_password, new_password }: Values) => {
    setError(null);
    change.mutate(
      { current_password, new_password },
      {
        onSuccess: async () => {
          // The flag is read again from /me: the way on opens only when the server says so.
          await reload().catch(() => undefined);
          void message.success(t('account.done'));
          navigate(nextAfterPassword(params.get('next')) ?? homeFor(rolesOf(user), elderMode()), { replace: true });
        },
        onError: (e) => {
          const field = e instanceof ApiError ? REFUSAL_FIELDS[e.code] : undefined;
          if (field && e instanceof ApiError) {
            form.setFields([{ name: field, errors: [t(`errors.${e.code}`, { defaultValue: e.problem.detail })] }]);
          } else if (!applyFieldErrors(form, e)) {
            setError(e);
          }
        },
      },
    );
  };

  return (
    <Card style={{ maxWidth: 440, margin: '24px auto' }}>
      <Typography.Title level={3}>{t('account.heading')}</Typography.Title>
      {required && <Alert type="warning" showIcon role="alert" title={t('account.required')} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ current_password: '', new_password: '', repeat: '' }}
      >
        {/* The account's name, for password managers: it is not edited here. */}
        <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
        <Form.Item
          name="current_password"
          label={required ? t('account.currentTemporary') : t('account.current')}
          rules={[{ required: true, message: t('account.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus maxLength={128} />
        </Form.Item>
        <Form.Item
          name="new_password"
          label={t('account.new')}
          extra={<PasswordChecklist password={newPassword} name={user?.username} nameIs={user?.phone && user.username === user.phone ? 'phone' : 'username'} />}
          dependencies={['current_password']}
          rules={[...passwordRules, differs]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('account.repeat')}
          dependencies={['new_password']}
          rules={[{ required: true, message: t('account.repeatRequired') }, repeats]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" block {...lockedWhile(change.isPending)} style={{ marginTop: 12 }}>
          {t('account.submit')}
        </Button>
      </Form>
    </Card>
  );
}
