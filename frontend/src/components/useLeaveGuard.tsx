// A form with unsent work warns before it is left: a move to another screen (a link, the back
// button) asks first, in the app's own dialog (react-router's `useBlocker`); closing or
// reloading the tab gets the browser's own question (`beforeunload`). A move within the same
// screen (its own history entry replaced, a query changed) is never held up. A form in a
// dialog (GuardedModal) asks the same before the dialog closes.
import { Button, Form, Modal, type ButtonProps, type ModalProps } from 'antd';
import type { FormProviderProps } from 'antd/es/form/context';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/** What is lost by leaving, and the answer that stays, where it is not unsent writing (the
 * first passwords of an import, not yet downloaded). */
export interface LeaveWords {
  body: string;
  stay: string;
}

/** The question both guards ask: leave (losing what was written), or stay and go on writing. */
function LeaveQuestion({ open, dialog, words, onLeave, onStay }: { open: boolean; dialog: boolean; words?: LeaveWords; onLeave: () => void; onStay: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={dialog ? t('leaveGuard.closeTitle') : t('leaveGuard.title')}
      okText={dialog ? t('leaveGuard.close') : t('leaveGuard.leave')}
      okButtonProps={{ danger: true }}
      cancelText={words?.stay ?? t('leaveGuard.stay')}
      onOk={onLeave}
      onCancel={onStay}
    >
      {words?.body ?? (dialog ? t('leaveGuard.closeBody') : t('leaveGuard.body'))}
    </Modal>
  );
}

/** Holds a move away while `dirty`; returns the dialog to render (nothing unless asked). */
export function useLeaveGuard(dirty: boolean, words?: LeaveWords): ReactNode {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when a value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Nothing left to lose (sent, or emptied) while the question was open: go on.
  useEffect(() => {
    if (blocker.state === 'blocked' && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return (
    <LeaveQuestion open={blocker.state === 'blocked'} dialog={false} words={words} onLeave={() => blocker.proceed?.()} onStay={() => blocker.reset?.()} />
  );
}

const DialogClose = createContext<(() => void) | null>(null);

/**
 * antd's Modal around forms, closed without losing what was typed unasked: once a field of a
 * form in it was changed by hand, its ×, Escape, a tap beside it, the footer's 取消 and any
 * DialogCancelButton ask first. A save closes it through the caller's own state, unasked.
 */
export function GuardedModal({ open = true, onCancel, children, ...props }: Omit<ModalProps, 'onCancel'> & { onCancel: () => void }) {
  const typed = useRef(false);
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!open) typed.current = false;
  }, [open]);
  const close = () => (typed.current ? setAsking(true) : onCancel());
  // A field is `touched` by the reader's input only, never by the form's own setFieldValue.
  const watch: FormProviderProps['onFormChange'] = (_, { changedFields }) => {
    if (changedFields.some((field) => field.touched)) typed.current = true;
  };
  return (
    <Modal {...props} open={open} onCancel={close}>
      <DialogClose.Provider value={close}>
        <Form.Provider onFormChange={watch}>{children}</Form.Provider>
      </DialogClose.Provider>
      <LeaveQuestion
        open={asking}
        dialog
        onLeave={() => {
          setAsking(false);
          typed.current = false;
          onCancel();
        }}
        onStay={() => setAsking(false)}
      />
    </Modal>
  );
}

/** A form's 取消 inside a dialog: the GuardedModal's close, which asks first; `onClick` elsewhere. */
export function DialogCancelButton({ onClick, children, ...props }: Omit<ButtonProps, 'onClick'> & { onClick: () => void }) {
  const { t } = useTranslation();
  const close = useContext(DialogClose) ?? onClick;
  return (
    <Button {...props} onClick={close}>
      {children ?? t('common.cancel')}
    </Button>
  );
}
