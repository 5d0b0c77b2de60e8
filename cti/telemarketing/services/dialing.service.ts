import { z } from 'zod';
import { notFound, ZariError, type Prisma } from '../../../kernel/index.js';
import { systemActor, type Actor } from '../../../crm-core/index.js';
import { campaignSettingsSchema, type CampaignSettings, type RetryOutcome } from '../domain/campaign.schema.js';
import { checkCompliance, type ComplianceVerdict } from '../domain/compliance.js';
import { findDisposition } from '../domain/disposition.js';
import { startOfLocalDay } from '../domain/local-time.js';
import { nextRetry } from '../domain/retry-policy.js';
import type { ConsentService } from './consent.service.js';
import { assertRole, dialers, nowOf, parseWith, type TelemarketingDeps } from './deps.js';

type EntryRow = Prisma.CallListEntryGetPayload<object>;
type CampaignRow = Prisma.CampaignGetPayload<object>;

export interface DialTarget { entryId: number; attemptId: number; phone: string; clientId: number | null; contactId: number | null; callbackUserId: number | null }

export const completeInputSchema = z.object({
  disposition: z.string().min(1).max(50),
  /** question id → typed answer (already checked by the script runner) */
  answers: z.record(z.string().min(1).max(64), z.union([z.string(), z.number(), z.array(z.string())])).default({}),
  callbackAt: z.coerce.date().optional(),
  /** true: only this telemarketer takes the callback; false: anyone (shared) */
  personalCallback: z.boolean().default(true),
});
export type CompleteInput = z.input<typeof completeInputSchema>;

const pbxResults = ['busy', 'no_answer', 'failed', 'abandoned'] as const;

/**
 * Picking the next entry, the compliance check before every dial, and the list logic after it:
 * PBX results follow the retry schedule; dispositions are final, retry, callback or "stop calling
 * me" (DNC at once, which no later outcome clears). The ARI dialer loop calls these.
 */
export class DialingService {
  constructor(private readonly deps: TelemarketingDeps & { consents: ConsentService }) {}

  private async campaign(id: number): Promise<{ row: CampaignRow; settings: CampaignSettings }> {
    const row = await this.deps.db.campaign.findUnique({ where: { id } });
    if (!row) throw notFound('campaign', id);
    return { row, settings: campaignSettingsSchema.parse(JSON.parse(row.settings)) };
  }

  private async entry(id: number): Promise<EntryRow & { campaignId: number }> {
    const e = await this.deps.db.callListEntry.findUnique({ where: { id }, include: { list: { select: { campaignId: true } } } });
    if (!e) throw notFound('call list entry', id);
    return { ...e, campaignId: e.list.campaignId };
  }

  /** The compliance verdict for dialing this entry now. */
  async check(entryId: number, who: { initiator: 'person' | 'dialer'; userId: number | null }): Promise<ComplianceVerdict> {
    const e = await this.entry(entryId);
    const { row, settings } = await this.campaign(e.campaignId);
    const now = nowOf(this.deps);
    const tz = e.timeZone ?? settings.defaultTimeZone;
    const dayStart = startOfLocalDay(now, tz);
    const [global, any, consent, numberToday, numberTotal, contactToday, contactTotal] = await Promise.all([
      this.deps.dnc.isBlocked(e.phone, null),
      this.deps.dnc.isBlocked(e.phone, row.id),
      row.requiresConsent ? this.deps.consents.has(e.phone, row.id) : Promise.resolve(false),
      this.deps.db.dialAttempt.count({ where: { phone: e.phone, startedAt: { gte: dayStart } } }),
      this.deps.db.dialAttempt.count({ where: { phone: e.phone, campaignId: row.id } }),
      e.clientId === null ? Promise.resolve(0) : this.deps.db.dialAttempt.count({ where: { clientId: e.clientId, startedAt: { gte: dayStart } } }),
      e.clientId === null ? Promise.resolve(0) : this.deps.db.dialAttempt.count({ where: { clientId: e.clientId, campaignId: row.id } }),
    ]);
    return checkCompliance({
      now, timeZone: tz, window: settings.callingWindow, limits: settings.limits, dnc: global ? 'global' : any ? 'campaign' : 'none',
      requiresConsent: row.requiresConsent, hasConsent: consent, manualOnly: row.manualOnly, initiator: who.initiator, userId: who.userId,
      attempts: { contactToday: e.clientId === null ? numberToday : contactToday, contactTotal: e.clientId === null ? numberTotal : contactTotal, numberToday, numberTotal },
      ...(e.callbackAt ? { callback: { at: e.callbackAt, userId: e.callbackUserId } } : {}),
    });
  }

