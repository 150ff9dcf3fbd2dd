import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { useMediaQuery } from './useMediaQuery';

const original = window.matchMedia;
afterEach(() => {
  window.matchMedia = original;
});

/** A screen whose width a test sets; queries are `(min-width: Npx)`. */
function screenOf(width: number) {
  const listeners = new Set<() => void>();
  const screen = {
    width,
    resize(to: number) {
      screen.width = to;
      listeners.forEach((l) => l());
    },
  };
  window.matchMedia = vi.fn((query: string) => ({
    matches: screen.width >= Number(/min-width: (\d+)px/.exec(query)?.[1]),
    media: query,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  })) as unknown as typeof window.matchMedia;
  return screen;
}

function Probe({ seen }: { seen: boolean[] }) {
  const wide = useMediaQuery('(min-width: 768px)');
  seen.push(wide);
  return <p>{wide ? 'wide' : 'narrow'}</p>;
}

describe('useMediaQuery', () => {
  it('answers on the first render, and again when the screen changes', () => {
    const screen = screenOf(1280);
    const seen: boolean[] = [];
    const { container } = render(<Probe seen={seen} />);
    expect(seen[0]).toBe(true);
    expect(seen.every(Boolean)).toBe(true);

    act(() => screen.resize(375));
    expect(container.textContent).toBe('narrow');
  });
});
