import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { screenWidth } from './testing';
import { useMediaQuery } from './useMediaQuery';

function Probe({ seen }: { seen: boolean[] }) {
  const wide = useMediaQuery('(min-width: 768px)');
  seen.push(wide);
  return <p>{wide ? 'wide' : 'narrow'}</p>;
}

describe('useMediaQuery', () => {
  it('answers on the first render, and again when the screen changes', () => {
    const screen = screenWidth(1280);
    const seen: boolean[] = [];
    const { container } = render(<Probe seen={seen} />);
    expect(seen[0]).toBe(true);
    expect(seen.every(Boolean)).toBe(true);

    act(() => screen.resize(375));
    expect(container.textContent).toBe('narrow');
  });
});
