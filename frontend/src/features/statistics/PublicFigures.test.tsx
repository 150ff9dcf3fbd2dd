import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { PublicFigures } from './PublicFigures';
import { figures, HUAIHE, overview, rate } from './testing';

afterEach(() => {
  vi.unstubAllGlobals();
});

const STREET = overview({
  unit_id: HUAIHE,
  name: '淮河路街道',
  kind: 'street',
  children: [],
  figures: figures({
    response_rate: rate(0, 0),
    answered_rate: rate(0, 0),
    demands_overdue: 0,
    satisfaction_rate: rate(0, 0),
    money: { gov_funds_fen: 0, social_funds_fen: 0, leverage: null },
  }),
});

function open() {
  const calls = stubApi({
    'GET /api/v1/public/stats': (call) => json(call.query.get('unit_id') === HUAIHE ? STREET : overview()),
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PublicFigures />
    </QueryClientProvider>,
  );
  return calls;
}

const figure = (name: string) => screen.getByRole('article', { name });
const texts = (name: string) => [...figure(name).querySelectorAll('p:not([hidden])')].map((p) => p.textContent);

describe('PublicFigures', { timeout: 30_000 }, () => {
  it('shows the district’s four figures, each with what it divides', async () => {
    const calls = open();
    expect(await screen.findByText('二七区 · 2025-08 至 2026-07')).toBeTruthy();
    expect(calls[0].query.get('unit_id')).toBeNull();

    // 15 decided or overdue, 1 of them overdue: 14 answered.
    expect(texts('已回应')).toEqual(['14 件', '14 / 15 件 · 93.3%']);
    expect(texts('按时回应率')).toEqual(['80%', '12 / 15 件按时']);
    expect(texts('满意率')).toEqual(['80%', '8 / 10 条评价']);
    // ¥1,200,000 of social money to ¥900,000 of the government's.
    expect(texts('社会资金撬动')).toEqual(['120 万元', '政府投入 90 万元 · 撬动 ×1.33']);
  });

  it('explains a figure on a tap of its "?"', async () => {
    open();
    await screen.findByText('14 件');
    const user = userEvent.setup({ delay: null });
    const why = within(figure('按时回应率')).getByRole('button', { name: '按时回应率是怎么算的' });
    expect(why.getAttribute('aria-expanded')).toBe('false');
    const hint = document.getElementById(why.getAttribute('aria-controls') ?? '');
    expect(hint?.textContent).toBe(zhCN.publicFigures.responseHint);
    expect(hint?.hidden).toBe(true);
    await user.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(hint?.hidden).toBe(false);
    await user.click(why);
    expect(hint?.hidden).toBe(true);
    // A hover says it too.
    expect(figure('满意率').getAttribute('title')).toBe(zhCN.publicFigures.satisfactionHint);
  });

  it('switches to a street picked from the district’s, and says 暂无 for a rate with nothing counted', async () => {
    const calls = open();
    const user = userEvent.setup({ delay: null });
    const picker = screen.getByLabelText(zhCN.publicFigures.unit);
    await screen.findByRole('option', { name: '淮河路街道' });
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['二七区（全区）', '淮河路街道', '京广路街道']);

    await user.selectOptions(picker, '淮河路街道');
    expect(await screen.findByText('淮河路街道 · 2025-08 至 2026-07')).toBeTruthy();
    await waitFor(() => expect(calls.at(-1)?.query.get('unit_id')).toBe(HUAIHE));
    expect(texts('按时回应率')).toEqual(['暂无', '0 / 0 件按时']);
    expect(texts('满意率')).toEqual(['暂无', '0 / 0 条评价']);
    expect(texts('已回应')).toEqual(['0 件', '0 / 0 件 · 暂无']);
    expect(texts('社会资金撬动')).toEqual(['0 万元', '政府投入 0 万元 · 撬动 暂无']);
    // The picker still offers the district's streets.
    expect(within(picker).getAllByRole('option')).toHaveLength(3);
  });
});
