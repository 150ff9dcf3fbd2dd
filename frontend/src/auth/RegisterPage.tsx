import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import type { Schemas } from '../api/client';
import { useAllOrgUnits } from '../api/orgUnits';
import { keyHeaders, lockedWhile, useSubmission } from '../api/submission';
import { useDisplayNameRules, usePasswordRules, usePhoneRule, useUsernameRules } from '../components/accountRules';
import { ErrorAlert, useApplyFieldErrors } from '../components/errors';
import { PasswordChecklist } from '../components/PasswordChecklist';
import { useAuth } from './AuthProvider';

type RegisterRequest = Schemas['RegisterRequest'];

export function RegisterPage() {
  const { t } = useTranslation();
  const { register } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterRequest>();
  const applyFieldErrors = useApplyFieldErrors();
  const usernameRules = useUsernameRules();
  const passwordRules = usePasswordRules((f) => f.getFieldValue('username') ?? '');
  const [username, password] = [Form.useWatch('username', form), Form.useWatch('password', form)];
  const displayNameRules = useDisplayNameRules();
  const phoneRule = usePhoneRule();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Every community, not one page: a district has well over a hundred (SPEC §1: 175 sites).
  const communities = useAllOrgUnits({ kind: 'community' });

  const submission = useSubmission();

  const submit = async (values: RegisterRequest) => {
    const sent = submission.run(values, (key) => register({ ...values, phone: values.phone || undefined }, keyHeaders(key)));
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      await sent;
      navigate('/my/demands', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 440, margin: '24px auto' }}>
      <Typography.Title level={3}>{t('nav.register')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="unit_id" label={t('auth.community')} rules={[{ required: true, message: t('required.community') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={communities.isLoading}
            options={(communities.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="display_name" label={t('auth.displayName')} rules={displayNameRules}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="username" label={t('auth.username')} rules={usernameRules}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={<PasswordChecklist password={password} name={username} />}
          dependencies={['username']}
          rules={passwordRules}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="phone" label={t('auth.phone')} rules={[phoneRule]}>
          <Input autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <ErrorAlert error={error || communities.error} />
        <Button type="primary" htmlType="submit" block {...lockedWhile(busy)} style={{ marginTop: 12 }}>
          {t('auth.signUp')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        <Link to="/login">{t('auth.haveAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
