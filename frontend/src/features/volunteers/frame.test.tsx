import { act, render, screen } from '@testing-library/react';
import { theme } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';

import { setElderMode } from '../../elder/elder';
import { VolunteerFrame } from './frame';

afterEach(() => {
  act(() => setElderMode(false));
  localStorage.clear();
  document.documentElement.style.fontSize = '';
});

/** The sizes antd draws with inside the frame. */
function Sizes() {
  const { token } = theme.useToken();
  return <p>{`text ${token.fontSize} · controls ${token.controlHeight} · large ${token.controlHeightLG}`}</p>;
}

describe('the volunteer screens’ frame', () => {
  it('draws 16 px text and thumb-sized controls, and follows 长辈模式 while open', () => {
    render(
      <VolunteerFrame>
        <Sizes />
      </VolunteerFrame>,
    );
    expect(screen.getByText('text 16 · controls 44 · large 51')).toBeTruthy();

    act(() => setElderMode(true));
    expect(screen.getByText('text 18 · controls 48 · large 55')).toBeTruthy();
  });

  it('follows the reader’s own text size (the root’s), as rem would', () => {
    document.documentElement.style.fontSize = '20px';
    render(
      <VolunteerFrame>
        <Sizes />
      </VolunteerFrame>,
    );
    expect(screen.getByText('text 20 · controls 46 · large 53')).toBeTruthy();
  });
});
