import type { Db } from '../../kernel/index.js';
import { cardLimits, type CallerCard, type ClientSummaryRow, type PhoneMatchRow } from './caller-card.js';
import type { CallerLookupStore } from './caller-lookup.port.js';

const phoneSelect = { id: true, clientId: true, contactId: true, e164: true, raw: true, nsnRev: true } as const;
const summarySelect = { id: true, name: true, kind: true, vip: true, responsibleUserId: true } as const;

/** Caller lookup through Prisma: PostgreSQL (and SQLite when no raw read handle is available). */
export class PrismaCallerLookup implements CallerLookupStore {
  constructor(private readonly prisma: Db) {}

  async byE164(e164: string, limit: number): Promise<PhoneMatchRow[]> {
    return this.prisma.phoneNumber.findMany({
      where: { e164, client: { mergedIntoId: null } },
      select: phoneSelect,
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  async byNsnRevRange(lo: string, hi: string | null, limit: number): Promise<PhoneMatchRow[]> {
    return this.prisma.phoneNumber.findMany({
      where: { nsnRev: hi === null ? { gte: lo } : { gte: lo, lt: hi }, client: { mergedIntoId: null } },
      select: phoneSelect,
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  async card(clientId: number, contactId: number | null): Promise<CallerCard | null> {
    const c = await this.prisma.client.findUnique({
      where: { id: clientId },
      select: {
        id: true, name: true, kind: true, vip: true, segment: true, notes: true,
        contacts: { where: { id: contactId ?? -1 }, select: { id: true, name: true, position: true } },
        responsible: {
          select: { id: true, name: true, extensions: { select: { extension: true }, orderBy: { extension: 'asc' } } },
        },
        deals: {
          where: { status: 'open' },
          orderBy: { id: 'desc' },
          take: cardLimits.deals,
          select: { id: true, title: true, amount: true, currency: true, stage: { select: { name: true } } },
        },
        tasks: {
          where: { status: { in: ['open', 'in_progress'] } },
          orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
          take: cardLimits.tasks,
          select: { id: true, title: true, dueAt: true, priority: true, assignee: { select: { id: true, name: true } } },
        },
        interactions: {
          orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
          take: cardLimits.interactions,
          select: { id: true, kind: true, direction: true, outcome: true, startedAt: true, subject: true },
        },
      },
    });
    if (!c) return null;
    const r = c.responsible;
    return {
      client: { id: c.id, name: c.name, kind: c.kind, vip: c.vip, segment: c.segment },
      contact: c.contacts[0] ?? null,
      responsible: r ? { id: r.id, name: r.name, extensions: r.extensions.map((e) => e.extension) } : null,
      openDeals: c.deals.map((d) => ({ id: d.id, title: d.title, stage: d.stage.name, amount: d.amount, currency: d.currency })),
      openTasks: c.tasks,
      lastInteractions: c.interactions,
      notes: c.notes,
    };
  }

  async summaries(clientIds: readonly number[]): Promise<ClientSummaryRow[]> {
    const rows = await this.prisma.client.findMany({ where: { id: { in: [...clientIds] } }, select: summarySelect });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return clientIds.flatMap((id) => byId.get(id) ?? []);
  }
}
