// Speaking instead of typing, where the browser offers speech recognition (the Web Speech
// API's `SpeechRecognition`, `webkitSpeechRecognition` in Chromium and Safari): a button that
// listens until tapped again and hands each finished phrase to `onText`. Where the API does
// not exist nothing is drawn: no button that cannot work.
import { AudioOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The part of the Web Speech API used here (lib.dom has no types for it). */
interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: { resultIndex: number; results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognitionClass = new () => Recognition;

/** The browser's speech recognition, if it has one. */
export function speechRecognition(): RecognitionClass | undefined {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
}

export function VoiceInput({ onText }: { onText: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const [listening, setListening] = useState(false);
  const [failed, setFailed] = useState(false);
  const current = useRef<Recognition | null>(null);
  const Speech = speechRecognition();
  if (!Speech) return null;

  const start = () => {
    const recognition = new Speech();
    recognition.lang = i18n.language === 'en' ? 'en-US' : 'zh-CN';
    recognition.continuous = true;
    recognition.interimResults = false;
    recognition.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i++) {
        const result = event.results[i];
        if (result.isFinal) onText(result[0].transcript.trim());
      }
    };
    recognition.onerror = (event) => {
      // Stopping by hand is not a failure.
      if (event.error !== 'aborted') setFailed(true);
    };
    recognition.onend = () => {
      current.current = null;
      setListening(false);
    };
    current.current = recognition;
    setFailed(false);
    setListening(true);
    try {
      recognition.start();
    } catch {
      setListening(false);
      setFailed(true);
    }
  };

  return (
    <div className="voice-input">
      <Button icon={<AudioOutlined />} aria-pressed={listening} type={listening ? 'primary' : 'default'} onClick={() => (listening ? current.current?.stop() : start())}>
        {t('elder.voice')}
      </Button>
      <span aria-live="polite" className={failed ? 'text-danger' : 'secondary'}>
        {listening ? t('elder.voiceListening') : failed ? t('elder.voiceError') : null}
      </span>
    </div>
  );
}

/** `text` added to what `before` says, as its own sentence. */
export function appendSpoken(before: string | undefined, text: string): string {
  const head = (before ?? '').trimEnd();
  if (!head) return text;
  const chinese = /[\u4e00-\u9fff]/.test(text);
  if (/[。！？，；]$/.test(head)) return `${head}${text}`;
  if (/[.!?,;]$/.test(head)) return `${head} ${text}`;
  return chinese ? `${head}，${text}` : `${head}, ${text}`;
}
