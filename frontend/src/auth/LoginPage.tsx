import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { lockedWhile, useSubmission } from '../api/submission';
import { ErrorAlert } from '../components/errors';
import { useAuth } from './AuthProvider';
import { elderMode } from '../elder/elder';
import { homeFor, rolesOf } from './roles';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submission = useSubmission();

  const submit = async ({ username, password }: { username: string; password: string }) => {
    // One sign-in at a time; no key: signing in creates no record.
    const sent = submission.run({ username }, () => login(username, password));
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      const user = await sent;
      navigate(params.get('next') ?? homeFor(rolesOf(user), elderMode()), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 400, margin: '24px auto' }}>
      <Typography.Title level={3}>{t('auth.signIn')}</Typography.Title>
      {params.get('expired') && <Alert type="warning" showIcon title={t('auth.expired')} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        {/* The API takes a username or a mobile number (spaces and dashes inside ignored). */}
        <Form.Item name="username" label={t('auth.signInName')} rules={[{ required: true, whitespace: true, message: t('required.signInName') }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('required.password') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" block {...lockedWhile(busy)} style={{ marginTop: 12 }}>
          {t('auth.signIn')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        <Link to="/register">{t('auth.noAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
