// The demands a project answers, by title, on the project page and on its public page. Their
// titles are read from the public demand record (`GET /public/demands/{id}`), which every
// reader may read: a project's demands are accepted (or resolved, or published again once it
// is cancelled), all public states, whereas the signed-in record (`GET /demands/{id}`) is
// refused to co-builders, supervisors and property companies. No placeholder name is ever
// shown: a demand the public may not read is counted, not linked. Plain HTML (styles.css):
// the public board draws it.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorAlert } from '../../components/errors';
import { usePublicDemands } from './api';

export function AnsweredDemands({ ids, linkTo }: { ids: string[]; linkTo: (id: string) => string }) {
  const { t } = useTranslation();
  const demands = usePublicDemands(ids);
  if (ids.length === 0) return null;
  if (demands.isLoading) return <p className="secondary">{t('common.loading')}</p>;
  if (!demands.data) return <ErrorAlert error={demands.error} />;
  const titles = new Map(demands.data.found.map((d) => [d.id, d.title]));
  const hidden = demands.data.missing.length;
  return (
    <>
      <ul className="plain-list">
        {ids
          .filter((id) => titles.has(id))
          .map((id) => (
            <li key={id}>
              <Link to={linkTo(id)}>{titles.get(id)}</Link>
            </li>
          ))}
      </ul>
      {hidden > 0 && <p className="secondary">{t('projectPage.demandsNotPublic', { n: hidden })}</p>}
    </>
  );
}
