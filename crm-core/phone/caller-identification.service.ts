import { z } from 'zod';
import { ZariError, type Database, type Logger } from '../../kernel/index.js';
import { cardLimits, type CallerCard, type CandidateSummary, type IdentifyMatch, type IdentifyResult, type PhoneMatchRow } from './caller-card.js';
import type { CallerLookupStore } from './caller-lookup.port.js';
import type { NormalizedPhone, PhoneNormalizer } from './phone-normalizer.js';
import { PrismaCallerLookup } from './prisma-caller-lookup.js';
import { SqliteCallerLookup } from './sqlite-caller-lookup.js';
import { suffixRange } from './suffix-range.js';

export const minSuffixDigits = 7;

export interface CallerIdentificationDeps {
  db: Database;
  phones: PhoneNormalizer;
  logger: Logger;
  /** how many trailing digits a suffix match compares (default 9, at least 7) */
  suffixDigits?: number;
  /** SQLite: use prepared statements on the raw read handle (default true); false forces Prisma */
  fastPath?: boolean;
}

const rawNumber = z.string().max(512);

/**
 * number → client card. Exact E.164 first, then a unique suffix match on the reversed national
 * number; several clients are returned as candidates, never guessed. Merged clients are excluded.
 * The card is complete: access rules (VIP redaction, manager scope) are the consumer's job.
 */
export class CallerIdentificationService {
  private readonly store: CallerLookupStore;
  private readonly suffixDigits: number;
  private readonly logger: Logger;

  constructor(private readonly deps: CallerIdentificationDeps) {
    const suffixDigits = deps.suffixDigits ?? 9;
    if (!Number.isInteger(suffixDigits) || suffixDigits < minSuffixDigits) {
      throw new ZariError('validation_failed', `suffixDigits must be an integer >= ${minSuffixDigits}`, { suffixDigits });
    }
    this.suffixDigits = suffixDigits;
    this.logger = deps.logger.child({ component: 'caller-identification' });
    const raw = deps.fastPath === false ? null : deps.db.sqlite;
    this.store = raw ? new SqliteCallerLookup(raw) : new PrismaCallerLookup(deps.db.prisma);
  }

  async identify(raw: string): Promise<IdentifyResult> {
    const parsed = rawNumber.safeParse(raw);
    if (!parsed.success) throw new ZariError('invalid_phone_number', 'number must be a string of at most 512 characters');
    const number = this.deps.phones.normalize(parsed.data);
    if (number.kind === 'extension') return { number, match: 'extension', card: null, candidates: [] };
    if (number.e164 !== null) {
      const exact = await this.store.byE164(number.e164, cardLimits.phoneRows);
      if (exact.length > 0) return this.resolve(number, exact, 'exact');
    }
    const rows = await this.suffixRows(number);
    if (rows.length > 0) return this.resolve(number, rows, 'suffix');
    return { number, match: 'none', card: null, candidates: [] };
  }

  /** The card of one client (a screen pop's candidate the user picked); null when it does not exist or was merged. */
  async cardOfClient(clientId: number, contactId: number | null = null): Promise<CallerCard | null> {
    return this.store.card(clientId, contactId);
  }

  /**
   * Stored numbers ending in the caller's last `suffixDigits` digits (fewer when fewer were given, at
   * least 7). Two valid E.164 numbers that differ are different numbers, whatever their last digits:
   * a suffix only pairs a number with one that has no E.164 (truncated, local or unparseable) — unless
   * the caller's E.164 is itself a guess (a 9-digit fragment read as "+95…" is not proof of anything).
   */
  private async suffixRows(number: NormalizedPhone): Promise<PhoneMatchRow[]> {
    // a guessed number's national part may be shorter than what was given ("951234567" → +95 1234567)
    const source = number.guessed ? [...number.digits].reverse().join('') : number.nsnRev;
    const key = source.slice(0, this.suffixDigits);
    if (key.length < minSuffixDigits) return [];
    const { lo, hi } = suffixRange(key);
    const rows = await this.store.byNsnRevRange(lo, hi, cardLimits.phoneRows);
    return rows.filter((row) => row.nsnRev.startsWith(key)
      && (number.e164 === null || number.guessed === true || row.e164 === null || row.e164 === number.e164));
  }

  private async resolve(number: NormalizedPhone, rows: PhoneMatchRow[], match: IdentifyMatch): Promise<IdentifyResult> {
    const byClient = new Map<number, PhoneMatchRow[]>();
    for (const row of rows) byClient.set(row.clientId, [...(byClient.get(row.clientId) ?? []), row]);
    if (byClient.size > 1) return this.ambiguous(number, byClient);
    const [clientId, clientRows = []] = [...byClient][0] ?? [];
    if (clientId === undefined) return { number, match: 'none', card: null, candidates: [] };
    const contacts = new Set(clientRows.map((row) => row.contactId));
    const contactId = contacts.size === 1 ? (clientRows[0]?.contactId ?? null) : null;
    const card = await this.store.card(clientId, contactId);
    if (!card) return { number, match: 'none', card: null, candidates: [] };
    this.logger.debug({ match, clientId }, 'caller identified');
    return { number, match, card, candidates: [] };
  }

  private async ambiguous(number: NormalizedPhone, byClient: Map<number, PhoneMatchRow[]>): Promise<IdentifyResult> {
    const ids = [...byClient.keys()].slice(0, cardLimits.candidates);
    const summaries = await this.store.summaries(ids);
    const candidates: CandidateSummary[] = summaries.map((s) => {
      const first = byClient.get(s.id)?.[0];
      return { clientId: s.id, name: s.name, kind: s.kind, vip: s.vip, responsibleUserId: s.responsibleUserId,
        contactId: first?.contactId ?? null, phone: first?.e164 ?? first?.raw ?? '' };
    });
    this.logger.debug({ candidates: candidates.length }, 'caller ambiguous');
    return { number, match: 'ambiguous', card: null, candidates };
  }
}
