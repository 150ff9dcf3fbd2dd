// Screens load on demand, each in its own chunk, so the public board does not wait for the
// admin pages or the demand editor. While a screen's chunk arrives, a small spinner stands
// in its place (the frame around it stays).
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

const RELOADED = 'gongzhi.reloadedFor';

/**
 * A chunk that no longer exists (a deploy replaced it while this tab was open) fails to
 * import: the page reloads once to pick up the new build, and fails for real the second time.
 */
export function reloadOnce(error: unknown): never {
  const here = window.location.pathname;
  let reloaded = false;
  try {
    reloaded = sessionStorage.getItem(RELOADED) === here;
    if (!reloaded) sessionStorage.setItem(RELOADED, here);
  } catch {
    reloaded = true;
  }
  if (!reloaded) window.location.reload();
  throw error;
}

/** A spinner (styles.css, no antd: it stands in before antd has loaded too). */
export function PageFallback() {
  const { t } = useTranslation();
  return <div className="spinner" role="status" aria-label={t('common.loading')} />;
}

/** `lazyPage(() => import('./BoardPage'), 'BoardPage')`: a named export, loaded when first drawn. */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] }), reloadOnce));
  return function LazyPage() {
    return (
      <Suspense fallback={<PageFallback />}>
        <Page />
      </Suspense>
    );
  };
}
