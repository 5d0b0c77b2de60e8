import { z } from 'zod';
import { ZariError } from '../../../kernel/index.js';
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
    return { ...r, givenAt: r.givenAt.toISOString(), revokedAt: null, evidence: r.evidence };
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
