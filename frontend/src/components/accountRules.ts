// An account's fields are checked on the form by the rules the API parses them with
// (domain `Username`, `Password`, `DisplayName`, `Phone`), so a mistake is said on its field
// before anything is sent; an empty required field says what to fill in.
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

/** After trimming; the API folds the case. */
const USERNAME = /^[a-z0-9][a-z0-9_.-]*$/i;

/** `13812341234`; `010-12345678`, `0571-1234567` or `037112345678`; either then `-801`. */
export const PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8}(?:-\d{1,6})?|0\d{9,11}(?:-\d{1,6})?)$/;

const trim = (value?: string) => value?.trim();

export function useUsernameRules(): FormRule[] {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: t('required.username') },
    { min: 3, max: 32, transform: trim, message: t('errors.username_length') },
    { pattern: USERNAME, transform: trim, message: t('errors.username_charset') },
  ];
}

/** A new password; the API's other checks (common, too simple) come back on the field. */
export function usePasswordRules(): FormRule[] {
  const { t } = useTranslation();
  return [
    { required: true, message: t('required.password') },
    { min: 10, message: t('errors.password_too_short') },
    { max: 128, message: t('errors.password_too_long') },
  ];
}

export function useDisplayNameRules(): FormRule[] {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: t('required.displayName') },
    { max: 50, transform: trim, message: t('errors.display_name_length') },
  ];
}

/** An optional phone: blank is no phone, as the API takes it. */
export function usePhoneRule(): FormRule {
  const { t } = useTranslation();
  return { pattern: PHONE, transform: trim, message: t('errors.phone_format') };
}
