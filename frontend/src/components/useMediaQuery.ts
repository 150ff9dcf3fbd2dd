// Whether a CSS media query matches, known while rendering: a screen laid out by it is drawn
// at its size from the first frame. antd's Grid.useBreakpoint answers only after its first
// render, so a desktop screen was first committed in its phone layout and its controls
// then grew into place (antd animates their width), pushing the list down.
import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
