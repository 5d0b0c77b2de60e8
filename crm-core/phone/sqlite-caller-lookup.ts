import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { cardLimits, type CallerCard, type CardContact, type CardManager, type ClientSummaryRow, type PhoneMatchRow } from './caller-card.js';
import type { CallerLookupStore } from './caller-lookup.port.js';

/**
 * Prisma's SQLite adapter writes DateTime as ISO-8601 text ("2026-11-28T02:11:15.000+00:00"); SQL defaults
 * (CURRENT_TIMESTAMP) write "2026-11-28 02:11:15" (UTC); the adapter's unixepoch-ms option writes numbers.
 */
export function sqliteDate(value: string | number): Date {
  if (typeof value === 'number') return new Date(value);
  return new Date(/^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
}

const id = z.number().int();
const text = z.string();
const nullableText = z.string().nullable();
const sqlDate = z.union([z.string(), z.number()]).transform(sqliteDate);

const phoneRow = z.object({ id, clientId: id, contactId: id.nullable(), e164: nullableText, raw: text, nsnRev: text });
const clientRow = z.object({
  id, name: text, kind: text, vip: z.union([z.number(), z.boolean()]).transform(Boolean), segment: nullableText,
  notes: nullableText, responsibleUserId: id.nullable(),
});
const contactRow = z.object({ id, name: text, position: nullableText });
const userRow = z.object({ id, name: text });
const extensionRow = z.object({ extension: text });
const dealRow = z.object({ id, title: text, stage: text, amount: nullableText, currency: text });
const taskRow = z.object({
  id, title: text, dueAt: sqlDate.nullable(), priority: text, assigneeId: id.nullable(), assigneeName: nullableText,
});
const interactionRow = z.object({
  id, kind: text, direction: nullableText, outcome: nullableText, startedAt: sqlDate, subject: nullableText,
});

const phoneColumns = 'p."id", p."clientId", p."contactId", p."e164", p."raw", p."nsnRev"';
/** CROSS JOIN pins the loop order (SQLite): phones by index first, then the client by primary key — left to
 * itself the planner may walk Client by its mergedIntoId index (every live client) instead. */
const liveClient = 'CROSS JOIN "Client" c ON c."id" = p."clientId" AND c."mergedIntoId" IS NULL';

const sql = {
  byE164: `SELECT ${phoneColumns} FROM "PhoneNumber" p ${liveClient} WHERE p."e164" = ? ORDER BY p."id" LIMIT ?`,
  byRange: `SELECT ${phoneColumns} FROM "PhoneNumber" p ${liveClient}
    WHERE p."nsnRev" >= ? AND p."nsnRev" < ? ORDER BY p."id" LIMIT ?`,
  byOpenRange: `SELECT ${phoneColumns} FROM "PhoneNumber" p ${liveClient} WHERE p."nsnRev" >= ? ORDER BY p."id" LIMIT ?`,
  client: `SELECT "id", "name", "kind", "vip", "segment", "notes", "responsibleUserId" FROM "Client" WHERE "id" = ?`,
  contact: `SELECT "id", "name", "position" FROM "ContactPerson" WHERE "id" = ? AND "clientId" = ?`,
  user: `SELECT "id", "name" FROM "User" WHERE "id" = ?`,
  extensions: `SELECT "extension" FROM "UserExtension" WHERE "userId" = ? ORDER BY "extension"`,
  deals: `SELECT d."id", d."title", s."name" AS "stage", d."amount", d."currency" FROM "Deal" d
    JOIN "PipelineStage" s ON s."id" = d."stageId" WHERE d."clientId" = ? AND d."status" = 'open' ORDER BY d."id" DESC LIMIT ?`,
  tasks: `SELECT t."id", t."title", t."dueAt", t."priority", u."id" AS "assigneeId", u."name" AS "assigneeName"
    FROM "Task" t LEFT JOIN "User" u ON u."id" = t."assigneeId"
    WHERE t."clientId" = ? AND t."status" IN ('open', 'in_progress')
    ORDER BY t."dueAt" IS NULL, t."dueAt", t."id" LIMIT ?`,
  interactions: `SELECT "id", "kind", "direction", "outcome", "startedAt", "subject" FROM "Interaction"
    WHERE "clientId" = ? ORDER BY "startedAt" DESC, "id" DESC LIMIT ?`,
} as const;

type Statements = { [K in keyof typeof sql]: BetterSqlite3.Statement<unknown[], unknown> };

/** SQLite fast path: every lookup is a prepared statement on the raw read handle (µs, not Prisma's ms). */
export class SqliteCallerLookup implements CallerLookupStore {
  private readonly st: Statements;

  constructor(raw: BetterSqlite3.Database) {
    const entries = Object.entries(sql).map(([key, text]) => [key, raw.prepare<unknown[], unknown>(text)]);
    this.st = Object.fromEntries(entries) as Statements;
  }

  async byE164(e164: string, limit: number): Promise<PhoneMatchRow[]> {
    return this.st.byE164.all(e164, limit).map((r) => phoneRow.parse(r));
  }

  async byNsnRevRange(lo: string, hi: string | null, limit: number): Promise<PhoneMatchRow[]> {
    const rows = hi === null ? this.st.byOpenRange.all(lo, limit) : this.st.byRange.all(lo, hi, limit);
    return rows.map((r) => phoneRow.parse(r));
  }

  async card(clientId: number, contactId: number | null): Promise<CallerCard | null> {
    const found = this.st.client.get(clientId);
    if (found === undefined) return null;
    const client = clientRow.parse(found);
    return {
      client: { id: client.id, name: client.name, kind: client.kind, vip: client.vip, segment: client.segment },
      contact: contactId === null ? null : this.contact(contactId, clientId),
      responsible: client.responsibleUserId === null ? null : this.manager(client.responsibleUserId),
      openDeals: this.st.deals.all(clientId, cardLimits.deals).map((r) => dealRow.parse(r)),
      openTasks: this.st.tasks.all(clientId, cardLimits.tasks).map((r) => {
        const t = taskRow.parse(r);
        const assignee = t.assigneeId === null ? null : { id: t.assigneeId, name: t.assigneeName ?? '' };
        return { id: t.id, title: t.title, dueAt: t.dueAt, priority: t.priority, assignee };
      }),
      lastInteractions: this.st.interactions.all(clientId, cardLimits.interactions).map((r) => interactionRow.parse(r)),
      notes: client.notes,
    };
  }

  async summaries(clientIds: readonly number[]): Promise<ClientSummaryRow[]> {
    const rows: ClientSummaryRow[] = [];
    for (const clientId of clientIds) {
      const found = this.st.client.get(clientId);
      if (found === undefined) continue;
      const c = clientRow.parse(found);
      rows.push({ id: c.id, name: c.name, kind: c.kind, vip: c.vip, responsibleUserId: c.responsibleUserId });
    }
    return rows;
  }

  private contact(contactId: number, clientId: number): CardContact | null {
    const found = this.st.contact.get(contactId, clientId);
    return found === undefined ? null : contactRow.parse(found);
  }

  private manager(userId: number): CardManager | null {
    const found = this.st.user.get(userId);
    if (found === undefined) return null;
    const user = userRow.parse(found);
    const extensions = this.st.extensions.all(userId).map((r) => extensionRow.parse(r).extension);
    return { id: user.id, name: user.name, extensions };
  }
}
