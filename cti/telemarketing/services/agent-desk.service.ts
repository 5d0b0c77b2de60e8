import { z } from 'zod';
import { ZariError, type Logger, type Prisma } from '../../../kernel/index.js';
import type { Actor, CallerCard, InteractionCreateInput } from '../../../crm-core/index.js';
import type { DialMode } from '../domain/campaign.schema.js';
import type { DispositionKind } from '../domain/disposition.js';
import { advance, answerLabel, initialRunnerState, type AnswerValue, type RunnerAction, type RunnerEnd, type RunnerOutput, type RunnerState } from '../domain/script-runner.js';
import type { Question, Script } from '../domain/script.schema.js';
import type { SubstitutionVars } from '../domain/substitute.js';
import type { CampaignDto } from './campaign.service.js';
import type { CampaignReportService } from './campaign-report.service.js';
import { assertRole, dialers, nowOf, parseWith, type TelemarketingDeps } from './deps.js';
import type { DialTarget } from './dialing.service.js';
import type { ScriptEffectsService } from './script-effects.service.js';
import type { TelemarketingServices } from './telemarketing-services.js';

/**
 * The telemarketer's workplace: ready/pause, the current contact (card + script run), the dial in
 * preview mode, answers stepped through the script runner on the server (so a bad answer is refused
 * with its reason and a reload or a restart loses nothing: the run is stored on the dial attempt),
 * and the result: answers stored, effects applied, a note on the client's timeline, the list logic
 * applied, and the next contact. Progressive/predictive calls arrive from the dialer (`assign`).
 */
export type DeskState = 'offline' | 'ready' | 'paused' | 'talking' | 'wrapup';

export interface DeskQuestion {
  stepId: string; questionId: string; text: string; type: Question['type'];
  options: { value: string; label: string }[]; min?: number; max?: number; required: boolean;
}
export type TranscriptLine = { kind: 'say'; stepId: string; text: string } | { kind: 'answer'; questionId: string; question: string; answer: string };
export interface DeskScript {
  title: string; transcript: TranscriptLine[]; ask: DeskQuestion | null; end: RunnerEnd | null; answers: Record<string, AnswerValue>;
}
export interface DeskClient {
  id: number; name: string; responsibleName: string | null; segment: string | null; notes: string | null;
  openDeals: { id: number; title: string; stage: string; amount: string | null }[];
  openTasks: { id: number; title: string; dueAt: string | null }[];
}
export interface WorkItem {
  attemptId: number; campaignId: number; campaignName: string; dialMode: DialMode; phone: string;
  client: DeskClient | null; contactName: string | null; callback: { at: string; personal: boolean } | null;
  dialed: boolean; script: DeskScript;
  dispositions: { code: string; label: string; kind: DispositionKind }[];
}
export interface DeskView {
  state: DeskState; campaignId: number | null;
  campaigns: { id: number; name: string; dialMode: DialMode }[];
  work: WorkItem | null;
  idle: 'no_numbers' | 'waiting_for_call' | null;
  stats: { handled: number; success: number };
}

/** What the desk keeps on the dial attempt (DialAttempt.scriptState), JSON. */
const storedRunSchema = z.object({
  v: z.literal(1),
  scriptVersionId: z.number().int(),
  runner: z.object({ stepId: z.string().nullable(), answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])), finished: z.boolean(), trail: z.array(z.string()) }),
  transcript: z.array(z.union([
    z.object({ kind: z.literal('say'), stepId: z.string(), text: z.string() }),
    z.object({ kind: z.literal('answer'), questionId: z.string(), question: z.string(), answer: z.string() }),
  ])),
  /** effects, set_field and schedule_callback actions not yet applied (applied at the result) */
  actions: z.array(z.record(z.string(), z.unknown())),
  ask: z.object({ stepId: z.string(), questionId: z.string(), text: z.string() }).nullable(),
  end: z.union([z.object({ type: z.literal('end'), disposition: z.string(), text: z.string().optional() }), z.object({ type: z.literal('transfer'), to: z.string(), text: z.string().optional() })]).nullable(),
  dialed: z.boolean(),
});
type StoredRun = z.infer<typeof storedRunSchema>;

