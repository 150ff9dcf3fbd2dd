// 长辈模式's home of a resident: three large actions, then only what waits for it (a rating
// to give, a reply to read), from the workbench's counts.
import { screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi, testUser } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { ElderHomePage, elderNeeds } from './ElderHomePage';

vi.mock('../../auth/AuthProvider', () => ({
  AuthProvider: ({ children }: { children: ReactNode }) => children,
  useAuth: () => ({ user: testUser() }),
}));

afterEach(() => vi.unstubAllGlobals());

type WorkCount = Schemas['WorkCount'];

const open = () => renderRoute('/home', '/home', <ElderHomePage />);

describe('ElderHomePage', { timeout: 30_000 }, () => {
  it('offers the three actions and what waits: a rating to give, replies to read', async () => {
    const items: WorkCount[] = [
      { item: 'my_demands_open', count: 2, at_least: false },
      { item: 'notifications_unread', count: 3, at_least: false },
      { item: 'ratings_to_give', count: 1, at_least: false },
    ];
    stubApi({ 'GET /api/v1/me/workbench': () => json({ items }) });
    open();
    expect(screen.getByRole('heading', { level: 1, name: '您好，张伟' })).toBeTruthy();
    const actions = within(screen.getByRole('region', { name: zhCN.elder.actions })).getAllByRole('link');
    expect(actions.map((a) => a.getAttribute('href'))).toEqual(['/demands/new', '/my/demands', '/board']);
    expect(actions.map((a) => a.querySelector('.elder-action-label')?.textContent)).toEqual(['提交需求', '我的需求', '公示栏']);

    const needs = within(screen.getByRole('region', { name: zhCN.elder.needs }));
    const links = await needs.findAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/my/demands', '/notifications?unread=1']);
    expect(needs.getByText('有 1 件办好的事请您打分')).toBeTruthy();
    expect(needs.getByText('有 3 条新消息')).toBeTruthy();
  });

  it('says so when nothing waits', async () => {
    stubApi({ 'GET /api/v1/me/workbench': () => json({ items: [{ item: 'ratings_to_give', count: 0, at_least: false }] }) });
    open();
    expect(await screen.findByText(zhCN.elder.nothing)).toBeTruthy();
  });

  it('takes from the counts only ratings and replies above zero, ratings first', () => {
    const needs = elderNeeds([
      { item: 'notifications_unread', count: 1, at_least: false },
      { item: 'my_demands_open', count: 5, at_least: false },
      { item: 'ratings_to_give', count: 0, at_least: false },
    ]);
    expect(needs.map((n) => n.item)).toEqual(['notifications_unread']);
  });
});
