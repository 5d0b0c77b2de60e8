import { ApiError } from '../api.js';
import type { AppContext } from '../context.js';
import { h, replace, type Child } from '../dom.js';
import type { AnswerValue, DeskQuestion, DeskScript, TranscriptLine } from '../telemarketing.types.js';
import { errorText } from './widgets.js';

/** What the telemarketer typed or ticked but has not sent yet, per question (kept across re-renders). */
export type AnswerDrafts = Map<string, string | readonly string[]>;

export interface ScriptRunnerOptions {
  readonly script: DeskScript;
  /** false until the number is dialed (preview): the questions are shown but cannot be answered */
  readonly enabled: boolean;
  readonly drafts: AnswerDrafts;
  /** POST the answer; an ApiError is shown under the question (the typed text stays) */
  readonly answer: (questionId: string, value: AnswerValue) => Promise<void>;
}

function transcriptLine(line: TranscriptLine): HTMLElement {
  if (line.kind === 'say') return h('li', { class: 'tm-say', testid: 'tm-say', data: { stepId: line.stepId } }, line.text);
  return h('li', { class: 'tm-answered', testid: 'tm-answered', data: { questionId: line.questionId } },
    h('span', { class: 'tm-q' }, line.question), ' ', h('strong', { class: 'tm-a', testid: 'tm-answered-value' }, line.answer));
}

/** The number typed: a number when it parses, else the text as typed (the server explains what is wrong). */
const numberValue = (raw: string): AnswerValue => {
  const v = raw.trim();
  return v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};

function rangeHint(ctx: AppContext, q: DeskQuestion): Child {
  const { t } = ctx.i18n;
  const parts = [q.min !== undefined ? t('tm.min', { min: q.min }) : '', q.max !== undefined ? t('tm.max', { max: q.max }) : '', q.required ? '' : t('tm.optional')].filter((p) => p !== '');
  return parts.length > 0 ? h('span', { class: 'muted', testid: 'tm-question-hint' }, parts.join(' · ')) : null;
}

/** single: one button per option (one click answers); multiple: checkboxes + OK. */
function choiceControls(ctx: AppContext, q: DeskQuestion, o: ScriptRunnerOptions, send: (v: AnswerValue) => void): Child {
  if (q.type === 'single') {
    const current = o.script.answers[q.questionId];
    return h('div', { class: 'tm-options' }, q.options.map((opt) => h('button', {
      type: 'button', class: current === opt.value ? 'option primary' : 'option', testid: 'tm-option', data: { value: opt.value }, disabled: !o.enabled,
      onclick: () => send(opt.value),
    }, opt.label)));
  }
  const draft = o.drafts.get(q.questionId);
  const picked = new Set<string>(Array.isArray(draft) ? draft : []);
  const boxes = q.options.map((opt) => {
    const box = h('input', { type: 'checkbox', value: opt.value, testid: 'tm-check', data: { value: opt.value }, checked: picked.has(opt.value), disabled: !o.enabled });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(opt.value);
      else picked.delete(opt.value);
      o.drafts.set(q.questionId, [...picked]);
    });
    return h('label', { class: 'chip' }, box, ' ', opt.label);
  });
  return h('div', { class: 'tm-options' }, boxes,
    h('button', { type: 'button', class: 'primary', testid: 'tm-answer-ok', disabled: !o.enabled, onclick: () => send(q.options.map((x) => x.value).filter((v) => picked.has(v))) }, ctx.i18n.t('tm.answerOk')));
}

/** number / date / text: an input and OK (Enter sends too). */
function inputControls(ctx: AppContext, q: DeskQuestion, o: ScriptRunnerOptions, send: (v: AnswerValue) => void): HTMLElement {
  const draft = o.drafts.get(q.questionId);
  const type = q.type === 'number' ? 'number' : q.type === 'date' ? 'date' : 'text';
  const input = h('input', { type, name: 'answer', testid: 'tm-answer-input', value: typeof draft === 'string' ? draft : '', disabled: !o.enabled, autocomplete: 'off' });
  if (q.type === 'number') input.step = 'any';
  input.addEventListener('input', () => o.drafts.set(q.questionId, input.value));
  if (o.enabled) queueMicrotask(() => input.focus());
  const form = h('form', { class: 'row tm-input' }, input, h('button', { type: 'submit', class: 'primary', testid: 'tm-answer-ok', disabled: !o.enabled }, ctx.i18n.t('tm.answerOk')));
  form.noValidate = true;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(q.type === 'number' ? numberValue(input.value) : input.value.trim());
  });
  return form;
}

function questionBlock(ctx: AppContext, q: DeskQuestion, o: ScriptRunnerOptions): HTMLElement {
  const error = h('p', { class: 'error', testid: 'tm-answer-error' });
  let busy = false;
  const send = (value: AnswerValue): void => {
    if (busy) return;
    busy = true;
    replace(error);
    o.answer(q.questionId, value).catch((err: unknown) => {
      replace(error, err instanceof ApiError ? err.message : errorText(ctx, err));
    }).finally(() => { busy = false; });
  };
  const controls = q.type === 'single' || q.type === 'multiple' ? choiceControls(ctx, q, o, send) : inputControls(ctx, q, o, send);
  return h('div', { class: 'tm-question', testid: 'tm-question', data: { questionId: q.questionId, type: q.type } },
    h('p', { class: 'tm-question-text', testid: 'tm-question-text' }, q.text), rangeHint(ctx, q), controls, error);
}

function endBlock(ctx: AppContext, script: DeskScript): Child {
  const end = script.end;
  if (end === null) return null;
  const { t } = ctx.i18n;
  return h('div', { class: 'tm-end', testid: 'tm-script-end', data: end.type === 'end' ? { disposition: end.disposition } : { transfer: end.to } },
    end.text !== undefined ? h('p', { class: 'tm-say' }, end.text) : null,
    h('p', { class: 'muted' }, end.type === 'end' ? t('tm.scriptEnd') : t('tm.transfer', { to: end.to })));
}

/** The script stepping with the conversation: what was said and answered, the waiting question, the end. */
export function renderScriptRunner(ctx: AppContext, o: ScriptRunnerOptions): HTMLElement {
  const { t } = ctx.i18n;
  return h('section', { class: 'panel tm-script', testid: 'tm-script' },
    h('h2', {}, t('tm.script'), ': ', h('span', { testid: 'tm-script-title' }, o.script.title)),
    h('ol', { class: 'tm-transcript', testid: 'tm-transcript' }, o.script.transcript.map(transcriptLine)),
    o.script.ask !== null ? questionBlock(ctx, o.script.ask, o) : null,
    !o.enabled && o.script.ask !== null ? h('p', { class: 'muted', testid: 'tm-dial-first' }, t('tm.dialFirst')) : null,
    endBlock(ctx, o.script));
}
