import { en, type Catalogue, type MessageKey } from './en.js';
import { ka } from './ka.js';
import { ru } from './ru.js';

export type Lang = 'en' | 'ru' | 'ka';
export const languages: readonly Lang[] = ['en', 'ru', 'ka'];
export const catalogues: Readonly<Record<Lang, Catalogue>> = { en, ru, ka };
export const languageNames: Readonly<Record<Lang, string>> = { en: 'English', ru: 'Русский', ka: 'ქართული' };

const isLang = (v: string | null): v is Lang => v === 'en' || v === 'ru' || v === 'ka';

/** The translator of the app: `t(key, params)`; `{name}` placeholders are replaced with text. */
export class I18n {
  lang: Lang;

  constructor(stored: string | null, browser: string) {
    const fromBrowser = browser.slice(0, 2);
    this.lang = isLang(stored) ? stored : isLang(fromBrowser) ? fromBrowser : 'en';
  }

  get locale(): string {
    return { en: 'en-GB', ru: 'ru-RU', ka: 'ka-GE' }[this.lang];
  }

  t = (key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string =>
    catalogues[this.lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

  has(key: string): key is MessageKey {
    return key in en;
  }
}

export type { MessageKey };
