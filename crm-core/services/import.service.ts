import { ZariError, notFound } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { iso } from '../domain/common.schema.js';
import {
  importOptionsSchema, type ImportJobDto, type ImportOptions, type ImportProgress, type ImportResult, type ImportRowError,
} from '../domain/import.schema.js';
import { toSearchName } from '../domain/search-name.js';
import { assertCan } from './client-access.js';
import type { CrmDeps, Tx } from './deps.js';
import { csvRecords, xlsxRecords, type ImportSource, type SourceRecord } from './import-source.js';
import { validate } from './json.js';
import { planColumns, prepareRow, type ColumnPlan, type PreparedRow } from './map-import-row.js';

export type ImportDeps = CrmDeps;

/** How many row errors the ImportJob row keeps (the result returns all of them). */
const storedErrors = 1000;

interface RunState {
  jobId: number;
  plan: ColumnPlan[] | null;
  batch: PreparedRow[];
  processed: number;
  succeeded: number;
  failedRows: Set<number>;
  errors: ImportRowError[];
  logins: Map<string, number | null>;
}

/**
 * Client import from CSV or XLSX: column mapping, per-row validation (bad rows reported with row,
 * field, code and message; good rows kept), batched inserts (one transaction per batch), progress
 * callback, and an ImportJob row updated after every batch.
 */
