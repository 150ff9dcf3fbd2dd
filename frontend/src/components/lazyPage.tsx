// Screens load on demand, each in its own chunk, so the public board does not wait for the
// admin pages or the demand editor. While a screen's chunk arrives, a small spinner stands
// in its place (the frame around it stays).
import { Flex, Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';

const RELOADED = 'gongzhi.reloadedFor';

/**
 * A chunk that no longer exists (a deploy replaced it while this tab was open) fails to
 * import: the page reloads once to pick up the new build, and fails for real the second time.
 */
function reloadOnce(error: unknown): never {
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

export function PageFallback() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
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
