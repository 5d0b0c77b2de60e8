import { notFound } from '../../../kernel/index.js';
import { csvRow, type Actor } from '../../../crm-core/index.js';
import { answerLabel, type AnswerValue } from '../domain/script-runner.js';
import type { Question } from '../domain/script.schema.js';
import type { CampaignDto, CampaignService } from './campaign.service.js';
import { assertRole, managers, nowOf, type TelemarketingDeps } from './deps.js';

/**
 * What supervisors read about a campaign: list progress, outcomes, today's dial figures, results
 * per question (counts for choices, statistics for numbers, latest texts), the CSV export, and the
 * answers a client gave (for the client's card). Reads only; the live dialer figures come from
 * CampaignRuntime.
 */
export interface CampaignProgress { total: number; pending: number; inProgress: number; callback: number; done: number; blocked: number; attempts: number; percentDone: number }
export interface QuestionResult {
  id: string; text: string; type: Question['type']; answered: number;
  options: { value: string; label: string; count: number }[];
  numbers: { count: number; min: number; max: number; mean: number } | null;
  texts: string[];
}
export interface ClientCampaignAnswers {
  attemptId: number; campaignId: number; campaignName: string; at: string; userName: string | null;
  disposition: string | null; dispositionLabel: string | null;
  answers: { questionId: string; question: string; answer: string }[];
}

const parseValue = (raw: string): unknown => { try { return JSON.parse(raw); } catch { return raw; } };
const text = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : String(v));

export class CampaignReportService {
  constructor(private readonly deps: TelemarketingDeps & { campaigns: CampaignService }) {}

  async progress(campaignId: number): Promise<{ progress: CampaignProgress; lists: { id: number; name: string; priority: number; total: number; done: number; percentDone: number }[] }> {
    const lists = await this.deps.db.callList.findMany({ where: { campaignId }, orderBy: [{ priority: 'desc' }, { id: 'asc' }], select: { id: true, name: true, priority: true } });
    const groups = await this.deps.db.callListEntry.groupBy({ by: ['listId', 'state'], where: { list: { campaignId } }, _count: { _all: true }, _sum: { attempts: true } });
    const p: CampaignProgress = { total: 0, pending: 0, inProgress: 0, callback: 0, done: 0, blocked: 0, attempts: 0, percentDone: 0 };
    const perList = new Map<number, { total: number; done: number }>();
    for (const g of groups) {
      const n = g._count._all;
      p.total += n;
      p.attempts += g._sum.attempts ?? 0;
      if (g.state === 'pending') p.pending += n;
      else if (g.state === 'in_progress') p.inProgress += n;
      else if (g.state === 'callback') p.callback += n;
      else if (g.state === 'done') p.done += n;
      else if (g.state === 'blocked') p.blocked += n;
      const l = perList.get(g.listId) ?? { total: 0, done: 0 };
      l.total += n;
      if (g.state === 'done' || g.state === 'blocked') l.done += n;
      perList.set(g.listId, l);
    }
    const pct = (done: number, total: number): number => (total === 0 ? 0 : Math.round((done / total) * 1000) / 10);
    p.percentDone = pct(p.done + p.blocked, p.total);
    return { progress: p, lists: lists.map((l) => { const x = perList.get(l.id) ?? { total: 0, done: 0 }; return { ...l, total: x.total, done: x.done, percentDone: pct(x.done, x.total) }; }) };
  }

  async outcomes(campaign: CampaignDto): Promise<{ disposition: string; label: string; count: number }[]> {
    const groups = await this.deps.db.dialAttempt.groupBy({ by: ['disposition'], where: { campaignId: campaign.id, disposition: { not: null } }, _count: { _all: true } });
    const labels = new Map(campaign.settings.dispositions.map((d) => [d.code, d.label]));
    return groups.map((g) => ({ disposition: g.disposition ?? '', label: labels.get(g.disposition ?? '') ?? g.disposition ?? '', count: g._count._all })).sort((a, b) => b.count - a.count);
  }

