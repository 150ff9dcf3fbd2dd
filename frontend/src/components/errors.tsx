// Every API error is said in the reader's language, and a field's error is shown on the
// field it concerns.
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';

/** The translated text for an error, falling back to the server's own words. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      return t(`errors.${error.code}`, { defaultValue: error.problem.detail });
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/**
 * Puts a 422's field errors on the form's fields (by API field name, or through `names`
 * when the form names a field differently). Returns true when any field got an error.
 */
export function useApplyFieldErrors() {
  const { t } = useTranslation();
  return (form: FormInstance, error: unknown, names: Record<string, string> = {}): boolean => {
    if (!(error instanceof ApiError) || !error.problem.errors) return false;
    const codes = error.problem.error_codes ?? {};
    const known = new Set(Object.keys(form.getFieldsValue(true)));
    const fields = Object.entries(error.problem.errors)
      .map(([field, messages]) => ({
        name: names[field] ?? field,
        errors: messages.map((m, i) => t(`errors.${codes[field]?.[i] ?? ''}`, { defaultValue: m })),
      }))
      .filter((f) => known.has(f.name));
    form.setFields(fields);
    return fields.length > 0;
  };
}

/** An error in a box of antd's error colours; plain HTML, so the public board can say it. */
export function ErrorAlert({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {text(error)}
    </div>
  );
}
