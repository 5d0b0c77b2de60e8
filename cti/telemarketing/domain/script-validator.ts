import { scriptSchema, type Question, type Script, type ScriptStep } from './script.schema.js';
import { placeholderRoots, placeholdersOf } from './substitute.js';

/** Stable codes of script problems (each bad fixture asserts one). */
export const scriptErrorCodes = [
  'schema_invalid', 'duplicate_step_id', 'duplicate_question_id', 'unknown_start', 'unknown_next', 'unknown_question',
  'choice_without_options', 'branch_value_not_option', 'branch_type_mismatch', 'unreachable_step', 'dead_end',
  'unknown_placeholder', 'answer_before_ask', 'bad_range',
] as const;
export type ScriptErrorCode = (typeof scriptErrorCodes)[number];

export interface ScriptError { code: ScriptErrorCode; path: string; message: string }

export type ScriptValidation = { ok: true; script: Script } | { ok: false; errors: ScriptError[] };

const choice = (q: Question): boolean => q.type === 'single' || q.type === 'multiple';

const nextsOf = (s: ScriptStep): string[] => {
  switch (s.type) {
    case 'say': case 'ask': case 'set_field': case 'schedule_callback': return [s.next];
    case 'branch': return [...s.cases.map((c) => c.next), s.default];
    case 'transfer': case 'end': return [];
  }
};

const textsOf = (s: ScriptStep): string[] => ('text' in s && s.text !== undefined ? [s.text] : []);

/** Validates a script: zod shape first, then the graph and references. All problems are returned. */
export function validateScript(input: unknown): ScriptValidation {
  const parsed = scriptSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ code: 'schema_invalid', path: i.path.join('.'), message: i.message })) };
  }
  const script = parsed.data;
  const errors: ScriptError[] = [];
  const steps = indexUnique(script.steps, 'steps', 'duplicate_step_id', errors);
  const questions = indexUnique(script.questions, 'questions', 'duplicate_question_id', errors);
  checkQuestions(script, errors);
  if (!steps.has(script.start)) errors.push({ code: 'unknown_start', path: 'start', message: `start step "${script.start}" does not exist` });
  script.steps.forEach((s, i) => checkStep(s, `steps.${i}`, steps, questions, errors));
  if (errors.length === 0) checkGraph(script, steps, errors);
  return errors.length === 0 ? { ok: true, script } : { ok: false, errors };
}

function indexUnique<T extends { id: string }>(items: readonly T[], path: string, code: ScriptErrorCode, errors: ScriptError[]): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((item, i) => {
    if (map.has(item.id)) errors.push({ code, path: `${path}.${i}.id`, message: `"${item.id}" is used twice` });
    else map.set(item.id, item);
  });
  return map;
}

function checkQuestions(script: Script, errors: ScriptError[]): void {
  script.questions.forEach((q, i) => {
    if (choice(q) && (q.options?.length ?? 0) === 0) errors.push({ code: 'choice_without_options', path: `questions.${i}.options`, message: `question "${q.id}" is ${q.type} choice but has no options` });
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) errors.push({ code: 'bad_range', path: `questions.${i}`, message: `min ${q.min} > max ${q.max}` });
    q.effects.forEach((e, j) => {
      if (e.when !== undefined && choice(q) && !q.options?.some((o) => o.value === e.when)) {
        errors.push({ code: 'branch_value_not_option', path: `questions.${i}.effects.${j}.when`, message: `"${e.when}" is not an option of "${q.id}"` });
      }
    });
    checkPlaceholders(q.text, `questions.${i}.text`, script, errors);
  });
}

function checkStep(s: ScriptStep, path: string, steps: Map<string, ScriptStep>, questions: Map<string, Question>, errors: ScriptError[]): void {
  for (const n of nextsOf(s)) if (!steps.has(n)) errors.push({ code: 'unknown_next', path, message: `step "${s.id}" goes to unknown step "${n}"` });
  const qid = s.type === 'ask' || s.type === 'branch' ? s.question : s.type === 'set_field' ? s.fromAnswer : s.type === 'schedule_callback' ? s.atAnswer : undefined;
  if (qid !== undefined && !questions.has(qid)) errors.push({ code: 'unknown_question', path, message: `step "${s.id}" refers to unknown question "${qid}"` });
  const q = qid !== undefined ? questions.get(qid) : undefined;
  if (s.type === 'schedule_callback' && q && q.type !== 'date') errors.push({ code: 'branch_type_mismatch', path, message: `callback time must come from a date question, "${q.id}" is ${q.type}` });
  if (s.type === 'branch' && q) checkBranch(s, q, path, errors);
}