export const deskAnswerSchema = z.object({ questionId: z.string().min(1).max(64), value: z.union([z.string().max(4000), z.number(), z.array(z.string().max(100)).max(50)]) });
export const deskCompleteSchema = z.object({
  disposition: z.string().min(1).max(50).optional(),
  /** a PBX result instead of a conversation (preview: nobody answered) — the retry schedule applies */
  result: z.enum(['busy', 'no_answer', 'failed']).optional(),
  note: z.string().trim().max(4000).optional(),
  callbackAt: z.coerce.date().optional(),
  personalCallback: z.boolean().default(true),
}).refine((v) => (v.disposition === undefined) !== (v.result === undefined), { message: 'give a disposition or a result', path: ['disposition'] });

export interface AutoDialer {
  /** whether campaigns in this mode dial automatically here (false: no PBX dialer → preview) */
  available(campaign: CampaignDto): boolean;
  agentReady(campaignId: number, userId: number): Promise<void>;
  agentPause(campaignId: number, userId: number): void;
  agentLeft(campaignId: number, userId: number): void;
  wrapUpDone(campaignId: number, userId: number): Promise<void>;
}

export interface AgentDeskDeps extends TelemarketingDeps {
  readonly telemarketing: TelemarketingServices;
  readonly effects: ScriptEffectsService;
  /** the telemarketer's figures of the day (handled, successful) */
  readonly reports: Pick<CampaignReportService, 'agentDay'>;
  readonly cards: { cardOfClient(clientId: number, contactId?: number | null): Promise<CallerCard | null> };
  readonly timeline: { create(actor: Actor, input: InteractionCreateInput): Promise<unknown> };
  readonly userName: (userId: number) => Promise<string | null>;
  /** click-to-dial from the actor's extension (null: no PBX) */
  readonly dial: ((actor: Actor, phone: string) => Promise<unknown>) | null;
  /** the live push of a desk to its user's browsers */
  readonly push?: (userId: number, view: DeskView) => void;
}

interface Seat { campaignId: number | null; state: 'offline' | 'ready' | 'paused'; since: Date }

const toJsonActions = (actions: readonly RunnerAction[]): Record<string, unknown>[] =>
  actions.filter((a) => a.type !== 'say').map((a) => (a.type === 'schedule_callback' ? { ...a, at: a.at.toISOString() } : { ...a }));
const fromJsonActions = (raw: readonly Record<string, unknown>[]): RunnerAction[] =>
  raw.map((a) => (a['type'] === 'schedule_callback' ? { ...a, at: new Date(String(a['at'])) } : a) as unknown as RunnerAction);

export class AgentDeskService {
  private readonly seats = new Map<number, Seat>();
  private readonly log: Logger;
  private auto: AutoDialer | null = null;

  constructor(private readonly deps: AgentDeskDeps) {
    this.log = deps.logger.child({ ctx: 'desk' });
  }

  /** The campaign dialer (composition root), when a PBX can dial automatically. */
  useAutoDialer(auto: AutoDialer): void { this.auto = auto; }

  /** Who is ready, paused or on a call in a campaign (the supervisor's monitor). */
  seatsOf(campaignId: number): { userId: number; state: 'offline' | 'ready' | 'paused'; since: Date }[] {
    return [...this.seats.entries()].filter(([, s]) => s.campaignId === campaignId).map(([userId, s]) => ({ userId, state: s.state, since: s.since }));
  }

