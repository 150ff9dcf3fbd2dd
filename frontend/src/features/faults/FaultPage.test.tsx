// One fault: the property company answers it (the answer must say something) or closes it,
// only where `allowed_actions` says so; the resident reads the answer; a fault that became a
// coordination case leads there.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, problem, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { FaultPage } from './FaultPage';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: null }),
}));

afterEach(() => vi.unstubAllGlobals());

const ID = '0190a000-0000-7000-8000-0000000000f1';
const CASE = '0190a000-0000-7000-8000-0000000000c9';

function faultFixture(over: Partial<Schemas['Fault']> = {}): Schemas['Fault'] {
  return {
    id: ID,
    project_id: '0190a000-0000-7000-8000-0000000000b7',
    project_title: '兴华南街楼道照明改造',
    unit_id: '0190a000-0000-7000-8000-0000000000u2',
    unit_name: '亚新小区',
    maintainer_org_id: '0190a000-0000-7000-8000-0000000000o2',
    maintainer_name: '亚新红色物业服务中心',
    title: '3号楼二层声控灯不亮',
    description: '晚上跺脚也不亮，已经三天了。',
    state: 'open',
    reply: null,
    mine: false,
    case_id: null,
    due_at: '2026-12-13T02:00:00Z',
    created_at: '2026-12-06T02:00:00Z',
    updated_at: '2026-12-06T02:00:00Z',
    version: 1,
    allowed_actions: ['answer', 'close'],
    ...over,
  };
}

/** A button's accessible name: antd spaces out two-character Chinese labels (答 复). */
const named = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);
const open = () => renderRoute(`/faults/${ID}`, '/faults/:id', <FaultPage />);

describe('FaultPage', { timeout: 30_000 }, () => {
  it('lets the property company answer, only with something to say, at the version read', async () => {
    let current = faultFixture();
    const calls = stubApi({
      [`GET /api/v1/faults/${ID}`]: () => json(current),
      [`POST /api/v1/faults/${ID}/transitions`]: (call) => {
        const body = call.body as Schemas['FaultTransitionBody'];
        current = faultFixture({ state: 'answered', reply: body.note, version: 2, allowed_actions: ['answer', 'close'] });
        return json(current);
      },
    });
    const user = userEvent.setup({ delay: null });
    open();
    await screen.findByRole('heading', { name: '3号楼二层声控灯不亮' });
    expect(screen.getByText(zhCN.faultPage.noReply)).toBeTruthy();
    expect(screen.getByRole('link', { name: '兴华南街楼道照明改造' }).getAttribute('href')).toBe('/projects/0190a000-0000-7000-8000-0000000000b7');

    await user.click(screen.getByRole('button', { name: named(zhCN.faultActions.answer) }));
    expect(await screen.findByText(zhCN.faultPage.answerRequired)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText(zhCN.faultPage.answerLabel), '已登记，周四上午上门更换');
    await user.click(screen.getByRole('button', { name: named(zhCN.faultActions.answer) }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'answer', version: 1, note: '已登记，周四上午上门更换' }),
    );
    expect(calls.find((c) => c.method === 'POST')?.headers.get('Idempotency-Key')).toBeTruthy();
    const reply = (await screen.findByRole('heading', { name: zhCN.fault.reply })).closest('.ant-card') as HTMLElement;
    await waitFor(() => expect(reply.textContent).toContain('已登记，周四上午上门更换'));
    const title = screen.getByRole('heading', { name: '3号楼二层声控灯不亮' }).parentElement as HTMLElement;
    expect(within(title).getByText(zhCN.faultStates.answered)).toBeTruthy();
  });

  it('closes with an optional note, and says a refusal in Chinese', async () => {
    const calls = stubApi({
      [`GET /api/v1/faults/${ID}`]: () => json(faultFixture()),
      [`POST /api/v1/faults/${ID}/transitions`]: () => problem(403, 'forbidden_property', 'only the maintaining property company answers a fault'),
    });
    const user = userEvent.setup({ delay: null });
    open();
    await user.click(await screen.findByRole('button', { name: zhCN.faultActions.close }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: zhCN.faultActions.close }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(zhCN.errors.forbidden_property);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'close', version: 1, note: null });
  });

  it('shows the resident who reported it the answer and no steps', async () => {
    stubApi({ [`GET /api/v1/faults/${ID}`]: () => json(faultFixture({ state: 'answered', reply: '已登记，周四上午上门更换', mine: true, allowed_actions: [] })) });
    open();
    expect(await screen.findByText('已登记，周四上午上门更换')).toBeTruthy();
    expect(screen.getByText(zhCN.faultList.mine)).toBeTruthy();
    expect(screen.queryByLabelText(zhCN.faultPage.answerLabel)).toBeNull();
    expect(screen.queryByRole('region', { name: zhCN.faultPage.actionsLabel })).toBeNull();
    expect(screen.getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['返回']);
  });

  it('leads a fault that became a coordination case to the case', async () => {
    stubApi({ [`GET /api/v1/faults/${ID}`]: () => json(faultFixture({ state: 'escalated', case_id: CASE, allowed_actions: ['close'] })) });
    open();
    expect(await screen.findByText(zhCN.faultPage.escalated)).toBeTruthy();
    const links = screen.getAllByRole('link', { name: zhCN.faultPage.openCase });
    expect(links.map((l) => l.getAttribute('href'))).toEqual([`/cases/${CASE}`, `/cases/${CASE}`]);
    expect(screen.queryByLabelText(zhCN.faultPage.answerLabel)).toBeNull();
  });
});
