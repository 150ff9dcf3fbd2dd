// 为居民开户: at the community's desk, an official opens an account for a resident who cannot
// sign up alone (no smartphone of their own, or no confidence with one): the name, the mobile
// number, the community (already chosen when the official has one), a username only if
// wanted. The server chooses the first password and answers it this once; the page shows it
// on a slip, large and in groups of four to read out, with 打印 to hand it over on paper. The
// password is temporary: at the first sign-in its holder sets their own, so nobody at the
// desk goes on knowing it.
import { Alert, Button, Card, Form, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../../api/client';
import { keyHeaders, lockedWhile, useSubmission } from '../../api/submission';
import { usePermissions } from '../../auth/usePermissions';
import { CommunitySelect } from '../../components/CommunitySelect';
import { ErrorAlert, useApplyFieldErrors } from '../../components/errors';
import { accountExists, NameField, PhoneField, residentIdentity, signInNames, UsernameField, type ResidentValues } from '../../components/ResidentFields';
import { UnitName } from '../../components/UnitPicker';
import { registerAtDesk, useAccountOpened, type DeskAccount } from './api';
import './desk.css';

type Values = ResidentValues & { unit_id: string };

export function DeskRegistrationPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const [opened, setOpened] = useState<{ account: DeskAccount; unitId: string } | null>(null);

  let body;
  if (!permissions.data) body = permissions.error ? <ErrorAlert error={permissions.error} /> : <Spin aria-label={t('common.loading')} />;
  else if (permissions.data.desk_registration_units.length === 0) body = <Alert type="info" showIcon title={t('desk.notHere')} />;
  else if (opened) body = <Slip {...opened} onAnother={() => setOpened(null)} />;
  else body = <DeskForm units={permissions.data.desk_registration_units} onDone={(account, unitId) => setOpened({ account, unitId })} />;

  return (
    <Card className="desk" style={{ maxWidth: 520, margin: '0 auto' }}>
      <Typography.Title level={3} className="no-print">
        {t('desk.heading')}
      </Typography.Title>
      {body}
    </Card>
  );
}

function DeskForm({ units, onDone }: { units: string[]; onDone: (account: DeskAccount, unitId: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const accountOpened = useAccountOpened();
  const submission = useSubmission();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    const body = { ...residentIdentity(values), unit_id: values.unit_id };
    const sent = submission.run(body, (key) => registerAtDesk(body, keyHeaders(key)));
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      const account = await sent;
      void accountOpened();
      onDone(account, values.unit_id);
    } catch (e) {
      // A taken username is a 409 without field errors: it is still the username's.
      if (e instanceof ApiError && e.code === 'username_taken') form.setFields([{ name: 'username', errors: [t('errors.username_taken')] }]);
      else if (!accountExists(form, e, t('desk.accountExists')) && !applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('desk.intro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        autoComplete="off"
        initialValues={{ unit_id: units.length === 1 ? units[0] : undefined }}
      >
        <NameField />
        <PhoneField />
        <Form.Item name="unit_id" label={t('desk.community')} rules={[{ required: true, message: t('required.community') }]}>
          <CommunitySelect within={units} />
        </Form.Item>
        <UsernameField />
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" size="large" block {...lockedWhile(busy)} style={{ marginTop: 12 }}>
          {t('desk.submit')}
        </Button>
      </Form>
    </>
  );
}

/** Twelve digits as three groups of four: read out, or copied down, a group at a time. */
const groupsOf = (password: string) => password.match(/.{1,4}/gu) ?? [];

function Slip({ account, unitId, onAnother }: { account: DeskAccount; unitId: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const { user, temporary_password } = account;
  const { byPhone, mobile } = signInNames(user);
  return (
    <div className="stack">
      <Alert type="success" showIcon role="status" className="no-print" title={t('desk.opened', { name: user.display_name })} />
      <section className="desk-slip" aria-labelledby="desk-slip-title">
        <h2 id="desk-slip-title">{t('desk.slipTitle')}</h2>
        <dl>
          <div>
            <dt>{t('desk.resident')}</dt>
            <dd>{user.display_name}</dd>
          </div>
          <div>
            <dt>{t('auth.community')}</dt>
            <dd>
              <UnitName id={unitId} />
            </dd>
          </div>
          <div>
            <dt>{byPhone ? t('desk.signInPhone') : t('desk.signInUsername')}</dt>
            <dd className="slip-name">{user.username}</dd>
          </div>
          {mobile && (
            <div>
              <dt>{t('desk.orPhone')}</dt>
              <dd className="slip-name">{mobile}</dd>
            </div>
          )}
          <div>
            <dt>{t('desk.temporaryPassword')}</dt>
            <dd className="slip-password">
              {groupsOf(temporary_password).map((group, i) => (
                <span key={i}>{group}</span>
              ))}
            </dd>
          </div>
        </dl>
        <p className="slip-note">{t('desk.mustChange')}</p>
        <p>{t('desk.where', { address: `${window.location.origin}/login` })}</p>
      </section>
      <div className="desk-actions no-print">
        <Button type="primary" size="large" onClick={() => window.print()}>
          {t('desk.print')}
        </Button>
        <Button size="large" onClick={onAnother}>
          {t('desk.another')}
        </Button>
      </div>
    </div>
  );
}
