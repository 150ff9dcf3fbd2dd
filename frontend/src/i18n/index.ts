// zh-CN first, English second; the choice is remembered per browser. Only zh-CN's texts are
// in the entry: English is a chunk of its own, loaded when chosen (or remembered).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

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

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  // The resources are here: ready at once, so the first render has its texts.
  initAsync: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
});

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
