// 长辈模式's home of a resident (/home): three large actions (提交需求 · 我的需求 · 公示栏) and,
// under them, only what waits for the resident, from the counts its home already reads (the
// workbench's): a finished job to rate (`ratings_to_give`) and an answer to read
// (`notifications_unread`), each a large card leading where it is done. Nothing else.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useAuth } from '../../auth/AuthProvider';
import { NotificationIcon, PlusCircleIcon, ProfileIcon } from '../../components/icons';
import { useWorkbench, type WorkCount } from './api';
import { countText, workTarget } from './items';

/** What a resident's elder home offers to act on, from its workbench counts, in this order. */
export const ELDER_NEEDS = ['ratings_to_give', 'notifications_unread'] as const;

/** The counts among `items` that wait for the resident (above zero), in ELDER_NEEDS' order. */
export function elderNeeds(items: readonly WorkCount[]): WorkCount[] {
  return ELDER_NEEDS.flatMap((kind) => items.filter((i) => i.item === kind && i.count > 0));
}

const NEED_TEXT = {
  ratings_to_give: ['elder.ratings', 'elder.ratingsHint'],
  notifications_unread: ['elder.replies', 'elder.repliesHint'],
} as const;

export function ElderHomePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const work = useWorkbench(user?.id);
  const needs = elderNeeds(work.data ?? []);
  const actions = [
    { to: '/demands/new', label: t('nav.newDemand'), hint: t('elder.newDemandHint'), icon: <PlusCircleIcon />, primary: true },
    { to: '/my/demands', label: t('nav.myDemands'), hint: t('elder.myDemandsHint'), icon: <ProfileIcon /> },
    { to: '/board', label: t('nav.board'), hint: t('elder.boardHint'), icon: <NotificationIcon /> },
  ];
  return (
    <div className="elder-home stack">
      <h1 className="page-title">{user ? t('elder.greeting', { name: user.display_name }) : t('elder.home')}</h1>
      <section aria-labelledby="elder-actions" className="stack">
        <h2 id="elder-actions" className="section-heading">
          {t('elder.actions')}
        </h2>
        <ul className="elder-actions">
          {actions.map((action) => (
            <li key={action.to}>
              <Link to={action.to} className={action.primary ? 'elder-action primary' : 'elder-action'}>
                <span className="elder-action-icon">{action.icon}</span>
                <span className="elder-action-text">
                  <span className="elder-action-label">{action.label}</span>
                  <span className="elder-action-hint">{action.hint}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="elder-needs" className="stack" aria-busy={work.isLoading}>
        <h2 id="elder-needs" className="section-heading">
          {t('elder.needs')}
        </h2>
        {!work.isLoading &&
          (needs.length === 0 ? (
            <p className="secondary">{t('elder.nothing')}</p>
          ) : (
            <ul className="elder-actions">
              {needs.map((need) => {
                const [label, hint] = NEED_TEXT[need.item as keyof typeof NEED_TEXT];
                return (
                  <li key={need.item}>
                    <Link to={workTarget(need.item)} className="elder-action need">
                      <span className="elder-need-count">{countText(need)}</span>
                      <span className="elder-action-text">
                        <span className="elder-action-label">{t(label, { n: need.count })}</span>
                        <span className="elder-action-hint">{t(hint)}</span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          ))}
      </section>
    </div>
  );
}
