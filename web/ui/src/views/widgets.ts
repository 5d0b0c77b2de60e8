import { ApiError } from '../api.js';
import type { AppContext } from '../context.js';
import { h, type Child } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';

export function section(title: string, testid: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'panel', testid }, h('h2', {}, title), ...body);
}

export const stateKey = (state: string): MessageKey => {
  const known = ['idle', 'ringing', 'inuse', 'busy', 'onhold', 'unavailable'];
  return (known.includes(state) ? `state.${state}` : 'state.unknown') as MessageKey;
};

/** A busy lamp: free / ringing / busy / unavailable. */
export function stateBadge(ctx: AppContext, state: string): HTMLElement {
  return h('span', { class: `lamp lamp-${state}`, testid: 'state', data: { state } }, ctx.i18n.t(stateKey(state)));
}

export function errorText(ctx: AppContext, err: unknown): string {
  const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  return ctx.i18n.t('common.error', { message });
}

/** Run a UI action; errors go to the status bar. */
export function act(ctx: AppContext, fn: () => Promise<unknown>): void {
  fn().catch((err: unknown) => ctx.notify(errorText(ctx, err), 'error'));
}

/** Click-to-dial: every phone number shown anywhere is a button that rings my extension first. */
export function phoneLink(ctx: AppContext, number: string | null, label?: string | null): Child {
  if (number === null || number === '') return null;
  return h('button', {
    class: 'link phone', type: 'button', testid: 'dial', data: { number }, title: ctx.i18n.t('desk.dial', { number }),
    onclick: () => act(ctx, async () => {
      ctx.notify(ctx.i18n.t('desk.dialing', { number }));
      await ctx.api.post('/api/calls/dial', { number });
    }),
  }, label ?? number);
}

export function emptyRow(ctx: AppContext, cols: number): HTMLElement {
  const td = h('td', { class: 'muted' }, ctx.i18n.t('common.none'));
  td.colSpan = cols;
  return h('tr', {}, td);
}

export function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

export function textInput(name: string, value = '', attrs: { type?: string; required?: boolean; placeholder?: string } = {}): HTMLInputElement {
  return h('input', { name, value, type: attrs.type ?? 'text', ...(attrs.required ? { required: true } : {}), ...(attrs.placeholder ? { placeholder: attrs.placeholder } : {}) });
}

export function select(name: string, options: readonly { value: string; label: string }[], selected?: string): HTMLSelectElement {
  return h('select', { name }, options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)));
}
