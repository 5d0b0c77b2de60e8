import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Copies of /work/shared/vectors/sms-pdu (sources and licences in fixtures/sms-pdu/README.md). */
const DIR = fileURLToPath(new URL('./fixtures/sms-pdu/', import.meta.url));

export function loadSmsFixture<T>(name: 'vectors.json' | 'realworld-cmgr.json' | 'gsm7-tables.json'): T {
  return JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as T;
}
