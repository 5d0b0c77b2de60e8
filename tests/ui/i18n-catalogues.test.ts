import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { en } from '../../web/ui/src/i18n/en.js';
import { ka } from '../../web/ui/src/i18n/ka.js';
import { ru } from '../../web/ui/src/i18n/ru.js';
import { repoRoot } from '../helpers/shared.js';

/** The three catalogues of the browser app have exactly the same keys, and every key used in the views exists. */
const catalogues = { en, ru, ka } as const;

describe('browser app i18n catalogues', () => {
  it.each(Object.entries(catalogues))('%s has exactly the keys of en, none empty', (_lang, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(catalogue)) expect(value.trim()).not.toBe('');
  });

  it.each(['ru', 'ka'] as const)('%s keeps the {placeholders} of en', (lang) => {
    const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const [key, text] of Object.entries(en)) expect([key, names(catalogues[lang][key as keyof typeof en])]).toEqual([key, names(text)]);
  });

  it('ru and ka are really translated (Cyrillic and Georgian script)', () => {
    expect(ru['nav.clients']).toMatch(/[\u0400-\u04FF]/);
    expect(ka['nav.clients']).toMatch(/[\u10A0-\u10FF]/);
  });

  it('every literal t(\'…\') key in the views is in the catalogue', () => {
    const dir = path.join(repoRoot, 'web', 'ui', 'src');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const used = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/\bt\('([a-z][\w.-]+)'/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});
