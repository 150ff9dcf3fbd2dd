// 居民注册, for a resident of seventy on a phone: the name (any name, 孙桂兰), the mobile
// number (what they sign in with), a password with all its rules shown before typing, the
// community under its street; a username only for whoever wants one. Once signed up, the
// page says what to type to sign in next time, before going on.
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import type { Schemas } from '../api/client';
import { keyHeaders, lockedWhile, useSubmission } from '../api/submission';
import { usePasswordRules } from '../components/accountRules';
import { CommunitySelect } from '../components/CommunitySelect';
import { ErrorAlert, useApplyFieldErrors } from '../components/errors';
import { PasswordChecklist } from '../components/PasswordChecklist';
import { accountExists, loginNameOf, NameField, PhoneField, residentIdentity, signInNames, UsernameField, type ResidentValues } from '../components/ResidentFields';
import { elderMode } from '../elder/elder';
import { useAuth } from './AuthProvider';
import { homeFor, rolesOf } from './roles';

type RegisterRequest = Schemas['RegisterRequest'];
type User = Schemas['User'];
type Values = ResidentValues & Pick<RegisterRequest, 'password' | 'unit_id'>;

export function RegisterPage() {
  const [registered, setRegistered] = useState<User | null>(null);
  return registered ? <SignedUp user={registered} /> : <SignUpForm onDone={setRegistered} />;
}

function SignUpForm({ onDone }: { onDone: (user: User) => void }) {
  const { t } = useTranslation();
  const { register } = useAuth();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const passwordRules = usePasswordRules((f) => loginNameOf({ username: f.getFieldValue('username'), phone: f.getFieldValue('phone') }).name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const password = Form.useWatch('password', form);
  const login = loginNameOf({ username: Form.useWatch('username', form), phone: Form.useWatch('phone', form) });

  const submission = useSubmission();

  const submit = async (values: Values) => {
    const body: RegisterRequest = { ...residentIdentity(values), password: values.password, unit_id: values.unit_id };
    const sent = submission.run(body, (key) => register(body, keyHeaders(key)));
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await sent);
    } catch (e) {
      if (!accountExists(form, e, t('signUp.accountExists')) && !applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 440, margin: '24px auto' }}>
      <Typography.Title level={3}>{t('nav.register')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <NameField extra={t('signUp.displayNameHint')} />
        <PhoneField />
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={<PasswordChecklist password={password} name={login.name} nameIs={login.is} />}
          dependencies={['username', 'phone']}
          rules={passwordRules}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="unit_id" label={t('auth.community')} rules={[{ required: true, message: t('required.community') }]}>
          <CommunitySelect />
        </Form.Item>
        <UsernameField />
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" size="large" block {...lockedWhile(busy)} style={{ marginTop: 12 }}>
          {t('auth.signUp')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12 }}>
        <Link to="/login">{t('auth.haveAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}

/** What to type to sign in next time: the phone number, or the username (and the mobile). */
function SignedUp({ user }: { user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { byPhone, mobile } = signInNames(user);
  return (
    <Card style={{ maxWidth: 440, margin: '24px auto' }}>
      <Result
        status="success"
        title={t('signUp.done')}
        subTitle={
          <div className="signed-up">
            <p>
              {byPhone ? t('signUp.signInWithPhone') : t('signUp.signInWithUsername')}
              <strong className="sign-in-name">{user.username}</strong>
            </p>
            {mobile && (
              <p>
                {t('signUp.orPhone')}
                <strong className="sign-in-name">{mobile}</strong>
              </p>
            )}
          </div>
        }
        extra={
          <Button type="primary" size="large" onClick={() => navigate(homeFor(rolesOf(user), elderMode()), { replace: true })}>
            {t('signUp.start')}
          </Button>
        }
      />
    </Card>
  );
}
