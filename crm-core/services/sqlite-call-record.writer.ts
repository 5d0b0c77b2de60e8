import BetterSqlite3 from 'better-sqlite3';
import type { CallRecordInput } from '../domain/call-record.schema.js';
import type { CallbackPlan, RecordCallResult } from './call-record.service.js';

/**
 * The SQLite fast path of CallRecordService.recordCall: the same transaction (call once per callKey, callback
 * opened/joined/closed) with prepared statements on a connection of its own, instead of five or six Prisma
 * queries (each ~0.5 ms of CPU here, see ENVIRONMENT.md). A call center's busiest moment is many calls ending
 * at once; this keeps the call log from starving the AMI socket and the screen pops on the same event loop.
 *
 * Dates are written in the format Prisma's SQLite adapter uses ("2026-11-28T10:00:00.000+00:00") so both
 * paths read each other's rows. PostgreSQL keeps the Prisma path.
 */
const prismaDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');
const orNull = (d: Date | null): string | null => (d ? prismaDate(d) : null);

export class SqliteCallRecordWriter {
  private readonly db: BetterSqlite3.Database;
  private readonly stmt;

  constructor(file: string) {
    this.db = new BetterSqlite3(file, { fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.stmt = {
      existing: this.db.prepare<[string], { id: number }>('SELECT id FROM "Interaction" WHERE "callKey" = ?'),
      insertCall: this.db.prepare(`INSERT INTO "Interaction" ("kind", "direction", "clientId", "contactId", "userId", "startedAt", "answeredAt",
        "endedAt", "ringSeconds", "talkSeconds", "outcome", "phone", "rawPhone", "callKey", "answeredBy", "rangExtensions", "recordingId",
        "subject", "meta", "createdAt") VALUES ('call', @direction, @clientId, @contactId, @userId, @startedAt, @answeredAt, @endedAt,
        @ringSeconds, @talkSeconds, @outcome, @phone, @rawPhone, @callKey, @answeredBy, @rangExtensions, @recordingId, @subject, @meta, @now)`),
      openCallback: this.db.prepare<[string, number | null], { id: number }>(`SELECT id FROM "Task" WHERE "kind" = 'callback'
        AND "status" IN ('open', 'in_progress') AND ("phone" = ? OR "clientId" = ?) ORDER BY id LIMIT 1`),
      joinCallback: this.db.prepare('UPDATE "Task" SET "missedCount" = "missedCount" + 1, "callKey" = ?, "updatedAt" = ? WHERE id = ?'),
      ensureGroup: this.db.prepare('INSERT INTO "Group" ("name") SELECT ? WHERE NOT EXISTS (SELECT 1 FROM "Group" WHERE "name" = ?)'),
      groupId: this.db.prepare<[string], { id: number }>('SELECT id FROM "Group" WHERE "name" = ?'),
      insertCallback: this.db.prepare(`INSERT INTO "Task" ("kind", "title", "phone", "clientId", "assigneeId", "groupId", "dueAt", "priority",
        "status", "callKey", "missedCount", "createdAt", "updatedAt") VALUES ('callback', @title, @phone, @clientId, @assigneeId, @groupId,
        @dueAt, 'high', 'open', @callKey, 1, @now, @now)`),
      closeCallbacks: this.db.prepare(`UPDATE "Task" SET "status" = 'done', "completedAt" = @now, "description" = @description, "updatedAt" = @now
        WHERE "kind" = 'callback' AND "status" IN ('open', 'in_progress') AND ("clientId" = @clientId OR "phone" = @phone)`),
    };
  }

  record(input: CallRecordInput, callback: CallbackPlan | null, close: { clientId: number | null; phone: string | null } | null, now: Date): RecordCallResult {
    return this.db.transaction((): RecordCallResult => {
      const existing = this.stmt.existing.get(input.callKey);
      if (existing) return { interactionId: existing.id, created: false, callbackTaskId: null, closedCallbacks: 0 };
      const at = prismaDate(now);
      const row = this.stmt.insertCall.run({
        direction: input.direction, clientId: input.clientId, contactId: input.contactId, userId: input.userId,
        startedAt: prismaDate(input.startedAt), answeredAt: orNull(input.answeredAt), endedAt: prismaDate(input.endedAt),
        ringSeconds: input.ringSeconds, talkSeconds: input.talkSeconds, outcome: input.outcome, phone: input.phone, rawPhone: input.rawPhone,
        callKey: input.callKey, answeredBy: input.answeredBy, rangExtensions: JSON.stringify(input.rangExtensions),
        recordingId: input.recordingId, subject: input.subject, meta: JSON.stringify(input.meta), now: at,
      });
      const callbackTaskId = callback ? this.openOrJoin(callback, input.callKey, at) : null;
      const closed = close && (close.clientId !== null || close.phone !== null)
        ? this.stmt.closeCallbacks.run({ now: at, description: `closed by answered call ${input.callKey}`, clientId: close.clientId, phone: close.phone }).changes
        : 0;
      return { interactionId: Number(row.lastInsertRowid), created: true, callbackTaskId, closedCallbacks: closed };
    }).immediate();
  }

  private openOrJoin(plan: CallbackPlan, callKey: string, at: string): number {
    const open = this.stmt.openCallback.get(plan.phone, plan.clientId);
    if (open) {
      this.stmt.joinCallback.run(callKey, at, open.id);
      return open.id;
    }
    let groupId: number | null = null;
    if (plan.assigneeId === null && plan.groupName) {
      this.stmt.ensureGroup.run(plan.groupName, plan.groupName);
      groupId = this.stmt.groupId.get(plan.groupName)?.id ?? null;
    }
    const task = this.stmt.insertCallback.run({
      title: plan.title, phone: plan.phone, clientId: plan.clientId, assigneeId: plan.assigneeId, groupId,
      dueAt: prismaDate(plan.dueAt), callKey, now: at,
    });
    return Number(task.lastInsertRowid);
  }

  close(): void {
    this.db.close();
  }
}
