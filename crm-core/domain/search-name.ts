/**
 * Lower-cased, whitespace-collapsed form of a name, stored in `searchName` for portable
 * case-insensitive search (Cyrillic, Georgian Mtavruli → Mkhedruli) on SQLite and PostgreSQL.
 */
export function toSearchName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const legalForms = [
  'ооо', 'оао', 'зао', 'пао', 'ао', 'ип', 'нко', 'ано', 'фгуп', 'муп', 'гуп', 'тоо',
  'შპს', 'სს', 'ი/მ', 'იმ', 'სპს', 'კს', 'ააიპ',
  'llc', 'l.l.c.', 'ltd', 'ltd.', 'limited', 'inc', 'inc.', 'corp', 'corp.', 'co', 'co.', 'gmbh', 'ag', 'plc', 'jsc', 'ojsc', 'cjsc', 'sa', 'srl', 'bv', 'oy', 'ab', 'as',
];
const legalFormSet = new Set(legalForms);

/**
 * Name key for duplicate detection: lower-cased, quotes and punctuation removed, legal forms
 * (ООО, LLC, შპს, …) dropped, whitespace collapsed. «ООО "Ромашка"» and "Ромашка LLC" give "ромашка".
 */
export function toNameKey(name: string): string {
  const words = toSearchName(name)
    .replace(/["'«»„“”‘’`]/g, ' ')
    .replace(/[,;:()[\]{}!?]/g, ' ')
    .split(' ')
    .map((w) => w.replace(/^[.\-–—]+|[.\-–—]+$/g, ''))
    .filter((w) => w !== '' && !legalFormSet.has(w) && !legalFormSet.has(`${w}.`));
  return words.join(' ');
}
