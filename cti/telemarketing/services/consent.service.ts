import { z } from 'zod';
import { notFound, ZariError, type Prisma } from '../../../kernel/index.js';
import type { Actor } from '../../../crm-core/index.js';
import { dialers, assertRole, nowOf, parseWith, type TelemarketingDeps } from './deps.js';

export const consentInputSchema = z.object({
  phone: z.string().trim().min(1).max(64),
  clientId: z.number().int().positive().optional(),
  /** null/absent: consent for every campaign */
  campaignId: z.number().int().positive().optional(),
  method: z.enum(['call', 'web', 'paper', 'sms', 'other']),
  givenBy: z.string().trim().min(1).max(200),
  givenAt: z.coerce.date().optional(),
  evidence: z.string().trim().max(2000).optional(),
});
export type ConsentInput = z.input<typeof consentInputSchema>;

export interface ConsentDto { id: number; phone: string; clientId: number | null; campaignId: number | null; method: string; givenBy: string; givenAt: string; evidence: string | null; revokedAt: string | null; recordedById: number | null }

const toDto = (r: Prisma.ConsentGetPayload<object>): ConsentDto => ({
  id: r.id, phone: r.phone, clientId: r.clientId, campaignId: r.campaignId, method: r.method, givenBy: r.givenBy, givenAt: r.givenAt.toISOString(),
  evidence: r.evidence, revokedAt: r.revokedAt ? r.revokedAt.toISOString() : null, recordedById: r.recordedById,
});

/** Recorded consent to advertising calls: who gave it, when, how. "Stop calling me" revokes all of a number's consents. */
export class ConsentService {
  constructor(private readonly deps: TelemarketingDeps) {}

  private e164(phone: string): string {
    const n = this.deps.phones.normalize(phone);
    if (!n.e164) throw new ZariError('invalid_phone_number', `not an external number: ${phone}`, { field: 'phone' });
    return n.e164;
  }

  async record(actor: Actor, input: ConsentInput): Promise<ConsentDto> {
    assertRole(actor, dialers, 'consent:record');
    const v = parseWith(consentInputSchema, input);
    const r = await this.deps.db.consent.create({ data: {
      phone: this.e164(v.phone), clientId: v.clientId ?? null, campaignId: v.campaignId ?? null, method: v.method, givenBy: v.givenBy,
      givenAt: v.givenAt ?? nowOf(this.deps), evidence: v.evidence ?? null, recordedById: actor.userId || null,
    } });
    return toDto(r);
  }

  /** The consents given for a client or any of its numbers, newest first (revoked ones included). */
  async ofClient(clientId: number): Promise<ConsentDto[]> {
    const phones = await this.deps.db.phoneNumber.findMany({ where: { clientId, e164: { not: null } }, select: { e164: true } });
    const numbers = phones.flatMap((p) => (p.e164 ? [p.e164] : []));
    const rows = await this.deps.db.consent.findMany({ where: { OR: [{ clientId }, { phone: { in: numbers } }] }, orderBy: { id: 'desc' }, take: 200 });
    return rows.map(toDto);
  }

  /** Withdraws one consent (the customer said so, or it was recorded by mistake). */
  async revoke(actor: Actor, id: number): Promise<ConsentDto> {
    assertRole(actor, dialers, 'consent:record');
    const r = await this.deps.db.consent.findUnique({ where: { id } });
    if (!r) throw notFound('consent', id);
    if (r.revokedAt) return toDto(r);
    return toDto(await this.deps.db.consent.update({ where: { id }, data: { revokedAt: nowOf(this.deps) } }));
  }

  /** A valid consent covers this number for this campaign (or all campaigns) and is not revoked. */
  async has(phone: string, campaignId: number): Promise<boolean> {
    const n = this.deps.phones.normalize(phone);
    if (!n.e164) return false;
    const hit = await this.deps.db.consent.findFirst({ where: { phone: n.e164, revokedAt: null, OR: [{ campaignId: null }, { campaignId }] }, select: { id: true } });
    return hit !== null;
  }

  /** Revokes every consent of the number; returns how many. */
  async revokeAll(phone: string): Promise<number> {
    const r = await this.deps.db.consent.updateMany({ where: { phone: this.e164(phone), revokedAt: null }, data: { revokedAt: nowOf(this.deps) } });
    return r.count;
  }
}