export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  async importClients(actor: Actor, source: ImportSource, options: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
    assertCan(actor, 'clients:import');
    const o = validate(importOptionsSchema, options);
    const job = await this.deps.db.importJob.create({ data: { kind: `clients-${o.format}`, fileName: o.fileName ?? null, createdById: actor.userId || null } });
    const st: RunState = { jobId: job.id, plan: null, batch: [], processed: 0, succeeded: 0, failedRows: new Set(), errors: [], logins: new Map() };
    const records = o.format === 'csv' ? csvRecords(source, o.delimiter) : xlsxRecords(source, o.sheet);
    let fatal: string | undefined;
    try {
      for await (const rec of records) {
        if (o.maxRows > 0 && st.processed >= o.maxRows) break;
        this.take(st, rec, o.mapping, o.defaultKind);
        if (st.batch.length >= o.batchSize) await this.flush(actor, st, onProgress);
      }
      if (st.plan === null) throw new ZariError('validation_failed', 'the file is empty');
      await this.flush(actor, st, onProgress);
    } catch (e) {
      fatal = e instanceof Error ? e.message : String(e);
      this.deps.logger.warn({ jobId: job.id, err: fatal }, 'client import failed');
    }
    return this.finish(actor, st, fatal);
  }

  private take(st: RunState, rec: SourceRecord, mapping: ImportOptions['mapping'], defaultKind: 'company' | 'person'): void {
    if (st.plan === null) {
      st.plan = planColumns(rec.cells, mapping);
      return;
    }
    if (rec.cells.every((c) => c.trim() === '')) return;
    st.processed += 1;
    const r = prepareRow(rec.row, rec.cells, st.plan, this.deps.phones, defaultKind);
    if ('ok' in r) st.batch.push(r.ok);
    else this.fail(st, r.errors);
  }

  private fail(st: RunState, errors: ImportRowError[]): void {
    for (const e of errors) st.failedRows.add(e.row);
    st.errors.push(...errors);
  }

  private async resolveLogins(st: RunState): Promise<void> {
    const unknown = [...new Set(st.batch.flatMap((b) => (b.responsibleLogin !== null && !st.logins.has(b.responsibleLogin) ? [b.responsibleLogin] : [])))];
    if (unknown.length > 0) {
      const users = await this.deps.db.user.findMany({ where: { login: { in: unknown }, active: true }, select: { id: true, login: true } });
      for (const l of unknown) st.logins.set(l, users.find((u) => u.login === l)?.id ?? null);
    }
    st.batch = st.batch.filter((b) => {
      if (b.responsibleLogin === null || st.logins.get(b.responsibleLogin) != null) return true;
      this.fail(st, [{ row: b.row, field: 'responsibleLogin', code: 'unknown_user', message: `no active user ${b.responsibleLogin}` }]);
      return false;
    });
  }

  private async flush(actor: Actor, st: RunState, onProgress?: (p: ImportProgress) => void): Promise<void> {
    await this.resolveLogins(st);
    const batch = st.batch;
    st.batch = [];
    if (batch.length > 0) {
      await this.deps.db.$transaction((tx) => this.insertBatch(tx, actor, st, batch), { timeout: 60_000 });
      st.succeeded += batch.length;
    }
    await this.deps.db.importJob.update({ where: { id: st.jobId }, data: { processed: st.processed, succeeded: st.succeeded, failed: st.failedRows.size } });
    onProgress?.({ jobId: st.jobId, processed: st.processed, succeeded: st.succeeded, failed: st.failedRows.size });
  }

  private async insertBatch(tx: Tx, actor: Actor, st: RunState, batch: PreparedRow[]): Promise<void> {
    const data = batch.map(({ client: c, responsibleLogin }) => {
      const { tags: _t, phones: _p, customFields, responsibleUserId: _r, ...fields } = c;
      return {
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), name: c.name, kind: c.kind, vip: c.vip,
        searchName: toSearchName(c.name), customFields: JSON.stringify(customFields),
        responsibleUserId: responsibleLogin === null ? null : (st.logins.get(responsibleLogin) ?? null),
      };
    });
    const created = await tx.client.createManyAndReturn({ data, select: { id: true, name: true, responsibleUserId: true } });
    if (created.length !== batch.length || created.some((c, i) => c.name !== batch[i]?.client.name)) {
      throw new ZariError('internal', 'batch insert returned rows out of order');
    }
    const phones = batch.flatMap((b, i) => b.phoneRows.map((p) => ({ ...p, clientId: created[i]?.id ?? 0 })));
    const tags = batch.flatMap((b, i) => [...new Set(b.client.tags)].map((tag) => ({ tag, clientId: created[i]?.id ?? 0 })));
    const now = this.deps.clock?.() ?? new Date();
    const history = created.flatMap((c) => (c.responsibleUserId === null ? [] : [{ clientId: c.id, userId: c.responsibleUserId, fromAt: now, changedById: actor.userId || null }]));
    if (phones.length > 0) await tx.phoneNumber.createMany({ data: phones });
    if (tags.length > 0) await tx.clientTag.createMany({ data: tags });
    if (history.length > 0) await tx.responsibleHistory.createMany({ data: history });
  }

  private async finish(actor: Actor, st: RunState, fatal: string | undefined): Promise<ImportResult> {
    const status = fatal === undefined ? 'done' : 'failed';
    const failed = st.failedRows.size;
    const total = st.processed;
    await this.deps.db.importJob.update({
      where: { id: st.jobId },
      data: { status, total, processed: st.processed, succeeded: st.succeeded, failed, errors: JSON.stringify(st.errors.slice(0, storedErrors)), finishedAt: this.deps.clock?.() ?? new Date() },
    });
    await this.deps.audit.record(actor, 'client.import', 'import_job', st.jobId, { status, total, succeeded: st.succeeded, failed, ...(fatal ? { fatal } : {}) });
    return { jobId: st.jobId, status, total, succeeded: st.succeeded, failed, errors: st.errors, ...(fatal !== undefined ? { fatal } : {}) };
  }

  async getJob(actor: Actor, id: number): Promise<ImportJobDto> {
    assertCan(actor, 'clients:import');
    const j = await this.deps.db.importJob.findUnique({ where: { id } });
    if (!j) throw notFound('import job', id);
    let errors: ImportRowError[] = [];
    try { errors = JSON.parse(j.errors) as ImportRowError[]; } catch { errors = []; }
    return {
      id: j.id, kind: j.kind, status: j.status, fileName: j.fileName, total: j.total, processed: j.processed, succeeded: j.succeeded,
      failed: j.failed, errors, createdById: j.createdById, createdAt: j.createdAt.toISOString(), finishedAt: iso(j.finishedAt),
    };
  }
}
