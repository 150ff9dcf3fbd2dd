// A resident's account as it is opened, by the resident (居民注册) or for them at the desk
// (为居民开户): the name (any name: 孙桂兰), the mobile number it signs in with, and a
// username only for whoever wants one; without one the account is named by its phone.
// And, once opened, what to type to sign in.
import { Form, Input, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiError, type Schemas } from '../api/client';
import { compactPhone, useDisplayNameRules, usePhoneRule, useUsernameRules } from './accountRules';

export interface ResidentValues {
  display_name: string;
  phone?: string;
  username?: string;
}

/** The fields as the API takes them: trimmed, a mobile as its digits, blanks left out. */
export function residentIdentity(values: ResidentValues) {
  return {
    display_name: values.display_name.trim(),
    phone: compactPhone(values.phone ?? '') || undefined,
    username: values.username?.trim() || undefined,
  };
}

/** The login name the account will have: its username, or without one its phone number. */
export function loginNameOf(values: Pick<ResidentValues, 'username' | 'phone'>): { name: string; is: 'username' | 'phone' } {
  const username = String(values.username ?? '').trim();
  return username ? { name: username, is: 'username' } : { name: compactPhone(String(values.phone ?? '')), is: 'phone' };
}

export function NameField({ extra }: { extra?: string }) {
  const { t } = useTranslation();
  const rules = useDisplayNameRules();
  return (
    <Form.Item name="display_name" label={t('auth.displayName')} extra={extra} rules={rules}>
      <Input autoComplete="name" maxLength={50} />
    </Form.Item>
  );
}

/** Required while there is no username: the API names the account by it then (`phone_required`). */
export function PhoneField() {
  const { t } = useTranslation();
  const format = usePhoneRule();
  return (
    <Form.Item
      name="phone"
      label={t('auth.mobile')}
      extra={t('signUp.phoneHint')}
      dependencies={['username']}
      rules={[({ getFieldValue }) => ({ required: !String(getFieldValue('username') ?? '').trim(), whitespace: true, message: t('required.phone') }), format]}
    >
      <Input autoComplete="tel" inputMode="tel" />
    </Form.Item>
  );
}

export function UsernameField() {
  const { t } = useTranslation();
  const rules = useUsernameRules({ optional: true });
  return (
    <Form.Item name="username" label={t('signUp.usernameOptional')} extra={t('signUp.usernameHint')} rules={rules}>
      <Input autoComplete="username" maxLength={32} />
    </Form.Item>
  );
}

/**
 * What an account types under 手机号或用户名: its phone number when the account is named by
 * it, else its username, and then also its mobile number if it has one.
 */
export function signInNames(user: Pick<Schemas['User'], 'username' | 'phone'>): { byPhone: boolean; mobile: string | null } {
  const byPhone = !!user.phone && user.username === user.phone;
  const mobile = !byPhone && user.phone && /^1\d{10}$/.test(user.phone) ? user.phone : null;
  return { byPhone, mobile };
}

/**
 * The API's 409 `duplicate` on a new resident's account: this name already has an account on
 * this number (a sign-up sent twice, or opened at the desk before). Said on the phone field,
 * in words that lead to signing in; `false` for any other error.
 */
export function accountExists(form: FormInstance, e: unknown, text: string): boolean {
  if (!(e instanceof ApiError && e.status === 409 && e.code === 'duplicate')) return false;
  form.setFields([{ name: 'phone', errors: [text] }]);
  return true;
}
