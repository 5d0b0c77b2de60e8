import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared.js';

/** shared/vectors/sms-pdu beside the repository (sources and licences in its README.md). */
const DIR = `${sharedPath('vectors', 'sms-pdu')}/`;

export function loadSmsFixture<T>(name: 'vectors.json' | 'realworld-cmgr.json' | 'gsm7-tables.json'): T {
  return JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as T;
}
