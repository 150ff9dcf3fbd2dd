// The password rules under every field that sets a new password, all of them before the
// first key is typed (one rule revealed per failed try sent people round in circles), each
// ticked as the password keeps it. Whether it is a well-known password only the API says:
// that rule stays unticked, and its refusal comes back on the field.
import { useTranslation } from 'react-i18next';

import { PASSWORD_RULES, passwordChecks } from './accountRules';

export interface PasswordChecklistProps {
  password: string | undefined;
  /** The login name the password must not contain. */
  name: string | undefined;
  /** What the login name is to its holder: the username, or the phone number that stands in for one. */
  nameIs?: 'username' | 'phone';
}

export function PasswordChecklist({ password = '', name = '', nameIs = 'username' }: PasswordChecklistProps) {
  const { t } = useTranslation();
  const checks = passwordChecks(password, name);
  const typed = password.length > 0;
  return (
    <div className="password-rules">
      <span>{t('passwordRules.heading')}</span>
      <ul>
        {PASSWORD_RULES.map((rule) => {
          const met = typed && checks[rule] === true;
          const text = rule === 'name' ? t(`passwordRules.${nameIs}`) : t(`passwordRules.${rule}`);
          return (
            <li key={rule} className={met ? 'met' : undefined} data-rule={rule}>
              <span className="password-rule-mark" aria-hidden="true">
                {met ? '✓' : '○'}
              </span>
              {text}
              {met && <span className="sr-only">{t('passwordRules.met')}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
