import { describe, expect, it } from 'vitest';

import { antdTheme } from './antdTheme';

describe("antd's sizes", () => {
  it("follow the reader's text size (the root's font size)", () => {
    expect(antdTheme({ root: 16, elder: false, phone: false }).token).toMatchObject({ fontSize: 14, controlHeight: 32 });
    // A browser set to "large" (20 px): text grows, and the controls with it.
    expect(antdTheme({ root: 20, elder: false, phone: false }).token).toMatchObject({ fontSize: 18, controlHeight: 41 });
  });

  it('make every control a thumb high on a phone, and 48 px with 18 px text in elder mode', () => {
    expect(antdTheme({ root: 16, elder: false, phone: true }).token).toMatchObject({ fontSize: 14, controlHeight: 44, controlHeightSM: 44 });
    const elder = antdTheme({ root: 16, elder: true, phone: false });
    expect(elder.token).toMatchObject({ fontSize: 18, controlHeight: 48, controlHeightSM: 48 });
    // Key actions (buttons) at 20 px; stars and switches a target each.
    expect(elder.components?.Button).toMatchObject({ contentFontSize: 20 });
    expect(elder.components?.Rate).toMatchObject({ starSize: 48 });
    expect(elder.components?.Switch).toMatchObject({ trackHeight: 48 });
    // Larger still for a reader who set a larger text size.
    expect(antdTheme({ root: 24, elder: true, phone: true }).token).toMatchObject({ fontSize: 27, controlHeight: 62 });
  });
});
