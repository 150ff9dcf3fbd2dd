// The hand-over picker's order: a project's own compound's property company first (the walk
// found other compounds' companies offered first, sorted by id).
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, stubApi } from '../components/testing';
import type { Schemas } from './client';
import { searchOrganizations } from './organizations';

afterEach(() => vi.unstubAllGlobals());

const company = (id: string, name: string, unit_id: string): Schemas['Organization'] => ({
  id,
  name,
  kind: 'property_service',
  unit_id,
  red_property: false,
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-01T02:00:00Z',
  version: 1,
});

describe('searchOrganizations', () => {
  it('offers those at or below the unit it is near first, then the others, each once', async () => {
    const own = company('o2', '亚新物业', 'jinxiang');
    const others = [company('o1', '京广物业', 'jingguang'), own, company('o3', '兴华物业', 'xinghua')];
    const calls = stubApi({
      'GET /api/v1/organizations': (call) =>
        json({ items: call.query.get('unit_id') === 'jinxiang' ? [own] : others, next_cursor: null }),
    });
    const found = await searchOrganizations(['property_service'], '', 'jinxiang');
    expect(found.map((o) => o.name)).toEqual(['亚新物业', '京广物业', '兴华物业']);
    expect(calls.every((c) => c.query.get('kind') === 'property_service')).toBe(true);

    const anywhere = await searchOrganizations(['property_service'], '物业');
    expect(anywhere.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    expect(calls.at(-1)?.query.get('unit_id')).toBeNull();
  });
});
