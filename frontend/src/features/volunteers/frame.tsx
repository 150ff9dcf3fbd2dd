// What both volunteer screens share: the teams a signed-in user serves in (from its grants),
// and a frame for phones first, on any screen: body text of 16 px and every control a thumb's
// size (antdTheme's phone sizes), inside the app's own antd theme. Like every screen it follows
// the reader's text size (the root's, so 16 px is 1rem) and 长辈模式 (18 px text, 48 px
// controls, stronger colours).
import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';

import type { Schemas } from '../../api/client';
import { antdTheme, rootFontSize } from '../../components/antdTheme';
import { useElderMode } from '../../elder/elder';

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

export function VolunteerFrame({ children }: { children: ReactNode }) {
  const { elder } = useElderMode();
  return (
    <ConfigProvider theme={antdTheme({ root: rootFontSize(), elder, phone: true, text: 16 })}>
      <div className="volunteering">{children}</div>
    </ConfigProvider>
  );
}