  async view(actor: Actor): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const seat = this.seat(actor.userId);
    const open = await this.openAttempt(actor.userId);
    const work = open ? await this.workItem(open.attempt, open.run) : null;
    const campaignId = work?.campaignId ?? seat.campaignId;
    const campaigns = (await this.deps.telemarketing.campaigns.list()).filter((c) => c.status === 'running');
    const current = campaigns.find((c) => c.id === campaignId);
    const state: DeskState = work ? (work.script.end !== null ? 'wrapup' : 'talking') : seat.state;
    const idle = work || seat.state !== 'ready' ? null : current && this.auto?.available(current) ? 'waiting_for_call' : 'no_numbers';
    // today's figures of the campaign the desk is on (it may be paused: then it is not among the running ones)
    const on = campaignId === null || !actor.userId ? null : current ?? await this.deps.telemarketing.campaigns.get(campaignId);
    const stats = on ? await this.deps.reports.agentDay(on, actor.userId) : { handled: 0, success: 0 };
    return { state, campaignId, campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, dialMode: c.dialMode })), work, idle, stats };
  }

  async ready(actor: Actor, campaignId: number): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const campaign = await this.deps.telemarketing.campaigns.get(campaignId);
    if (campaign.status !== 'running') throw new ZariError('conflict', `campaign ${campaignId} is ${campaign.status}`);
    const open = await this.openAttempt(actor.userId);
    if (open && open.attempt.campaignId !== campaignId) throw new ZariError('conflict', 'finish the current contact first');
    const previous = this.seat(actor.userId);
    if (previous.campaignId !== null && previous.campaignId !== campaignId) this.auto?.agentLeft(previous.campaignId, actor.userId);
    this.seats.set(actor.userId, { campaignId, state: 'ready', since: nowOf(this.deps) });
    if (!open) await this.takeNext(actor, campaign);
    return this.view(actor);
  }

  async pause(actor: Actor): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const open = await this.openAttempt(actor.userId);
    if (open && (open.run.dialed || Object.keys(open.run.runner.answers).length > 0)) throw new ZariError('conflict', 'finish the current contact before a pause');
    // preview: a contact taken but not dialed goes back to the list as if never taken
    if (open) await this.release(open.attempt);
    const seat = this.seat(actor.userId);
    if (seat.campaignId !== null) this.auto?.agentPause(seat.campaignId, actor.userId);
    this.seats.set(actor.userId, { ...seat, state: 'paused', since: nowOf(this.deps) });
    return this.view(actor);
  }

  /** Preview: the telemarketer has read the card and dials (click-to-dial from their extension). */
  async dial(actor: Actor): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const open = await this.mustOpen(actor);
    if (open.run.dialed) throw new ZariError('conflict', 'this number is already dialed');
    if (!this.deps.dial) throw new ZariError('pbx_unavailable', 'no PBX is connected: dial the number by hand, then log the result');
    await this.deps.dial(actor, open.attempt.phone);
    await this.save(open.attempt.id, { ...open.run, dialed: true });
    await this.deps.db.dialAttempt.update({ where: { id: open.attempt.id }, data: { state: 'ringing' } });
    return this.view(actor);
  }

  async answer(actor: Actor, input: unknown): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const v = parseWith(deskAnswerSchema, input);
    const open = await this.mustOpen(actor);
    if (!open.run.ask || open.run.ask.questionId !== v.questionId) throw new ZariError('conflict', `question "${v.questionId}" is not the one waiting for an answer`);
    const { script } = await this.deps.telemarketing.campaigns.getScriptVersion(open.run.scriptVersionId);
    const asked = open.run.ask;
    const out = advance(script, open.run.runner as RunnerState, { vars: await this.vars(actor, open.attempt), now: nowOf(this.deps) }, v.value);
    const value = out.state.answers[v.questionId];
    const line: TranscriptLine = { kind: 'answer', questionId: v.questionId, question: asked.text, answer: value === undefined ? '' : answerLabel(script, v.questionId, value) };
    await this.save(open.attempt.id, this.advanced(open.run, out, [line]));
    return this.view(actor);
  }

  /** The result: a disposition after a conversation, or a PBX result when nobody answered. */
  async complete(actor: Actor, input: unknown): Promise<DeskView> {
    assertRole(actor, dialers, 'telemarketing:desk');
    const v = parseWith(deskCompleteSchema, input);
    const { attempt, run } = await this.mustOpen(actor);
    const campaign = await this.deps.telemarketing.campaigns.get(attempt.campaignId);
    if (v.result) {
      await this.deps.telemarketing.dialing.recordResult(attempt.id, v.result);
      if (v.note) await this.deps.db.dialAttempt.update({ where: { id: attempt.id }, data: { note: v.note } });
    } else {
      const actions = fromJsonActions(run.actions);
      const scheduled = actions.find((a): a is Extract<RunnerAction, { type: 'schedule_callback' }> => a.type === 'schedule_callback');
      const callbackAt = v.callbackAt ?? scheduled?.at;
      await this.deps.telemarketing.dialing.complete(actor, attempt.id, {
        disposition: v.disposition ?? '', answers: run.runner.answers, personalCallback: scheduled && !v.callbackAt ? scheduled.personal : v.personalCallback,
        ...(callbackAt ? { callbackAt } : {}),
      });
      if (v.note) await this.deps.db.dialAttempt.update({ where: { id: attempt.id }, data: { note: v.note } });
      await this.afterConversation(actor, attempt, run, campaign, v.disposition ?? '', v.note, actions);
    }
    const seat = this.seat(actor.userId);
    if (seat.state === 'ready' && seat.campaignId === campaign.id) {
      if (this.auto?.available(campaign)) await this.auto.wrapUpDone(campaign.id, actor.userId);
      else await this.takeNext(actor, campaign);
    }
    return this.view(actor);
  }

  /** Progressive/predictive: the dialer connected a customer to this telemarketer. */
  async assign(target: DialTarget, campaignId: number, userId: number): Promise<void> {
    await this.deps.db.dialAttempt.update({ where: { id: target.attemptId }, data: { userId, state: 'connected', answeredAt: nowOf(this.deps) } });
    const attempt = await this.deps.db.dialAttempt.findUniqueOrThrow({ where: { id: target.attemptId } });
    await this.startRun(attempt, campaignId, true);
    await this.pushTo(userId);
  }

  /** Sends the user's desk to their browsers (after a change the browser did not ask for). */
  async pushTo(userId: number): Promise<void> {
    if (!this.deps.push) return;
    const user = await this.deps.db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    if (!user) return;
    const view = await this.view({ userId, role: user.role as Actor['role'], grants: [], extensions: [] });
    this.deps.push(userId, view);
  }

  // ---- internals

  private async release(attempt: AttemptRow): Promise<void> {
    await this.deps.db.$transaction(async (tx) => {
      const entry = await tx.callListEntry.findUnique({ where: { id: attempt.entryId }, select: { callbackAt: true } });
      await tx.dialAttempt.delete({ where: { id: attempt.id } });
      await tx.callListEntry.updateMany({ where: { id: attempt.entryId, state: 'in_progress' }, data: { state: entry?.callbackAt ? 'callback' : 'pending', attempts: { decrement: 1 } } });
    });
    this.log.info({ attemptId: attempt.id, entryId: attempt.entryId }, 'undialed contact released to the list');
  }

  /** A campaign changed status: every desk on it is pushed (a paused campaign leaves its telemarketers idle). */
  async campaignChanged(campaignId: number): Promise<void> {
    for (const [userId, seat] of this.seats) if (seat.campaignId === campaignId) await this.pushTo(userId);
  }

  private seat(userId: number): Seat {
    return this.seats.get(userId) ?? { campaignId: null, state: 'offline', since: nowOf(this.deps) };
  }

  private async takeNext(actor: Actor, campaign: CampaignDto): Promise<void> {
    if (this.auto?.available(campaign)) { await this.auto.agentReady(campaign.id, actor.userId); return; }
    const target = await this.deps.telemarketing.dialing.next(actor, campaign.id, 'person');
    if (!target) return;
    const attempt = await this.deps.db.dialAttempt.findUniqueOrThrow({ where: { id: target.attemptId } });
    await this.startRun(attempt, campaign.id, false);
  }

  private async startRun(attempt: AttemptRow, campaignId: number, dialed: boolean): Promise<void> {
    const campaign = await this.deps.telemarketing.campaigns.get(campaignId);
    if (campaign.scriptVersionId === null) throw new ZariError('conflict', `campaign ${campaignId} has no script`);
    const { script } = await this.deps.telemarketing.campaigns.getScriptVersion(campaign.scriptVersionId);
    const actor = { userId: attempt.userId ?? 0, role: 'telemarketer' as const, grants: [], extensions: [] };
    const out = advance(script, initialRunnerState(script), { vars: await this.vars(actor, attempt), now: nowOf(this.deps) });
    const empty: StoredRun = { v: 1, scriptVersionId: campaign.scriptVersionId, runner: initialRunnerState(script) as StoredRun['runner'], transcript: [], actions: [], ask: null, end: null, dialed };
    await this.save(attempt.id, this.advanced(empty, out, []));
  }

  private advanced(run: StoredRun, out: RunnerOutput, lines: TranscriptLine[]): StoredRun {
    const said: TranscriptLine[] = out.actions.flatMap((a) => (a.type === 'say' ? [{ kind: 'say' as const, stepId: a.stepId, text: a.text }] : []));
    return {
      ...run,
      runner: { stepId: out.state.stepId, answers: { ...out.state.answers }, finished: out.state.finished, trail: [...out.state.trail] },
      transcript: [...run.transcript, ...lines, ...said],
      actions: [...run.actions, ...toJsonActions(out.actions)],
      ask: out.ask ? { stepId: out.ask.stepId, questionId: out.ask.question.id, text: out.ask.text } : null,
      end: out.end ?? null,
    };
  }

  private async save(attemptId: number, run: StoredRun): Promise<void> {
    await this.deps.db.dialAttempt.update({ where: { id: attemptId }, data: { scriptState: JSON.stringify(run) } });
  }

  private async openAttempt(userId: number): Promise<{ attempt: AttemptRow; run: StoredRun } | null> {
    if (!userId) return null;
    const attempt = await this.deps.db.dialAttempt.findFirst({ where: { userId, state: { not: 'ended' }, disposition: null, scriptState: { not: null } }, orderBy: { id: 'desc' } });
    if (!attempt?.scriptState) return null;
    const run = storedRunSchema.safeParse(JSON.parse(attempt.scriptState));
    if (!run.success) {
      this.log.error({ attemptId: attempt.id, issues: run.error.issues.length }, 'stored script run is unreadable; the attempt is closed as failed');
      await this.deps.telemarketing.dialing.recordResult(attempt.id, 'failed');
      return null;
    }
    return { attempt, run: run.data };
  }

  private async mustOpen(actor: Actor): Promise<{ attempt: AttemptRow; run: StoredRun }> {
    const open = await this.openAttempt(actor.userId);
    if (!open) throw new ZariError('conflict', 'no contact is open on this desk');
    return open;
  }

  private async workItem(attempt: AttemptRow, run: StoredRun): Promise<WorkItem> {
    const campaign = await this.deps.telemarketing.campaigns.get(attempt.campaignId);
    const [{ script }, entry, card] = await Promise.all([
      this.deps.telemarketing.campaigns.getScriptVersion(run.scriptVersionId),
      this.deps.db.callListEntry.findUnique({ where: { id: attempt.entryId }, select: { contactId: true, name: true, callbackAt: true, callbackUserId: true, state: true } }),
      attempt.clientId === null ? Promise.resolve(null) : this.deps.cards.cardOfClient(attempt.clientId),
    ]);
    return {
      attemptId: attempt.id, campaignId: campaign.id, campaignName: campaign.name, dialMode: campaign.dialMode, phone: attempt.phone,
      client: card ? deskClient(card) : null,
      contactName: card?.contact?.name ?? entry?.name ?? null,
      callback: entry?.callbackAt ? { at: entry.callbackAt.toISOString(), personal: entry.callbackUserId !== null } : null,
      dialed: run.dialed,
      script: { title: script.title, transcript: run.transcript, ask: run.ask ? deskQuestion(script, run.ask) : null, end: run.end as RunnerEnd | null, answers: run.runner.answers },
      dispositions: campaign.settings.dispositions.map((d) => ({ code: d.code, label: d.label, kind: d.kind })),
    };
  }

  private async vars(actor: Actor, attempt: AttemptRow): Promise<SubstitutionVars> {
    const [campaign, card, agent] = await Promise.all([
      this.deps.db.campaign.findUnique({ where: { id: attempt.campaignId }, select: { name: true } }),
      attempt.clientId === null ? Promise.resolve(null) : this.deps.cards.cardOfClient(attempt.clientId),
      actor.userId ? this.deps.userName(actor.userId) : Promise.resolve(null),
    ]);
    const out: Record<string, string | undefined> = {
      'campaign.name': campaign?.name, 'agent.name': agent ?? undefined, 'client.phone': attempt.phone,
      'client.name': card?.client.name, 'client.segment': card?.client.segment ?? undefined,
      'client.manager': card?.responsible?.name, 'contact.name': card?.contact?.name,
    };
    return out;
  }

  private async afterConversation(actor: Actor, attempt: AttemptRow, run: StoredRun, campaign: CampaignDto, disposition: string, note: string | undefined, actions: RunnerAction[]): Promise<void> {
    const vars = await this.vars(actor, attempt);
    // the effects were written into the script by a supervisor: they run with the campaign's authority
    // (supervisor rights) on behalf of the telemarketer, who stays the actor in the audit log
    const onBehalf: Actor = { ...actor, role: 'supervisor' };
    const applied = await this.deps.effects.apply(onBehalf, { clientId: attempt.clientId, phone: attempt.phone }, actions, vars)
      .catch((err: unknown) => { this.log.error({ attemptId: attempt.id, err: String(err) }, 'script effects failed; the answers are stored'); return []; });
    if (attempt.clientId === null) return;
    const label = campaign.settings.dispositions.find((d) => d.code === disposition)?.label ?? disposition;
    const lines = run.transcript.flatMap((l) => (l.kind === 'answer' ? [`${l.question} — ${l.answer}`] : []));
    const body = [...lines, ...(note ? ['', note] : [])].join('\n') || label;
    await this.deps.timeline.create(actor, {
      kind: 'note', clientId: attempt.clientId, userId: actor.userId || null, phone: attempt.phone,
      subject: `${campaign.name}: ${label}`, body,
      meta: { campaignId: campaign.id, attemptId: attempt.id, disposition, effects: applied },
    }).catch((err: unknown) => this.log.error({ attemptId: attempt.id, err: String(err) }, 'timeline note failed; the answers are stored'));
  }
}

type AttemptRow = Prisma.DialAttemptGetPayload<object>;

function deskClient(card: CallerCard): DeskClient {
  return {
    id: card.client.id, name: card.client.name, responsibleName: card.responsible?.name ?? null, segment: card.client.segment, notes: card.notes,
    openDeals: card.openDeals.map((d) => ({ id: d.id, title: d.title, stage: d.stage, amount: d.amount })),
    openTasks: card.openTasks.map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt ? t.dueAt.toISOString() : null })),
  };
}

function deskQuestion(script: Script, ask: NonNullable<StoredRun['ask']>): DeskQuestion {
  const q = script.questions.find((x) => x.id === ask.questionId);
  if (!q) throw new ZariError('conflict', `question "${ask.questionId}" is not in the script`);
  return {
    stepId: ask.stepId, questionId: q.id, text: ask.text, type: q.type, options: q.options ?? [], required: q.required,
    ...(q.min !== undefined ? { min: q.min } : {}), ...(q.max !== undefined ? { max: q.max } : {}),
  };
}