  /**
   * The next entry this telemarketer (or the dialer, userId null) may dial now, already checked and
   * with its attempt started. Entries refused by compliance are rescheduled (temporary) or blocked
   * (permanent) on the way. Due callbacks first (personal before shared), then by priority.
   */
  async next(actor: Actor, campaignId: number, initiator: 'person' | 'dialer', maxScan = 50): Promise<DialTarget | null> {
    assertRole(actor, dialers, 'campaigns:dial');
    const { row } = await this.campaign(campaignId);
    if (row.status !== 'running') throw new ZariError('conflict', `campaign ${campaignId} is ${row.status}`);
    const now = nowOf(this.deps);
    const userId = actor.userId || null;
    const candidates = await this.deps.db.callListEntry.findMany({
      where: { list: { campaignId }, OR: [
        { state: 'callback', callbackAt: { lte: now }, OR: [{ callbackUserId: null }, ...(userId ? [{ callbackUserId: userId }] : [])] },
        { state: 'pending', OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
      ] },
      orderBy: [{ list: { priority: 'desc' } }, { priority: 'desc' }, { id: 'asc' }],
      take: maxScan,
    });
    candidates.sort((a, b) => Number(b.state === 'callback') - Number(a.state === 'callback') || Number(b.callbackUserId !== null) - Number(a.callbackUserId !== null));
    for (const e of candidates) {
      const v = await this.check(e.id, { initiator, userId });
      if (v.allowed) return this.start(e, campaignId, userId);
      await this.deps.db.callListEntry.update({ where: { id: e.id }, data: v.permanent ? { state: 'blocked', outcome: v.reason } : { nextAttemptAt: v.retryAt ?? null } });
      this.deps.logger.debug({ entryId: e.id, reason: v.reason }, 'entry refused by compliance');
    }
    return null;
  }

  private async start(e: EntryRow, campaignId: number, userId: number | null): Promise<DialTarget | null> {
    // claim it: only one dialer wins an entry
    const claimed = await this.deps.db.callListEntry.updateMany({ where: { id: e.id, state: e.state }, data: { state: 'in_progress', attempts: { increment: 1 } } });
    if (claimed.count === 0) return null;
    const a = await this.deps.db.dialAttempt.create({ data: { entryId: e.id, campaignId, clientId: e.clientId, phone: e.phone, userId, state: 'dialing', startedAt: nowOf(this.deps) } });
    return { entryId: e.id, attemptId: a.id, phone: e.phone, clientId: e.clientId, contactId: e.contactId, callbackUserId: e.callbackUserId };
  }

  /** A PBX result without a conversation: retry per schedule (in the callee's window) or finish as exhausted. */
  async recordResult(attemptId: number, result: unknown): Promise<{ state: string; nextAttemptAt: Date | null }> {
    const r = parseWith(z.enum(pbxResults), result);
    const a = await this.deps.db.dialAttempt.findUnique({ where: { id: attemptId } });
    if (!a) throw notFound('dial attempt', attemptId);
    const now = nowOf(this.deps);
    await this.deps.db.dialAttempt.update({ where: { id: a.id }, data: { state: 'ended', result: r, endedAt: now } });
    return this.reschedule(a.entryId, r, now);
  }

  private async reschedule(entryId: number, outcome: RetryOutcome | 'disposition', now: Date): Promise<{ state: string; nextAttemptAt: Date | null }> {
    const e = await this.entry(entryId);
    const { settings } = await this.campaign(e.campaignId);
    const retries = await this.deps.db.dialAttempt.count({ where: { entryId, ...(outcome === 'disposition' ? { disposition: { not: null } } : { result: outcome }) } });
    const d = nextRetry(outcome, Math.max(0, retries - 1), settings.retry, now, e.timeZone ?? settings.defaultTimeZone, settings.callingWindow);
    const data = d.retry ? { state: 'pending', nextAttemptAt: d.at, outcome } : { state: 'done', nextAttemptAt: null, outcome: 'retries_exhausted' };
    await this.deps.db.callListEntry.update({ where: { id: entryId }, data: { ...data, callbackAt: null, callbackUserId: null } });
    return { state: data.state, nextAttemptAt: data.nextAttemptAt };
  }

  /** The telemarketer's result of a conversation: answers stored, disposition applied to the list. */
  async complete(actor: Actor, attemptId: number, input: CompleteInput): Promise<{ state: string; nextAttemptAt: Date | null }> {
    assertRole(actor, dialers, 'campaigns:dial');
    const v = parseWith(completeInputSchema, input);
    const a = await this.deps.db.dialAttempt.findUnique({ where: { id: attemptId } });
    if (!a) throw notFound('dial attempt', attemptId);
    if (a.disposition !== null) throw new ZariError('conflict', `attempt ${attemptId} is already completed`);
    const e = await this.entry(a.entryId);
    const { settings } = await this.campaign(e.campaignId);
    const disp = findDisposition(settings.dispositions, v.disposition);
    if (!disp) throw new ZariError('validation_failed', `unknown disposition "${v.disposition}"`, { field: 'disposition' });
    if (disp.kind === 'callback' && !v.callbackAt) throw new ZariError('validation_failed', 'a callback needs callbackAt', { field: 'callbackAt' });
    const now = nowOf(this.deps);
    await this.deps.db.$transaction(async (tx) => {
      await tx.dialAttempt.update({ where: { id: a.id }, data: { state: 'ended', result: a.result ?? 'answered', disposition: disp.code, endedAt: now } });
      await tx.scriptAnswer.createMany({ data: Object.entries(v.answers).map(([questionId, value]) => ({ attemptId: a.id, campaignId: e.campaignId, clientId: e.clientId, contactId: e.contactId, questionId, value: JSON.stringify(value) })) });
    });
    switch (disp.kind) {
      case 'final': return this.setEntry(e.id, { state: 'done', outcome: disp.code });
      case 'retry': return this.reschedule(e.id, 'disposition', now);
      case 'callback': return this.setEntry(e.id, { state: 'callback', outcome: disp.code, callbackAt: v.callbackAt ?? null, callbackUserId: v.personalCallback ? actor.userId || null : null, nextAttemptAt: null });
      case 'dnc': return this.stopCalling(e, settings, disp.code);
    }
  }

  /** "Stop calling me": DNC (global or campaign) and consents revoked at once; the entry is blocked. */
  private async stopCalling(e: EntryRow & { campaignId: number }, settings: CampaignSettings, code: string): Promise<{ state: string; nextAttemptAt: Date | null }> {
    await this.deps.dnc.add(systemActor, { phone: e.phone, campaignId: settings.stopScope === 'campaign' ? e.campaignId : null, source: 'stop_request', reason: `disposition ${code}` });
    await this.deps.consents.revokeAll(e.phone);
    return this.setEntry(e.id, { state: 'blocked', outcome: code });
  }

  private async setEntry(id: number, data: Prisma.CallListEntryUpdateInput): Promise<{ state: string; nextAttemptAt: Date | null }> {
    const r = await this.deps.db.callListEntry.update({ where: { id }, data });
    return { state: r.state, nextAttemptAt: r.nextAttemptAt };
  }
}
