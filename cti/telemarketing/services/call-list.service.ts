import { z } from 'zod';
import { notFound, ZariError } from '../../../kernel/index.js';
import { csvRecords, xlsxRecords, type Actor, type ImportSource, type SourceRecord } from '../../../crm-core/index.js';
import { campaignSettingsSchema } from '../domain/campaign.schema.js';
import { timeZoneOfNumber } from '../domain/phone-time-zone.js';
import { assertRole, managers, parseWith, type TelemarketingDeps } from './deps.js';

/** A saved CRM filter a list is built from. */
export const segmentFilterSchema = z.object({
  segment: z.string().trim().min(1).max(200).optional(),
  tags: z.array(z.string().trim().min(1)).max(20).optional(),
  responsibleUserId: z.number().int().positive().optional(),
  vip: z.boolean().optional(),
});
export type SegmentFilter = z.infer<typeof segmentFilterSchema>;

const listFields = ['phone', 'name', 'clientId', 'priority'] as const;
export const listImportSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  name: z.string().trim().min(1).max(200),
  /** list field → column header in the file; `phone` is required */
  mapping: z.object({ phone: z.string().min(1), name: z.string().min(1).optional(), clientId: z.string().min(1).optional(), priority: z.string().min(1).optional() }),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  priority: z.number().int().min(-1000).max(1000).default(0),
});
export type ListImportOptions = z.input<typeof listImportSchema>;

export interface ListRowError { row: number; field: string; code: 'required' | 'invalid_phone' | 'invalid_number' | 'unknown_client' | 'duplicate' | 'missing_column'; message: string }
export interface ListImportResult { listId: number; total: number; added: number; failed: number; errors: ListRowError[] }
export interface ListPreview { headers: string[]; rows: string[][]; total: number; guess: Partial<Record<'phone' | 'name' | 'priority' | 'clientId', string>> }
export interface ListProgress { listId: number; total: number; byState: Record<string, number>; attempts: number; done: number; percentDone: number }

interface EntryDraft { phone: string; rawPhone: string; name: string | null; clientId: number | null; contactId: number | null; priority: number; timeZone: string }

/** Call lists: from a CRM segment or an imported CSV/XLSX file with a per-row error report. */
export class CallListService {
  constructor(private readonly deps: TelemarketingDeps) {}

  private async defaultZone(campaignId: number): Promise<string> {
    const c = await this.deps.db.campaign.findUnique({ where: { id: campaignId } });
    if (!c) throw notFound('campaign', campaignId);
    return campaignSettingsSchema.parse(JSON.parse(c.settings)).defaultTimeZone;
  }

  /** One entry per client matching the filter, on its first callable (E.164, not fax) number. */
  async createFromSegment(actor: Actor, campaignId: number, input: { name: string; filter: unknown; priority?: number }): Promise<{ listId: number; added: number }> {
    assertRole(actor, managers, 'lists:manage');
    const filter = parseWith(segmentFilterSchema, input.filter);
    const zone = await this.defaultZone(campaignId);
    const clients = await this.deps.db.client.findMany({
      where: {
        mergedIntoId: null,
        ...(filter.segment !== undefined ? { segment: filter.segment } : {}),
        ...(filter.responsibleUserId !== undefined ? { responsibleUserId: filter.responsibleUserId } : {}),
        ...(filter.vip !== undefined ? { vip: filter.vip } : {}),
        ...(filter.tags ? { tags: { some: { tag: { in: filter.tags } } } } : {}),
      },
      include: { phones: { where: { e164: { not: null }, type: { not: 'fax' } }, orderBy: { id: 'asc' } } },
      orderBy: { id: 'asc' },
    });
    const drafts: EntryDraft[] = clients.flatMap((c) => {
      const p = c.phones[0];
      if (!p?.e164) return [];
      return [{ phone: p.e164, rawPhone: p.raw, name: c.name, clientId: c.id, contactId: p.contactId, priority: input.priority ?? 0, timeZone: timeZoneOfNumber(p.e164, zone).timeZone }];
    });
    const list = await this.deps.db.callList.create({ data: { campaignId, name: input.name, source: 'segment', sourceInfo: JSON.stringify(filter), priority: input.priority ?? 0 } });
    await this.insert(list.id, drafts);
    return { listId: list.id, added: drafts.length };
  }

  async importFile(actor: Actor, campaignId: number, source: ImportSource, options: ListImportOptions): Promise<ListImportResult> {
    assertRole(actor, managers, 'lists:manage');
    const o = parseWith(listImportSchema, options);
    const zone = await this.defaultZone(campaignId);
    const records = o.format === 'csv' ? csvRecords(source, o.delimiter) : xlsxRecords(source);
    const errors: ListRowError[] = [];
    const drafts: EntryDraft[] = [];
    const seen = new Set<string>();
    let columns: Partial<Record<(typeof listFields)[number], number>> | null = null;
    let total = 0;
    for await (const rec of records) {
      if (columns === null) { columns = this.columns(rec, o.mapping); continue; }
      total++;
      const d = await this.row(rec, columns, o.priority, zone, seen, errors);
      if (d) drafts.push(d);
    }
    if (columns === null) throw new ZariError('validation_failed', 'the file is empty');
    const list = await this.deps.db.callList.create({ data: { campaignId, name: o.name, source: 'import', priority: o.priority, sourceInfo: JSON.stringify({ format: o.format, total, failed: total - drafts.length, errors: errors.slice(0, 1000) }) } });
    await this.insert(list.id, drafts);
    return { listId: list.id, total, added: drafts.length, failed: total - drafts.length, errors };
  }

