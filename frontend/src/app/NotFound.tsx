// An address the app does not know: said in words, with the way home (the reader's own start
// page: `/` leads each reader there) and to the public board.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="not-found stack" aria-labelledby="not-found-heading">
      <p className="not-found-code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-heading">{t('phone.notFound')}</h1>
      <p className="secondary">{t('phone.notFoundText')}</p>
      <div className="not-found-links">
        <Link to="/" className="btn btn-primary btn-large">
          {t('phone.goHome')}
        </Link>
        <Link to="/board" className="btn btn-large">
          {t('nav.board')}
        </Link>
      </div>
    </section>
  );
}
