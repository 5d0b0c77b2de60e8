import type { CallView, PopCard, ScreenPop } from '../../../realtime/realtime-events.js';
import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import { renderCard } from './pop-card.view.js';
import { renderResultForm } from './result-form.view.js';
import { act } from './widgets.js';

/** The transfer target chosen in the directory (shared with directory.view). */
export interface TransferTarget {
  extension: string;
}

function renderPop(ctx: AppContext, pop: ScreenPop): HTMLElement {
  return h('div', { class: 'call-box ringing', testid: 'pop', data: { callId: pop.call.callId } },
    h('h3', {}, ctx.i18n.t('pop.incoming'), ' ', h('span', { class: 'muted' }, ctx.i18n.t('pop.extension', { extension: pop.extension }))),
    renderCard(ctx, pop.call, pop.card, pop.popId));
}

export function transferTo(ctx: AppContext, callId: string, extension: string, kind: 'blind' | 'attended'): void {
  act(ctx, () => ctx.api.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { extension, kind }));
}

function transferControls(ctx: AppContext, callId: string): HTMLElement {
  const { t } = ctx.i18n;
  const input = h('input', { name: 'transferTo', testid: 'transfer-extension', placeholder: t('desk.directorySearch') });
  return h('div', { class: 'row transfer' }, input,
    h('button', { type: 'button', testid: 'transfer-blind', onclick: () => transferTo(ctx, callId, input.value.trim(), 'blind') }, t('active.blind')),
    h('button', { type: 'button', testid: 'transfer-attended', onclick: () => transferTo(ctx, callId, input.value.trim(), 'attended') }, t('active.attended')));
}

function renderActive(ctx: AppContext, call: CallView, card: PopCard): HTMLElement {
  const { t, locale } = ctx.i18n;
  return h('div', { class: 'call-box active', testid: 'active-call', data: { callId: call.callId } },
    h('h3', {}, t('active.title'), ' ', h('span', { class: 'muted' }, t('active.since', { time: formatTime(call.answeredAt ?? call.startedAt, locale) }))),
    renderCard(ctx, call, card, null),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', testid: 'hangup', onclick: () => act(ctx, () => ctx.api.post(`/api/calls/${encodeURIComponent(call.callId)}/hangup`)) }, t('active.hangup'))),
    transferControls(ctx, call.callId));
}

/**
 * The operator's call column: ringing pops, the active call panel, and the result forms of ended calls.
 * Result forms are kept across re-renders so typing is never lost.
 */
export function mountCallsPanel(ctx: AppContext, into: HTMLElement): void {
  const forms = new Map<string, HTMLElement>();
  const actives = new Map<string, { el: HTMLElement; card: PopCard }>();
  const render = (): void => {
    const { store } = ctx;
    for (const id of [...forms.keys()]) if (!store.ended.has(id)) forms.delete(id);
    for (const id of [...actives.keys()]) if (store.active.get(id)?.card !== actives.get(id)?.card) actives.delete(id);
    const activeEls = [...store.active.values()].map((a) => {
      const kept = actives.get(a.call.callId) ?? { el: renderActive(ctx, a.call, a.card), card: a.card };
      actives.set(a.call.callId, kept);
      return kept.el;
    });
    const resultEls = [...store.ended.values()].map((e) => {
      const kept = forms.get(e.call.callId) ?? renderResultForm(ctx, e);
      forms.set(e.call.callId, kept);
      return kept;
    });
    const pops = [...store.pops.values()].map((p) => renderPop(ctx, p));
    const empty = pops.length + activeEls.length + resultEls.length === 0 ? h('p', { class: 'muted', testid: 'no-calls' }, ctx.i18n.t('desk.noCalls')) : null;
    replace(into, pops, activeEls, resultEls, empty);
  };
  ctx.onLeave(ctx.store.on('calls', render));
  render();
}
