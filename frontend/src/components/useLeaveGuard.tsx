// A form with unsent work warns before it is left: a move to another screen (a link, the back
// button) asks first, in the app's own dialog (react-router's `useBlocker`); closing or
// reloading the tab gets the browser's own question (`beforeunload`). A move within the same
// screen (its own history entry replaced, a query changed) is never held up.
import { Modal } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/** Holds a move away while `dirty`; returns the dialog to render (nothing unless asked). */
export function useLeaveGuard(dirty: boolean): ReactNode {
  const { t } = useTranslation();
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
    <Modal
      open={blocker.state === 'blocked'}
      title={t('leaveGuard.title')}
      okText={t('leaveGuard.leave')}
      okButtonProps={{ danger: true }}
      cancelText={t('leaveGuard.stay')}
      onOk={() => blocker.proceed?.()}
      onCancel={() => blocker.reset?.()}
    >
      {t('leaveGuard.body')}
    </Modal>
  );
}
