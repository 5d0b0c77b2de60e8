import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { Emitter, ZariError, type Db, type Logger } from '../../kernel/index.js';
import type { PhoneNormalizer } from '../../crm-core/index.js';
import { encodeSubmit } from '../pdu/encode-submit.js';
import type { SmsProvider } from '../ports/sms-provider.port.js';
import { mapSms, type SmsMessageDto, type SmsRow } from './map-sms.js';
import { sendAttempt, type AttemptResult, type RetryPolicy } from './sms-send-attempt.js';
import { assertTransition, type SmsState } from './sms-state.js';
import { SmsReports } from './sms-reports.js';

export const enqueueSchema = z.object({
  to: z.string().trim().min(1).max(40),
  text: z.string().min(1).max(255 * 153),
  clientId: z.number().int().positive().nullable().optional(),
  createdById: z.number().int().positive().nullable().optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
  batchId: z.string().max(64).optional(),
  maxAttempts: z.number().int().min(1).max(50).optional(),
});
export type EnqueueInput = z.input<typeof enqueueSchema>;

export interface SmsQueueDeps {
  readonly db: Db;
  readonly provider: SmsProvider;
  readonly phones: PhoneNormalizer;
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
  /** per-modem rate limit: minimum time between two parts on one modem */
  readonly minIntervalMs?: number;
  /** how often due messages are looked for (new messages and reports also wake the worker) */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

export interface SmsQueueEvents extends Record<string, unknown> {
  state: SmsMessageDto;
}

/**
 * The outbound queue. A message is written to the database (state `queued`) before `enqueue` returns, so an
 * accepted message survives a crash; the worker claims it with a conditional update (queued → sending), routes
 * it to a ready modem (round robin; a half-sent message stays on its modem), paces parts per modem, retries
 * transient failures with exponential backoff, and never resends a part the modem may already have sent.
 */
export class SmsQueueService {
  readonly events = new Emitter<SmsQueueEvents>((err) => this.deps.logger.error({ err }, 'sms state listener failed'));
  readonly reports: SmsReports;
  private readonly busy = new Set<string>();
  private readonly lastUsed = new Map<string, number>();
  private readonly nextFreeAt = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private again = false;
  private running = false;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: SmsQueueDeps) {
    this.reports = new SmsReports({ db: deps.db, logger: deps.logger, move: (row, from, to, data) => this.move(row, from, to, data) });
  }

  private now(): Date { return this.deps.clock?.() ?? new Date(); }

  /** Validates, normalises the number, persists (state `queued`) and wakes the worker. */
  async enqueue(input: EnqueueInput): Promise<SmsMessageDto> {
    const v = enqueueSchema.parse(input);
    if (v.idempotencyKey) {
      const existing = await this.deps.db.smsMessage.findUnique({ where: { idempotencyKey: v.idempotencyKey } });
      if (existing) return mapSms(existing);
    }
    const number = this.deps.phones.normalize(v.to);
    if (number.kind !== 'external' || number.e164 === null) {
      throw new ZariError('invalid_phone_number', `cannot send an SMS to ${v.to}`, { to: v.to });
    }
    const concatRef = randomInt(256);
    const encoded = encodeSubmit({ to: number.e164, text: v.text, concatRef });
    const row = await this.deps.db.smsMessage.create({
      data: {
        direction: 'outbound', state: 'queued', phone: number.e164, rawPhone: v.to, clientId: v.clientId ?? null, text: v.text,
        encoding: encoded.encoding, partsTotal: encoded.parts.length, concatRef, nextAttemptAt: this.now(),
        createdById: v.createdById ?? null, idempotencyKey: v.idempotencyKey ?? null, batchId: v.batchId ?? null,
        ...(v.maxAttempts === undefined ? {} : { maxAttempts: v.maxAttempts }),
      },
    });
    const dto = mapSms(row);
    this.events.emit('state', dto);
    this.kick();
    return dto;
  }

