import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { zhCN } from '../i18n/zh-CN';
import { appendSpoken, VoiceInput } from './VoiceInput';

afterEach(() => {
  delete (window as unknown as Record<string, unknown>).webkitSpeechRecognition;
});

describe('voice input', () => {
  it('is not offered where the browser has no speech recognition', () => {
    const { container } = render(<VoiceInput onText={() => undefined} />);
    expect(container.innerHTML).toBe('');
  });

  it('listens in the reader language and hands on each finished phrase', async () => {
    interface Fake {
      lang: string;
      start: ReturnType<typeof vi.fn>;
      stop: ReturnType<typeof vi.fn>;
      onresult: ((e: unknown) => void) | null;
      onend: (() => void) | null;
    }
    const made: Fake[] = [];
    (window as unknown as Record<string, unknown>).webkitSpeechRecognition = class {
      lang = '';
      continuous = false;
      interimResults = true;
      onresult: ((e: unknown) => void) | null = null;
      onerror = null;
      onend: (() => void) | null = null;
      start = vi.fn();
      stop = vi.fn(() => this.onend?.());
      constructor() {
        made.push(this as unknown as Fake);
      }
    };
    const said: string[] = [];
    render(<VoiceInput onText={(text) => said.push(text)} />);
    const button = screen.getByRole('button', { name: new RegExp(zhCN.elder.voice) });
    await userEvent.click(button);
    expect(made[0].lang).toBe('zh-CN');
    expect(made[0].start).toHaveBeenCalled();
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(zhCN.elder.voiceListening)).toBeTruthy();
    made[0].onresult?.({ resultIndex: 0, results: [{ isFinal: true, 0: { transcript: ' 楼道灯坏了 ' } }] });
    expect(said).toEqual(['楼道灯坏了']);
    await userEvent.click(button);
    expect(made[0].stop).toHaveBeenCalled();
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });

  it('adds what was said to what was typed', () => {
    expect(appendSpoken('', '灯坏了')).toBe('灯坏了');
    expect(appendSpoken('三号楼', '灯坏了')).toBe('三号楼，灯坏了');
    expect(appendSpoken('三号楼。', '灯坏了')).toBe('三号楼。灯坏了');
    expect(appendSpoken('The lamp', 'is broken')).toBe('The lamp, is broken');
  });
});
