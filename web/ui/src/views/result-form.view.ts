import type { AppContext } from '../context.js';
import { h, inputValue } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { EndedCall } from '../store.js';
import type { PipelineDto } from '../types.js';
import { renderCard } from './pop-card.view.js';
import { act, field, select, textInput } from './widgets.js';

/** the outcomes of POST /api/calls/:callId/result (web/routes/call-result.routes.ts) */
export const resultOutcomes = ['resolved', 'follow-up', 'not-interested', 'wrong-number', 'no-answer', 'other'] as const;
export type ResultOutcome = (typeof resultOutcomes)[number];

/** The body of POST /api/calls/:callId/result (see web/routes/call-result.routes.ts). */
export interface CallResultBody {
  outcome: ResultOutcome;
  note?: string;
  nextTask?: { title: string; dueAt: string };
  dealStage?: { dealId: number; stageId: number };
}

/** a next task without a date is due tomorrow at this time */
const tomorrow = (): string => new Date(Date.now() + 86_400_000).toISOString();

function readResult(form: HTMLFormElement): CallResultBody {
  const body: CallResultBody = { outcome: (inputValue(form, 'outcome') || 'resolved') as ResultOutcome };
  const note = inputValue(form, 'note');
  if (note !== '') body.note = note;
  const task = inputValue(form, 'nextTask');
  const due = inputValue(form, 'nextTaskDue');
  if (task !== '') body.nextTask = { title: task, dueAt: due !== '' ? new Date(due).toISOString() : tomorrow() };
  const [dealId, stageId] = inputValue(form, 'dealStage').split(':').map(Number);
  if (dealId !== undefined && stageId !== undefined && dealId > 0 && stageId > 0) body.dealStage = { dealId, stageId };
  return body;
}

/** Deal stage picker for the first open deal (stages of the default pipeline, loaded lazily). */
function dealStageField(ctx: AppContext, ended: EndedCall): HTMLElement | null {
  const deal = ended.card?.openDeals[0];
  if (deal === undefined) return null;
  const picker = select('dealStage', [{ value: '', label: `${deal.title} · ${deal.stage}` }]);
  act(ctx, async () => {
    const pipelines = await ctx.api.get<{ items: PipelineDto[] } | PipelineDto[]>('/api/pipelines');
    const list = Array.isArray(pipelines) ? pipelines : pipelines.items;
    const stages = (list.find((p) => p.isDefault) ?? list[0])?.stages ?? [];
    for (const s of stages) picker.append(h('option', { value: `${deal.id}:${s.id}` }, `${deal.title} → ${s.name}`));
  });
  return field(ctx.i18n.t('result.dealStage'), picker);
}

/** After the call: outcome (pre-selected), note, next task or deal stage. The common case is one click. */
export function renderResultForm(ctx: AppContext, ended: EndedCall): HTMLElement {
  const { t } = ctx.i18n;
  const outcomes = resultOutcomes.map((o) => ({ value: o, label: t(`result.outcome.${o}` as MessageKey) }));
  const form = h('form', { class: 'result-form', testid: 'result-form', data: { callId: ended.call.callId } },
    h('div', { class: 'outcomes' }, outcomes.map((o, i) => h('label', { class: 'chip' },
      h('input', { type: 'radio', name: 'outcome', value: o.value, checked: i === 0, data: { testid: `outcome-${o.value}` } }), o.label))),
    field(t('result.note'), h('textarea', { name: 'note', testid: 'result-note' })),
    h('div', { class: 'row' }, field(t('result.nextTask'), textInput('nextTask')), field(t('result.nextTaskDue'), textInput('nextTaskDue', '', { type: 'datetime-local' }))),
    dealStageField(ctx, ended),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', testid: 'result-save' }, t('result.save')),
      h('button', { type: 'button', testid: 'result-skip', onclick: () => ctx.store.closeResult(ended.call.callId) }, t('result.skip'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(ctx, async () => {
      await ctx.api.post(`/api/calls/${encodeURIComponent(ended.call.callId)}/result`, readResult(form));
      ctx.notify(t('result.saved'));
      ctx.store.closeResult(ended.call.callId);
    });
  });
  return h('div', { class: 'call-box ended', testid: 'result-panel' }, h('h3', {}, t('result.title')),
    ended.card ? renderCard(ctx, ended.call, ended.card, null) : null, form);
}