  /** Recovers messages a previous run left in `sending`, then starts the worker. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.recover();
    this.offs.push(this.deps.provider.events.on('report', (r) => this.reports.push(r)));
    this.offs.push(this.deps.provider.events.on('channel', (c) => { if (c.state === 'ready') this.kick(); }));
    this.timer = setInterval(() => this.kick(), this.deps.pollMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  /** Stops claiming; waits for messages in flight to finish their attempt. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    for (const off of this.offs.splice(0)) off();
    while (this.inflight.size > 0 || this.ticking) await Promise.race([...this.inflight, new Promise((r) => setTimeout(r, 20))]);
    await this.reports.idle();
  }

  /** `sending` rows from a crash: back to `queued`, unless a part's outcome is unknown (then failed, not resent). */
  async recover(): Promise<{ requeued: number; failed: number }> {
    const rows = await this.deps.db.smsMessage.findMany({ where: { state: 'sending' } });
    let requeued = 0;
    for (const row of rows) {
      if (row.submittingPart === null) {
        if (await this.move(row, 'sending', 'queued', { nextAttemptAt: this.now() })) requeued += 1;
      } else {
        const reason = `outcome unknown: zari stopped while part ${row.submittingPart + 1} was with the modem; not resent`;
        await this.move(row, 'sending', 'failed', { failReason: reason, submittingPart: null });
      }
    }
    if (rows.length > 0) this.deps.logger.warn({ requeued, failed: rows.length - requeued }, 'sms recovered after restart');
    return { requeued, failed: rows.length - requeued };
  }

  /** Wakes the worker (coalesced). */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.tick().catch((err: unknown) => this.deps.logger.error({ err }, 'sms queue tick failed')).finally(() => {
      this.ticking = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async tick(): Promise<void> {
    const free = this.freeChannels();
    if (free.length === 0) return;
    const due = await this.deps.db.smsMessage.findMany({
      where: { state: 'queued', nextAttemptAt: { lte: this.now() } }, orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }], take: free.length * 4,
    });
    for (const row of due) {
      if (!this.running) return;
      const channel = this.route(row);
      if (!channel) continue;
      const claimed = await this.deps.db.smsMessage.updateMany({
        where: { id: row.id, state: 'queued' }, data: { state: 'sending', modemId: channel, provider: this.deps.provider.name, attempts: { increment: 1 } },
      });
      if (claimed.count !== 1) continue;
      this.busy.add(channel);
      this.lastUsed.set(channel, Date.now());
      this.emitRow(row.id);
      const p = this.run(row, channel).finally(() => {
        this.busy.delete(channel);
        this.inflight.delete(p);
        this.kick();
      });
      this.inflight.add(p);
    }
  }

  private freeChannels(): string[] {
    return this.deps.provider.channels().filter((c) => c.state === 'ready' && !this.busy.has(c.id)).map((c) => c.id);
  }

  /** Round robin over free ready modems; a message with parts already out stays on its modem. */
  private route(row: SmsRow): string | null {
    const free = this.freeChannels();
    if (row.partsSent > 0 && row.modemId) return free.includes(row.modemId) ? row.modemId : null;
    free.sort((a, b) => (this.lastUsed.get(a) ?? 0) - (this.lastUsed.get(b) ?? 0));
    return free[0] ?? null;
  }

  private async pace(channelId: string): Promise<void> {
    const wait = (this.nextFreeAt.get(channelId) ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.nextFreeAt.set(channelId, Date.now() + (this.deps.minIntervalMs ?? 0));
  }

  private async run(row: SmsRow, channel: string): Promise<void> {
    let result: AttemptResult;
    try {
      result = await sendAttempt({
        db: this.deps.db, provider: this.deps.provider, logger: this.deps.logger, now: () => this.now(),
        retry: this.deps.retry ?? { baseMs: 5000, maxMs: 10 * 60_000 }, pace: (c) => this.pace(c),
      }, row, channel);
    } catch (err) {
      this.deps.logger.error({ err, sms: row.id }, 'sms attempt crashed');
      result = { kind: 'retry', at: new Date(this.now().getTime() + 5000), reason: err instanceof Error ? err.message : String(err) };
    }
    if (result.kind === 'sent') {
      await this.move(row, 'sending', 'sent', { ...result.data, sentAt: this.now(), failReason: null });
      this.reports.afterSent(row.id);
    } else if (result.kind === 'retry') {
      await this.move(row, 'sending', 'queued', { nextAttemptAt: result.at, failReason: result.reason, submittingPart: null });
    } else {
      await this.move(row, 'sending', 'failed', { failReason: result.reason, submittingPart: null });
    }
  }

  /** A checked transition (table + conditional update); false when another worker moved it first. */
  async move(row: Pick<SmsRow, 'id'>, from: SmsState, to: SmsState, data: Record<string, unknown> = {}): Promise<boolean> {
    assertTransition(from, to);
    const res = await this.deps.db.smsMessage.updateMany({ where: { id: row.id, state: from }, data: { ...data, state: to } });
    if (res.count === 1) this.emitRow(row.id);
    return res.count === 1;
  }

  private emitRow(id: number): void {
    if (this.events.listenerCount('state') === 0) return;
    this.deps.db.smsMessage.findUnique({ where: { id } }).then((r) => { if (r) this.events.emit('state', mapSms(r)); })
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'sms state event failed'));
  }
}