  /** Server-local midnight: where "today" starts for every daily figure here. */
  private midnight(): Date {
    const since = nowOf(this.deps);
    since.setHours(0, 0, 0, 0);
    return since;
  }

  /** Today's (server-local midnight on) dials, answers and abandons of the campaign. */
  async today(campaignId: number): Promise<{ dialed: number; answered: number; abandoned: number }> {
    const where = { campaignId, startedAt: { gte: this.midnight() } };
    const [dialed, answered, abandoned] = await Promise.all([
      this.deps.db.dialAttempt.count({ where }),
      this.deps.db.dialAttempt.count({ where: { ...where, OR: [{ result: 'answered' }, { disposition: { not: null } }] } }),
      this.deps.db.dialAttempt.count({ where: { ...where, result: 'abandoned' } }),
    ]);
    return { dialed, answered, abandoned };
  }

  /** Attempts each of these telemarketers finished today in the campaign. */
  async handledToday(campaignId: number, userIds: readonly number[]): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    const groups = await this.deps.db.dialAttempt.groupBy({ by: ['userId'], where: { campaignId, userId: { in: [...userIds] }, state: 'ended', startedAt: { gte: this.midnight() } }, _count: { _all: true } });
    return new Map(groups.map((g) => [g.userId ?? 0, g._count._all]));
  }

  /** One telemarketer's day in the campaign: attempts finished, and those with a successful disposition (the desk's figures). */
  async agentDay(campaign: CampaignDto, userId: number): Promise<{ handled: number; success: number }> {
    const successCodes = campaign.settings.dispositions.filter((d) => d.success).map((d) => d.code);
    const where = { userId, campaignId: campaign.id, state: 'ended', startedAt: { gte: this.midnight() } };
    const [handled, success] = await Promise.all([
      this.deps.db.dialAttempt.count({ where }),
      this.deps.db.dialAttempt.count({ where: { ...where, disposition: { in: successCodes } } }),
    ]);
    return { handled, success };
  }

  /** Telemarketers with a contact open on their desk now (in a conversation or its wrap-up). */
  async busyAgents(campaignId: number): Promise<Set<number>> {
    const open = await this.deps.db.dialAttempt.findMany({ where: { campaignId, state: { not: 'ended' }, disposition: null, userId: { not: null }, scriptState: { not: null } }, select: { userId: true } });
    return new Set(open.flatMap((a) => (a.userId === null ? [] : [a.userId])));
  }

  async results(actor: Actor, campaignId: number): Promise<{ questions: QuestionResult[] }> {
    assertRole(actor, managers, 'campaigns:results');
    const questions = await this.questionsOf(campaignId);
    const rows = await this.deps.db.scriptAnswer.findMany({ where: { campaignId }, orderBy: { id: 'desc' }, select: { questionId: true, value: true } });
    const byQuestion = new Map<string, unknown[]>();
    for (const r of rows) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), parseValue(r.value)]);
    return {
      questions: questions.map((q) => {
        const values = byQuestion.get(q.id) ?? [];
        const counts = new Map<string, number>();
        for (const v of values) for (const x of Array.isArray(v) ? v : [v]) counts.set(String(x), (counts.get(String(x)) ?? 0) + 1);
        const nums = q.type === 'number' ? values.map(Number).filter(Number.isFinite) : [];
        return {
          id: q.id, text: q.text, type: q.type, answered: values.length,
          options: (q.options ?? []).map((o) => ({ value: o.value, label: o.label, count: counts.get(o.value) ?? 0 })),
          numbers: nums.length === 0 ? null : { count: nums.length, min: Math.min(...nums), max: Math.max(...nums), mean: Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 100) / 100 },
          texts: q.type === 'text' || q.type === 'date' ? values.slice(0, 20).map(text) : [],
        };
      }),
    };
  }

  /** Every attempt with its answers, one column per question (RFC 4180, formula-injection guarded, UTF-8 with BOM like the client export). */
  async exportCsv(actor: Actor, campaignId: number): Promise<string> {
    assertRole(actor, managers, 'campaigns:export');
    const questions = await this.questionsOf(campaignId);
    const attempts = await this.deps.db.dialAttempt.findMany({ where: { campaignId }, orderBy: { id: 'asc' }, include: { answers: { select: { questionId: true, value: true } } } });
    const userIds = [...new Set(attempts.flatMap((a) => (a.userId === null ? [] : [a.userId])))];
    const clientIds = [...new Set(attempts.flatMap((a) => (a.clientId === null ? [] : [a.clientId])))];
    const [users, clients] = await Promise.all([
      this.deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
      this.deps.db.client.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } }),
    ]);
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const clientName = new Map(clients.map((c) => [c.id, c.name]));
    const header = ['attempt', 'started', 'phone', 'client', 'telemarketer', 'result', 'disposition', 'note', ...questions.map((q) => q.id)];
    const lines = [csvRow(header)];
    for (const a of attempts) {
      const answers = new Map(a.answers.map((x) => [x.questionId, text(parseValue(x.value))]));
      lines.push(csvRow([
        String(a.id), a.startedAt.toISOString(), a.phone, a.clientId === null ? '' : clientName.get(a.clientId) ?? '', a.userId === null ? '' : userName.get(a.userId) ?? '',
        a.result ?? '', a.disposition ?? '', a.note ?? '', ...questions.map((q) => answers.get(q.id) ?? ''),
      ]));
    }
    return `\uFEFF${lines.join('')}`;
  }

  /** The answers a client gave in campaigns, newest first (the client's card). */
  async clientAnswers(clientId: number): Promise<{ items: ClientCampaignAnswers[] }> {
    const attempts = await this.deps.db.dialAttempt.findMany({
      where: { clientId, answers: { some: {} } }, orderBy: { id: 'desc' }, take: 50, include: { answers: { orderBy: { id: 'asc' } } },
    });
    const campaignIds = [...new Set(attempts.map((a) => a.campaignId))];
    const userIds = [...new Set(attempts.flatMap((a) => (a.userId === null ? [] : [a.userId])))];
    const [campaigns, users] = await Promise.all([
      Promise.all(campaignIds.map((id) => this.deps.campaigns.get(id))),
      this.deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    ]);
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const questionsOf = new Map<number, Question[]>();
    for (const c of campaigns) questionsOf.set(c.id, await this.questionsOf(c.id).catch(() => []));
    const userName = new Map(users.map((u) => [u.id, u.name]));
    return {
      items: attempts.map((a) => {
        const c = byId.get(a.campaignId);
        return {
          attemptId: a.id, campaignId: a.campaignId, campaignName: c?.name ?? '', at: (a.endedAt ?? a.startedAt).toISOString(),
          userName: a.userId === null ? null : userName.get(a.userId) ?? null, disposition: a.disposition,
          dispositionLabel: c?.settings.dispositions.find((d) => d.code === a.disposition)?.label ?? a.disposition,
          answers: a.answers.map((x) => {
            const questions = questionsOf.get(a.campaignId) ?? [];
            const value = parseValue(x.value);
            const answer = typeof value === 'string' || typeof value === 'number' || Array.isArray(value) ? answerLabel({ questions }, x.questionId, value as AnswerValue) : text(value);
            return { questionId: x.questionId, question: questions.find((q) => q.id === x.questionId)?.text ?? x.questionId, answer };
          }),
        };
      }),
    };
  }

  private async questionsOf(campaignId: number): Promise<Question[]> {
    const c = await this.deps.campaigns.get(campaignId);
    if (c.scriptVersionId === null) return [];
    const v = await this.deps.campaigns.getScriptVersion(c.scriptVersionId).catch(() => null);
    if (!v) throw notFound('script version', c.scriptVersionId);
    return v.script.questions;
  }
}
