import { ZariError } from '../../../kernel/index.js';
import type { AnswerEffect, Question, Script, ScriptStep } from './script.schema.js';
import { substitute, type SubstitutionVars } from './substitute.js';

/**
 * The pure step engine: given a validated script, the state and (when a question is pending) an
 * answer, it runs steps until it must ask something or the script ends. No I/O: what the caller
 * must do (show text, set a CRM field, schedule a callback, create a deal...) comes back as data.
 */
export type AnswerValue = string | string[] | number;

export interface RunnerState {
  readonly stepId: string | null;
  readonly answers: Readonly<Record<string, AnswerValue>>;
  readonly finished: boolean;
  /** steps executed, in order */
  readonly trail: readonly string[];
}

export type RunnerAction =
  | { type: 'say'; stepId: string; text: string }
  | { type: 'set_field'; stepId: string; field: string; value: string }
  | { type: 'schedule_callback'; stepId: string; at: Date; personal: boolean }
  | { type: 'effect'; questionId: string; effect: AnswerEffect; value: AnswerValue };

export type RunnerEnd = { type: 'end'; disposition: string; text?: string } | { type: 'transfer'; to: string; text?: string };

export interface RunnerOutput {
  state: RunnerState;
  actions: RunnerAction[];
  /** the question waiting for an answer (text already substituted) */
  ask?: { stepId: string; question: Question; text: string };
  end?: RunnerEnd;
}

export interface RunnerContext {
  /** client.*, contact.*, agent.*, campaign.* values */
  vars: SubstitutionVars;
  now: Date;
}

const maxStepsPerAdvance = 1000;

export const initialRunnerState = (script: Script): RunnerState => ({ stepId: script.start, answers: {}, finished: false, trail: [] });

/** Checks and converts a raw answer to its typed value; throws validation_failed with the reason. */
export function parseAnswer(q: Question, raw: unknown): AnswerValue {
  const fail = (why: string): never => { throw new ZariError('validation_failed', `answer to "${q.id}": ${why}`, { questionId: q.id }); };
  const optionValues = q.options?.map((o) => o.value) ?? [];
  switch (q.type) {
    case 'single':
      if (typeof raw !== 'string' || !optionValues.includes(raw)) fail(`must be one of ${optionValues.join(', ')}`);
      return raw as string;
    case 'multiple': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || !optionValues.includes(v))) fail(`must be a list of ${optionValues.join(', ')}`);
      const values = [...new Set(raw as string[])];
      if (q.required && values.length === 0) fail('choose at least one');
      return values;
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) fail('must be a number');
      if (q.min !== undefined && n < q.min) fail(`must be at least ${q.min}`);
      if (q.max !== undefined && n > q.max) fail(`must be at most ${q.max}`);
      return n;
    }
    case 'date':
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) || Number.isNaN(Date.parse(raw))) fail('must be an ISO date (YYYY-MM-DD or date-time with offset)');
      return raw as string;
    case 'text': {
      if (typeof raw !== 'string') fail('must be text');
      const t = (raw as string).trim();
      if (q.required && t === '') fail('must not be empty');
      if (t.length > 4000) fail('too long');
      return t;
    }
  }
}