function checkBranch(s: Extract<ScriptStep, { type: 'branch' }>, q: Question, path: string, errors: ScriptError[]): void {
  s.cases.forEach((c, i) => {
    const numeric = c.gte !== undefined || c.lte !== undefined;
    if (numeric && q.type !== 'number') errors.push({ code: 'branch_type_mismatch', path: `${path}.cases.${i}`, message: `gte/lte on ${q.type} question "${q.id}"` });
    const values = [...(c.equals !== undefined ? [c.equals] : []), ...(c.in ?? [])];
    if (choice(q)) {
      for (const v of values) if (!q.options?.some((o) => o.value === v)) errors.push({ code: 'branch_value_not_option', path: `${path}.cases.${i}`, message: `"${v}" is not an option of "${q.id}"` });
    }
  });
}

function checkPlaceholders(text: string, path: string, script: Script, errors: ScriptError[]): void {
  for (const p of placeholdersOf(text)) {
    const [root, name] = p.split('.') as [string, string];
    const known = (placeholderRoots as readonly string[]).includes(root);
    if (!known) errors.push({ code: 'unknown_placeholder', path, message: `unknown placeholder {${p}}` });
    else if (root === 'answer' && !script.questions.some((q) => q.id === name)) errors.push({ code: 'unknown_placeholder', path, message: `{${p}} names no question` });
  }
}

/** Reachability from start, every reachable step can reach a terminal, and {answer.x} only after x is asked. */
function checkGraph(script: Script, steps: Map<string, ScriptStep>, errors: ScriptError[]): void {
  const reachable = new Set<string>();
  const stack = [script.start];
  while (stack.length > 0) {
    const cur = stack.pop() as string;
    if (reachable.has(cur)) continue;
    reachable.add(cur);
    stack.push(...nextsOf(steps.get(cur) as ScriptStep));
  }
  script.steps.forEach((s, i) => {
    if (!reachable.has(s.id)) errors.push({ code: 'unreachable_step', path: `steps.${i}`, message: `step "${s.id}" cannot be reached from "${script.start}"` });
  });
  const canEnd = new Set(script.steps.filter((s) => s.type === 'end' || s.type === 'transfer').map((s) => s.id));
  for (let changed = true; changed;) {
    changed = false;
    for (const s of script.steps) if (!canEnd.has(s.id) && nextsOf(s).some((n) => canEnd.has(n))) { canEnd.add(s.id); changed = true; }
  }
  script.steps.forEach((s, i) => {
    if (reachable.has(s.id) && !canEnd.has(s.id)) errors.push({ code: 'dead_end', path: `steps.${i}`, message: `from step "${s.id}" no end or transfer can be reached` });
  });
  checkAskedBefore(script, steps, errors);
}

/** A branch or {answer.x} must not run before "x" is asked on every path that reaches it. */
function checkAskedBefore(script: Script, steps: Map<string, ScriptStep>, errors: ScriptError[]): void {
  const allQ = new Set(script.questions.map((q) => q.id));
  const asked = new Map<string, Set<string>>([[script.start, new Set()]]);
  const queue = [script.start];
  while (queue.length > 0) {
    const cur = queue.shift() as string;
    const s = steps.get(cur) as ScriptStep;
    const out = new Set(asked.get(cur));
    if (s.type === 'ask') out.add(s.question);
    for (const n of nextsOf(s)) {
      const prev = asked.get(n);
      const merged = prev ? new Set([...prev].filter((x) => out.has(x))) : out;
      if (!prev || merged.size !== prev.size) { asked.set(n, merged); queue.push(n); }
    }
  }
  script.steps.forEach((s, i) => {
    const have = asked.get(s.id) ?? new Set(allQ);
    const needs = [...(s.type === 'branch' ? [s.question] : []), ...(s.type === 'set_field' && s.fromAnswer ? [s.fromAnswer] : []),
      ...(s.type === 'schedule_callback' && s.atAnswer ? [s.atAnswer] : []),
      ...textsOf(s).flatMap((t) => placeholdersOf(t).filter((p) => p.startsWith('answer.')).map((p) => p.slice(7)))];
    for (const q of needs) if (!have.has(q)) errors.push({ code: 'answer_before_ask', path: `steps.${i}`, message: `step "${s.id}" uses the answer to "${q}" before it is asked on some path` });
    for (const t of textsOf(s)) checkPlaceholders(t, `steps.${i}.text`, script, errors);
  });
}

/** The first error's code, for compact assertions and error messages. */
export const describeScriptErrors = (errors: readonly ScriptError[]): string => errors.map((e) => `${e.code} at ${e.path}: ${e.message}`).join('; ');
