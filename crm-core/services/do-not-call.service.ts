import { ZariError, type Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import type { Page } from '../domain/common.schema.js';
import { dncAddSchema, dncListQuerySchema, type DncAddInput, type DncEntryDto } from '../domain/do-not-call.schema.js';
import { assertCan } from './client-access.js';
import type { CrmDeps } from './deps.js';
import { validate } from './json.js';

type DncRow = Prisma.DoNotCallGetPayload<object>;
const mapDnc = (r: DncRow): DncEntryDto => ({
  id: r.id, phone: r.phone, campaignId: r.campaignId, reason: r.reason, source: r.source, createdById: r.createdById, createdAt: r.createdAt.toISOString(),
});

/** Do-not-call list by E.164: global entries (campaignId null) and per-campaign entries. */
export class DoNotCallService {
  constructor(private readonly deps: CrmDeps) {}

  private toE164(phone: string): string {
    const n = this.deps.phones.normalize(phone);
    if (!n.e164) throw new ZariError('invalid_phone_number', `not an external number: ${phone}`, { field: 'phone' });
    return n.e164;
  }

  /** Adds a number; adding it again is a no-op that returns the existing entry. */
  async add(actor: Actor, input: DncAddInput): Promise<DncEntryDto> {
    assertCan(actor, 'dnc:manage');
    const v = validate(dncAddSchema, input);
    const phone = this.toE164(v.phone);
    const campaignId = v.campaignId ?? null;
    // (phone, campaignId) is unique, but NULL campaignIds do not collide in SQL: look first
    const existing = await this.deps.db.doNotCall.findFirst({ where: { phone, campaignId } });
    if (existing) return mapDnc(existing);
    return this.deps.db.$transaction(async (tx) => {
      const r = await tx.doNotCall.create({ data: { phone, campaignId, reason: v.reason ?? null, source: v.source, createdById: actor.userId || null } });
      await this.deps.audit.record(actor, 'dnc.add', 'dnc', r.id, { phone, campaignId }, tx);
      return mapDnc(r);
    });
  }

  /** Removes a number from the global list (campaignId null) or from one campaign's list. */
  async remove(actor: Actor, phone: string, campaignId: number | null = null): Promise<boolean> {
    assertCan(actor, 'dnc:manage');
    const e164 = this.toE164(phone);
    return this.deps.db.$transaction(async (tx) => {
      const r = await tx.doNotCall.deleteMany({ where: { phone: e164, campaignId } });
      if (r.count > 0) await this.deps.audit.record(actor, 'dnc.remove', 'dnc', null, { phone: e164, campaignId }, tx);
      return r.count > 0;
    });
  }

  /** True when the number must not be called: on the global list, or on this campaign's list. */
  async isBlocked(phone: string, campaignId: number | null = null): Promise<boolean> {
    const n = this.deps.phones.normalize(phone);
    if (!n.e164) return false;
    const hit = await this.deps.db.doNotCall.findFirst({
      where: { phone: n.e164, OR: [{ campaignId: null }, ...(campaignId !== null ? [{ campaignId }] : [])] },
      select: { id: true },
    });
    return hit !== null;
  }

  async list(actor: Actor, query: { limit?: number; offset?: number; campaignId?: number | null } = {}): Promise<Page<DncEntryDto>> {
    assertCan(actor, 'dnc:read');
    const q = validate(dncListQuerySchema, query);
    const where = q.campaignId !== undefined ? { campaignId: q.campaignId } : {};
    const [rows, total] = await Promise.all([
      this.deps.db.doNotCall.findMany({ where, orderBy: { id: 'asc' }, skip: q.offset, take: q.limit }),
      this.deps.db.doNotCall.count({ where }),
    ]);
    return { items: rows.map(mapDnc), total, limit: q.limit, offset: q.offset };
  }
}