const answerText = (v: AnswerValue | undefined): string => (v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

function varsWithAnswers(ctx: RunnerContext, answers: RunnerState['answers']): SubstitutionVars {
  const out: Record<string, string | undefined> = { ...ctx.vars };
  for (const [k, v] of Object.entries(answers)) out[`answer.${k}`] = answerText(v);
  return out;
}

function matchesCase(c: Extract<ScriptStep, { type: 'branch' }>['cases'][number], v: AnswerValue | undefined): boolean {
  if (v === undefined) return false;
  const values = Array.isArray(v) ? v : [String(v)];
  if (c.equals !== undefined && !values.includes(c.equals)) return false;
  if (c.in !== undefined && !values.some((x) => c.in?.includes(x))) return false;
  if (c.gte !== undefined && !(typeof v === 'number' && v >= c.gte)) return false;
  if (c.lte !== undefined && !(typeof v === 'number' && v <= c.lte)) return false;
  return true;
}

/**
 * Runs the script from the current step. With `answer`, the pending `ask` step is answered first
 * (its effects are returned). Throws validation_failed for a bad answer (state unchanged) and
 * conflict when the script has finished or an answer is given while nothing is asked.
 */
export function advance(script: Script, state: RunnerState, ctx: RunnerContext, answer?: unknown): RunnerOutput {
  if (state.finished || state.stepId === null) throw new ZariError('conflict', 'the script has finished');
  const steps = new Map(script.steps.map((s) => [s.id, s]));
  const questions = new Map(script.questions.map((q) => [q.id, q]));
  const actions: RunnerAction[] = [];
  let answers = state.answers;
  const trail = [...state.trail];
  let cur = steps.get(state.stepId);
  if (answer !== undefined) {
    if (cur?.type !== 'ask') throw new ZariError('conflict', 'no question is waiting for an answer');
    const q = questions.get(cur.question) as Question;
    const value = parseAnswer(q, answer);
    answers = { ...answers, [q.id]: value };
    for (const effect of q.effects) if (effect.when === undefined || matchesCase({ equals: effect.when, next: cur.id }, value)) actions.push({ type: 'effect', questionId: q.id, effect, value });
    trail.push(cur.id);
    cur = steps.get(cur.next);
  }
  for (let n = 0; cur && n < maxStepsPerAdvance; n++) {
    const vars = varsWithAnswers(ctx, answers);
    const done = (end: RunnerEnd): RunnerOutput => ({ state: { stepId: null, answers, finished: true, trail: [...trail, (cur as ScriptStep).id] }, actions, end });
    switch (cur.type) {
      case 'ask': {
        const q = questions.get(cur.question) as Question;
        return { state: { stepId: cur.id, answers, finished: false, trail }, actions, ask: { stepId: cur.id, question: q, text: substitute(q.text, vars) } };
      }
      case 'end': return done({ type: 'end', disposition: cur.disposition, ...(cur.text ? { text: substitute(cur.text, vars) } : {}) });
      case 'transfer': return done({ type: 'transfer', to: cur.to, ...(cur.text ? { text: substitute(cur.text, vars) } : {}) });
      case 'say': actions.push({ type: 'say', stepId: cur.id, text: substitute(cur.text, vars) }); break;
      case 'set_field': actions.push({ type: 'set_field', stepId: cur.id, field: cur.field, value: cur.fromAnswer ? answerText(answers[cur.fromAnswer]) : substitute(cur.value ?? '', vars) }); break;
      case 'schedule_callback': {
        const at = cur.atAnswer ? new Date(String(answers[cur.atAnswer])) : new Date(ctx.now.getTime() + (cur.inMinutes ?? 60) * 60_000);
        actions.push({ type: 'schedule_callback', stepId: cur.id, at, personal: cur.personal });
        break;
      }
      case 'branch': {
        const v = answers[cur.question];
        const hit = cur.cases.find((c) => matchesCase(c, v));
        trail.push(cur.id);
        cur = steps.get(hit ? hit.next : cur.default);
        continue;
      }
    }
    trail.push(cur.id);
    cur = steps.get(cur.next);
  }
  throw new ZariError('conflict', 'the script did not reach a question or an end (loop or unknown step)', { stepId: cur?.id ?? null });
}

/** What a person reads for an answer: the options' labels for choices, the value otherwise. */
export function answerLabel(script: Pick<Script, 'questions'>, questionId: string, v: AnswerValue): string {
  const options = script.questions.find((q) => q.id === questionId)?.options;
  if (!options) return answerText(v);
  const label = (x: string): string => options.find((o) => o.value === x)?.label ?? x;
  return Array.isArray(v) ? v.map(label).join(', ') : label(String(v));
}