  /**
   * The first rows of a file before its import: headers, up to `rows` sample rows and a guess of the
   * column mapping (by header names in English and Russian), for the column-mapping form.
   */
  async preview(actor: Actor, source: ImportSource, format: 'csv' | 'xlsx', delimiter?: string, rows = 5): Promise<ListPreview> {
    assertRole(actor, managers, 'lists:manage');
    const records = format === 'csv' ? csvRecords(source, delimiter) : xlsxRecords(source);
    let headers: string[] | null = null;
    const sample: string[][] = [];
    let total = 0;
    for await (const rec of records) {
      if (headers === null) { headers = rec.cells.map((c) => c.trim()); continue; }
      total++;
      if (sample.length < rows) sample.push(rec.cells.map((c) => c.trim()));
    }
    if (headers === null) throw new ZariError('validation_failed', 'the file is empty');
    const find = (re: RegExp): string | undefined => (headers ?? []).find((h) => re.test(h.toLowerCase()));
    const guess: ListPreview['guess'] = {};
    const phone = find(/phone|tel|номер|телефон|ტელ/);
    const name = find(/^name$|name|имя|наименование|клиент|компания|სახელ/);
    const priority = find(/priority|приоритет/);
    const clientId = find(/^client ?id$|client_id|id клиента/);
    if (phone) guess.phone = phone;
    if (name && name !== phone) guess.name = name;
    if (priority) guess.priority = priority;
    if (clientId) guess.clientId = clientId;
    return { headers, rows: sample, total, guess };
  }

  /** The campaign's lists with their source and import report. */
  async listsOf(campaignId: number): Promise<{ id: number; name: string; source: string; priority: number; createdAt: string; report: unknown }[]> {
    const lists = await this.deps.db.callList.findMany({ where: { campaignId }, orderBy: { id: 'asc' } });
    return lists.map((l) => ({ id: l.id, name: l.name, source: l.source, priority: l.priority, createdAt: l.createdAt.toISOString(), report: JSON.parse(l.sourceInfo) as unknown }));
  }

  private columns(header: SourceRecord, mapping: z.infer<typeof listImportSchema>['mapping']): Partial<Record<(typeof listFields)[number], number>> {
    const names = header.cells.map((c) => c.trim().toLowerCase());
    const out: Partial<Record<(typeof listFields)[number], number>> = {};
    for (const f of listFields) {
      const h = mapping[f];
      if (h === undefined) continue;
      const i = names.indexOf(h.trim().toLowerCase());
      if (i < 0) throw new ZariError('validation_failed', `column "${h}" (for ${f}) is not in the file`, [{ row: 1, field: f, code: 'missing_column', message: `no column "${h}"` }]);
      out[f] = i;
    }
    return out;
  }

  private async row(rec: SourceRecord, cols: Partial<Record<(typeof listFields)[number], number>>, priority: number, zone: string, seen: Set<string>, errors: ListRowError[]): Promise<EntryDraft | null> {
    const cell = (f: (typeof listFields)[number]): string => (cols[f] === undefined ? '' : (rec.cells[cols[f]] ?? '').trim());
    const fail = (field: string, code: ListRowError['code'], message: string): null => { errors.push({ row: rec.row, field, code, message }); return null; };
    const raw = cell('phone');
    if (raw === '') return fail('phone', 'required', 'no phone number');
    const n = this.deps.phones.normalize(raw);
    if (!n.e164) return fail('phone', 'invalid_phone', `"${raw}" is not an external phone number${n.reason ? ` (${n.reason})` : ''}`);
    if (seen.has(n.e164)) return fail('phone', 'duplicate', `${n.e164} is already in this list`);
    const prio = cell('priority') === '' ? priority : Number(cell('priority'));
    if (!Number.isInteger(prio)) return fail('priority', 'invalid_number', `"${cell('priority')}" is not a whole number`);
    let clientId: number | null = null;
    let contactId: number | null = null;
    if (cell('clientId') !== '') {
      const id = Number(cell('clientId'));
      const c = Number.isInteger(id) && id > 0 ? await this.deps.db.client.findUnique({ where: { id }, select: { id: true } }) : null;
      if (!c) return fail('clientId', 'unknown_client', `no client ${cell('clientId')}`);
      clientId = c.id;
    } else {
      const known = await this.deps.db.phoneNumber.findFirst({ where: { e164: n.e164 }, orderBy: { id: 'asc' }, select: { clientId: true, contactId: true } });
      clientId = known?.clientId ?? null;
      contactId = known?.contactId ?? null;
    }
    seen.add(n.e164);
    return { phone: n.e164, rawPhone: raw, name: cell('name') || null, clientId, contactId, priority: prio, timeZone: timeZoneOfNumber(n.e164, zone).timeZone };
  }

  private async insert(listId: number, drafts: readonly EntryDraft[]): Promise<void> {
    for (let i = 0; i < drafts.length; i += 500) {
      await this.deps.db.callListEntry.createMany({ data: drafts.slice(i, i + 500).map((d) => ({ ...d, listId })) });
    }
  }

  async progress(listId: number): Promise<ListProgress> {
    const list = await this.deps.db.callList.findUnique({ where: { id: listId }, select: { id: true } });
    if (!list) throw notFound('call list', listId);
    const groups = await this.deps.db.callListEntry.groupBy({ by: ['state'], where: { listId }, _count: { _all: true }, _sum: { attempts: true } });
    const byState: Record<string, number> = {};
    let total = 0;
    let attempts = 0;
    for (const g of groups) { byState[g.state] = g._count._all; total += g._count._all; attempts += g._sum.attempts ?? 0; }
    const done = (byState.done ?? 0) + (byState.blocked ?? 0);
    return { listId, total, byState, attempts, done, percentDone: total === 0 ? 0 : Math.round((done / total) * 1000) / 10 };
  }
}
