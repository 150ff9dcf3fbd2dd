// An account's fields are checked on the form by the rules the API parses them with
// (domain `Username`, `Password`, `DisplayName`, `Phone`), so a mistake is said on its field
// before anything is sent; an empty required field says what to fill in.
import type { FormInstance, FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

/** After trimming; the API folds the case. */
const USERNAME = /^[a-z0-9][a-z0-9_.-]*$/i;

/** `13812341234`; `010-12345678`, `0571-1234567` or `037112345678`; either then `-801`. */
export const PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8}(?:-\d{1,6})?|0\d{9,11}(?:-\d{1,6})?)$/;

const trim = (value?: string) => value?.trim();

/** A name typed where a username goes (孙桂兰) is told where it belongs. */
const HAN = /\p{Script=Han}/u;

/** `optional`: a sign-up's, which the phone number stands in for when left blank. One
 * message at a time: the first rule broken. */
export function useUsernameRules({ optional = false } = {}): FormRule[] {
  const { t } = useTranslation();
  const broken = (name: string): string | null => {
    if (optional && HAN.test(name)) return t('signUp.usernameHan');
    if (name.length < 3 || name.length > 32) return t('errors.username_length');
    return USERNAME.test(name) ? null : t('errors.username_charset');
  };
  return [
    { required: !optional, whitespace: true, message: t('required.username') },
    {
      validator: (_, value?: string) => {
        const message = value?.trim() ? broken(value.trim()) : null;
        return message ? Promise.reject(new Error(message)) : Promise.resolve();
      },
    },
  ];
}

const PASSWORD_MIN_CHARS = 10;
const PASSWORD_MAX_CHARS = 128;
const PASSWORD_MIN_DISTINCT = 5;

/** The rules of domain `Password::parse`, in the order a checklist shows them. */
export const PASSWORD_RULES = ['length', 'distinct', 'name', 'common'] as const;
type PasswordRule = (typeof PASSWORD_RULES)[number];

/**
 * Whether `password` keeps each rule, counted as the API counts (characters, not UTF-16
 * units; the username folded to lower case). `name` is the account's login name: its
 * username, or for a sign-up without one the phone number that becomes it. `common` is
 * left to the API (`undefined`): its list is the server's.
 */
export function passwordChecks(password: string, name: string) {
  const chars = [...password];
  const login = name.trim().toLowerCase();
  return {
    length: chars.length >= PASSWORD_MIN_CHARS && chars.length <= PASSWORD_MAX_CHARS,
    distinct: new Set(chars).size >= PASSWORD_MIN_DISTINCT,
    name: !login || !password.toLowerCase().includes(login),
    common: undefined,
  } satisfies Record<PasswordRule, boolean | undefined>;
}

/**
 * A new password, refused on the form for what can be told here, one rule at a time (the
 * checklist beside it shows them all); the API's list of common passwords answers on the
 * field (`password_common`). `nameOf` reads the login name the password must not contain
 * from the form (or gives a known one); `optional`: blank keeps the password there is.
 */
export function usePasswordRules(
  nameOf: (form: Pick<FormInstance, 'getFieldValue'>) => string = () => '',
  { optional = false } = {},
): FormRule[] {
  const { t } = useTranslation();
  const broken = (value: string, name: string): string | null => {
    const chars = [...value].length;
    if (chars < PASSWORD_MIN_CHARS) return 'password_too_short';
    if (chars > PASSWORD_MAX_CHARS) return 'password_too_long';
    const checks = passwordChecks(value, name);
    if (!checks.distinct) return 'password_too_simple';
    return checks.name ? null : 'password_contains_username';
  };
  return [
    { required: !optional, message: t('required.password') },
    (form) => ({
      validator: (_, value?: string) => {
        const code = value ? broken(value, nameOf(form)) : null;
        return code ? Promise.reject(new Error(t(`errors.${code}`))) : Promise.resolve();
      },
    }),
  ];
}

export function useDisplayNameRules(): FormRule[] {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: t('required.displayName') },
    { max: 50, transform: trim, message: t('errors.display_name_length') },
  ];
}

/** A mobile number as people write it (`138 1234 1234`, `138-1234-1234`) as the API keeps
 * it, eleven digits; anything else only trimmed. */
export function compactPhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : raw.trim();
}

/** An optional phone: blank is no phone, as the API takes it. */
export function usePhoneRule(): FormRule {
  const { t } = useTranslation();
  return { pattern: PHONE, transform: (value?: string) => value && compactPhone(value), message: t('errors.phone_format') };
}
