// The pieces of a case both screens draw: its state as a tag (text and colour), and the three
// parties as a checklist of steps, each confirmed or waiting, said in words and by a mark.
import { CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

import { useOrgUnit } from '../../api/orgUnits';
import { Tag } from '../../components/labels';
import { UnitName } from '../../components/UnitPicker';
import type { CaseState, CoordinationCase, Party } from './api';

/** The order the parties stand in, everywhere. */
export const PARTIES = ['community', 'resident_autonomy', 'property_service'] as const satisfies readonly Party[];
export const CASE_STATES = ['open', 'escalated', 'resolved'] as const satisfies readonly CaseState[];

const STATE_COLOURS: Record<CaseState, string> = { open: 'blue', escalated: 'volcano', resolved: 'green' };

export function CaseStateTag({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  return <Tag colour={STATE_COLOURS[state]}>{t(`caseStates.${state}`)}</Tag>;
}

/** How many of the three have confirmed. */
export const confirmedCount = (c: Pick<CoordinationCase, 'parties'>) => c.parties.filter((p) => p.confirmed).length;

/**
 * 三方确认 as three steps: the party, who speaks for it (the compound's community, its
 * residents' organisation, its property company), and whether it has confirmed; the reader's own parties are marked 您.
 * A party nobody can speak for (the compound has no such organisation) says so.
 */
export function PartyChecklist({ c }: { c: Pick<CoordinationCase, 'parties' | 'my_parties' | 'unit_id'> }) {
  const { t } = useTranslation();
  // The community speaks through its staff: named by the compound's community.
  const community = useOrgUnit(c.unit_id).data?.parent_id;
  const byParty = new Map(c.parties.map((p) => [p.party, p]));
  const n = confirmedCount(c);
  return (
    <section aria-labelledby="case-checklist-heading" className="case-checklist">
      <h3 id="case-checklist-heading" className="card-heading">
        {t('casePage.checklist')} <span className="case-checklist-count">{n}/3</span>
      </h3>
      <p className="sr-only">{t('casePage.checklistCount', { n })}</p>
      <ol>
        {PARTIES.map((party) => {
          const p = byParty.get(party);
          const confirmed = !!p?.confirmed;
          const orphan = party !== 'community' && !p?.organization_id;
          const who = party === 'community' ? <UnitName id={community} /> : p?.organization_name;
          const mine = c.my_parties.includes(party);
          return (
            <li key={party} className={confirmed ? 'confirmed' : undefined}>
              <span className="case-step-mark" aria-hidden="true">
                {confirmed ? <CheckCircleFilled /> : orphan ? <MinusCircleOutlined /> : <ClockCircleOutlined />}
              </span>
              <span className="case-step-text">
                <span className="case-step-party">
                  {t(`caseParties.${party}`)}
                  {mine && <Tag colour="geekblue">{t('casePage.you')}</Tag>}
                </span>
                <span className="case-step-who">{orphan ? t('casePage.noOrganization') : who}</span>
              </span>
              <span className="case-step-state">
                {confirmed ? <Tag colour="green">{t('casePage.confirmed')}</Tag> : <Tag>{t('casePage.waiting')}</Tag>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
