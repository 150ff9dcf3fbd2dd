// A dialog's typed input is not lost unasked: its ×, Escape and 取消 ask first once something
// was typed, and close at once when nothing was.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form, Input } from 'antd';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { zhCN } from '../i18n/zh-CN';
import { DialogCancelButton, GuardedModal } from './useLeaveGuard';

function Dialog({ onClose }: { onClose: () => void }) {
  const [open, setOpen] = useState(true);
  const close = () => {
    setOpen(false);
    onClose();
  };
  return (
    <GuardedModal open={open} title="取消活动" onCancel={close} footer={null}>
      <Form name="reason">
        <Form.Item name="reason" label="原因">
          <Input.TextArea />
        </Form.Item>
      </Form>
      <DialogCancelButton onClick={close} />
    </GuardedModal>
  );
}

// antd gives every dialog's title the same id under test, so dialogs are told apart by their text.
const question = () => screen.queryAllByRole('dialog').find((d) => d.textContent?.startsWith(zhCN.leaveGuard.closeTitle));
const asked = () => waitFor(() => question() ?? Promise.reject(new Error('not asked')));
const cancelButton = (dialog: HTMLElement) => within(dialog).getByRole('button', { name: /^取 ?消$/ });

describe('GuardedModal', { timeout: 30_000 }, () => {
  it('closes at once when nothing was typed', async () => {
    const onClose = vi.fn();
    render(<Dialog onClose={onClose} />);
    await userEvent.click(cancelButton(await screen.findByRole('dialog')));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(question()).toBeUndefined();
  });

  it('asks before Escape, × or 取消 throws typed words away, and keeps them to go on writing', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<Dialog onClose={onClose} />);
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('原因'), '下雨');

    await user.keyboard('{Escape}');
    expect(await asked()).toBeTruthy();
    await user.click(screen.getByRole('button', { name: zhCN.leaveGuard.stay }));
    await waitFor(() => expect(question()).toBeUndefined());
    expect((within(dialog).getByLabelText('原因') as HTMLTextAreaElement).value).toBe('下雨');

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(await asked()).toBeTruthy();
    await user.click(screen.getByRole('button', { name: zhCN.leaveGuard.stay }));
    await waitFor(() => expect(question()).toBeUndefined());
    expect(onClose).not.toHaveBeenCalled();

    await user.click(cancelButton(dialog));
    const closing = await asked();
    expect(closing.textContent).toContain(zhCN.leaveGuard.closeBody);
    await user.click(within(closing).getByRole('button', { name: new RegExp(`^${[...zhCN.leaveGuard.close].join(' ?')}$`) }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
