// What both volunteer screens share: the teams a signed-in user serves in (from its grants),
// and a frame for phones first: body text of 16 px and controls at least 44 px high (48 for
// the big 报名 buttons), a thumb's width, inside the app's own antd theme.
import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';

import type { Schemas } from '../../api/client';

export interface Team {
  /** The volunteer team (a `volunteer_org`). */
  organizationId: string;
  /** The team's unit: where its figures are asked for. */
  unitId: string;
}

/** The teams `user` holds `role` in (volunteer or volunteer_leader), each once. */
export function teamsOf(user: Schemas['User'] | null | undefined, role: 'volunteer' | 'volunteer_leader'): Team[] {
  const teams = new Map<string, Team>();
  for (const g of user?.grants ?? []) {
    if (g.role === role && g.organization_id && !teams.has(g.organization_id)) {
      teams.set(g.organization_id, { organizationId: g.organization_id, unitId: g.unit_id });
    }
  }
  return [...teams.values()];
}

const PHONE_FIRST = { token: { fontSize: 16, controlHeight: 44, controlHeightLG: 48 } };

export function VolunteerFrame({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider theme={PHONE_FIRST}>
      <div className="volunteering">{children}</div>
    </ConfigProvider>
  );
}
