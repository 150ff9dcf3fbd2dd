// zh-CN first, English second; the choice is remembered per browser. Only zh-CN's texts are
// in the entry: English is a chunk of its own, loaded when chosen (or remembered).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { elderMode, onElderModeChange } from '../elder/elder';
import { zhCN } from './zh-CN';

export type Language = 'zh-CN' | 'en';
const KEY = 'gongzhi.language';

export function storedLanguage(): Language {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/**
 * 长辈模式 says some things in plainer words: a text with a plainer form under `elderPlain`
 * (the same key below it) is read in that form while the mode is on.
 */
const elderPlain = {
  type: 'postProcessor' as const,
  name: 'elderPlain',
  process(value: string, key: string | string[], options: object) {
    if (!elderMode()) return value;
    const first = Array.isArray(key) ? key[0] : key;
    if (!first || first.startsWith('elderPlain.')) return value;
    const plain = `elderPlain.${first}`;
    // Untyped on purpose: a key built at run time (typing it makes tsc walk every key).
    const translate = i18n.t as unknown as (key: string, options: object) => string;
    return i18n.exists(plain) ? translate(plain, options) : value;
  },
};

void i18n.use(initReactI18next).use(elderPlain).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  // The resources are here: ready at once, so the first render has its texts.
  initAsync: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
  postProcess: ['elderPlain'],
});

// Every text on the screen is read again in the mode's words (react-i18next redraws on it).
onElderModeChange(() => void i18n.changeLanguage(i18n.language));

/** Shows the app in `language`, fetching its texts first when they are not loaded yet. */
async function show(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    const { en } = await import('./en');
    i18n.addResourceBundle('en', 'translation', en);
  }
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

/** Settles once the remembered language is shown (at once for zh-CN). */
export const ready: Promise<void> = storedLanguage() === 'zh-CN' ? Promise.resolve() : show(storedLanguage()).catch(() => undefined);

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // a browser without storage still switches, for this visit
  }
  // A failed fetch of the texts (offline) leaves the page in the language it is in.
  await show(language).catch(() => undefined);
}

export default i18n;
