import type { CallerCard, ClientSummaryRow, PhoneMatchRow } from './caller-card.js';

/**
 * Read side of caller identification. Two implementations return identical results: prepared
 * statements on the raw better-sqlite3 handle (SQLite fast path) and Prisma (PostgreSQL, or SQLite
 * without a raw handle). Rows of merged clients (mergedIntoId not null) are never returned.
 */
export interface CallerLookupStore {
  /** phones with this E.164, ordered by phone id */
  byE164(e164: string, limit: number): Promise<PhoneMatchRow[]>;
  /** phones with lo <= nsnRev < hi (hi null: no upper bound), ordered by phone id */
  byNsnRevRange(lo: string, hi: string | null, limit: number): Promise<PhoneMatchRow[]>;
  /** the card of one client (null when the client vanished between match and load) */
  card(clientId: number, contactId: number | null): Promise<CallerCard | null>;
  /** summaries of these clients, in the order given */
  summaries(clientIds: readonly number[]): Promise<ClientSummaryRow[]>;
}
