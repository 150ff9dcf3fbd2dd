import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Schemas } from '../../api/client';
import { json, renderRoute, stubApi } from '../../components/testing';
import { zhCN } from '../../i18n/zh-CN';
import { PublicResourcesPage } from './PublicResourcesPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const UNIT = '0190a000-0000-7000-8000-0000000000a2';
const ORG = '0190a000-0000-7000-8000-0000000000a1';

const LAMPS: Schemas['PublicResource'] = {
  id: '0190a000-0000-7000-8000-0000000000e1',
  organization_id: ORG,
  organization_name: '二七区住建局',
  kind: 'materials',
  title: 'LED声控楼道灯',
  description: '',
  quantity: 200,
  measure: '盏',
  allocated: 60,
  remaining: 140,
  available_until: null,
  unit_id: UNIT,
  state: 'available',
};

describe('PublicResourcesPage', { timeout: 30_000 }, () => {
  it('lists the public resources with who offers them, filtered by the URL', async () => {
    const calls = stubApi({
      'GET /api/v1/public/resources': () => json({ items: [LAMPS], next_cursor: null }),
      [`GET /api/v1/org-units/${UNIT}`]: () => json({ id: UNIT, name: '二七区', kind: 'district', created_at: '', updated_at: '', version: 1 }),
    });
    const user = userEvent.setup({ delay: null });
    renderRoute('/public/resources?kind=materials', '/public/resources', <PublicResourcesPage />);

    const card = await screen.findByLabelText('LED声控楼道灯');
    expect(card.textContent).toContain('剩余：140 盏');
    expect(card.textContent).toContain('二七区住建局');
    expect(card.textContent).toContain(`${zhCN.resource.availableUntil}：${zhCN.resource.noExpiry}`);
    expect(calls[0].query.get('kind')).toBe('materials');

    await user.selectOptions(screen.getByLabelText(zhCN.resourceList.availability), zhCN.resourceList.availableOnly);
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/public/resources').at(-1)?.query.get('available')).toBe('true'));
  });
});
