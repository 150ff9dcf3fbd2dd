// What the administration forms share: a modal that holds one form, and a save that puts
// every refusal where the reader will see it (on the field, or in an alert above the buttons).
import { Button, Flex, type FormInstance, type FormRule } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../../api/client';
import { keyHeaders, lockedWhile, useSubmission, type KeyHeaders } from '../../api/submission';
import { useApplyFieldErrors } from '../../components/errors';
import { DialogCancelButton, GuardedModal } from '../../components/useLeaveGuard';

/** A 409 that concerns one field rather than the record (the API sends no `errors` then). */
const CONFLICT_FIELDS: Record<string, string> = { username_taken: 'username', name_taken: 'name' };

interface SubmitOptions {
  /** API field name → form field name, where they differ. */
  names?: Record<string, string>;
  /** Someone else saved first (409 stale_version): reload the record. */
  onStale?: () => void;
}

/**
 * A form's save, one at a time (a second tap while it is on its way does nothing), given the
 * `Idempotency-Key` headers of this submission for a creating request (api/submission.ts).
 */
export function useFormSubmit<V>(
  form: FormInstance<V>,
  save: (values: V, headers: KeyHeaders) => Promise<unknown>,
  options: SubmitOptions = {},
) {
  const { t } = useTranslation();
  const applyFieldErrors = useApplyFieldErrors();
  const submission = useSubmission();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: V) => {
    const sent = submission.run(values, (key) => save(values, keyHeaders(key)));
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      await sent;
    } catch (e) {
      const field = e instanceof ApiError ? CONFLICT_FIELDS[e.code] : undefined;
      if (e instanceof ApiError && field && field in (form.getFieldsValue(true) as object)) {
        form.setFields([{ name: field as never, errors: [t(`errors.${e.code}`, { defaultValue: e.problem.detail })] }]);
      } else if (!applyFieldErrors(form, e, options.names)) {
        setError(e);
        if (e instanceof ApiError && e.code === 'stale_version') options.onStale?.();
      }
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

/** A unit's or organisation's name, as the API takes it: up to 100 characters that show something. */
export function useNameRules(): FormRule[] {
  const { t } = useTranslation();
  return [
    { required: true, whitespace: true, message: t('required.name') },
    { max: 100, message: t('errors.name_length') },
  ];
}

/** A modal holding one form; closing it throws the form away. */
export function FormModal({ open, title, onClose, children }: { open: boolean; title: ReactNode; onClose: () => void; children: ReactNode }) {
  return (
    <GuardedModal open={open} title={title} onCancel={onClose} footer={null} destroyOnHidden>
      {children}
    </GuardedModal>
  );
}

/** Cancel and save, below a form's alert. */
export function FormButtons({ busy, onCancel, submitLabel }: { busy: boolean; onCancel: () => void; submitLabel?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
      <DialogCancelButton onClick={onCancel} />
      <Button type="primary" htmlType="submit" {...lockedWhile(busy)}>
        {submitLabel ?? t('common.save')}
      </Button>
    </Flex>
  );
}
