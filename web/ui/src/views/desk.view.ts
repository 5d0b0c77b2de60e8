import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { CallListItem, Page, TaskDto } from '../types.js';
import { mountCallsPanel } from './calls-panel.view.js';
import { renderDirectory } from './directory.view.js';
import { act, emptyRow, phoneLink, section } from './widgets.js';

function dialBox(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const input = h('input', { type: 'tel', name: 'number', testid: 'dial-number', placeholder: t('desk.dialNumber') });
  const form = h('form', { class: 'row dial' }, input, h('button', { type: 'submit', class: 'primary' }, t('desk.dial', { number: '' }).trim()));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const number = input.value.trim();
    if (number !== '') act(ctx, () => ctx.api.post('/api/calls/dial', { number }));
  });
  return form;
}

export function callRow(ctx: AppContext, c: CallListItem): HTMLElement {
  const { t, locale } = ctx.i18n;
  const dir = c.direction === 'inbound' || c.direction === 'outbound' || c.direction === 'internal' ? t(`call.${c.direction}`) : '';
  return h('tr', { testid: 'call-row' }, h('td', {}, formatTime(c.startedAt, locale)), h('td', {}, dir),
    h('td', {}, phoneLink(ctx, c.phone ?? c.rawPhone), ' ', h('span', { class: 'caller-name' }, c.subject ?? '')),
    h('td', {}, c.clientId !== null ? h('a', { href: `#/clients/${c.clientId}` }, t('pop.client')) : ''),
    h('td', {}, c.outcome ?? ''));
}

function recentCalls(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  const load = (): void => act(ctx, async () => {
    const page = await ctx.api.get<Page<CallListItem>>('/api/calls?limit=15');
    replace(body, page.items.length > 0 ? page.items.map((c) => callRow(ctx, c)) : emptyRow(ctx, 5));
  });
  let last = ctx.store.ended.size;
  ctx.onLeave(ctx.store.on('calls', () => {
    if (ctx.store.ended.size !== last) load();
    last = ctx.store.ended.size;
  }));
  load();
  return section(ctx.i18n.t('desk.recent'), 'recent-calls', h('table', {}, body));
}

function callbacks(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  const load = (): void => act(ctx, async () => {
    const page = await ctx.api.get<Page<TaskDto>>('/api/tasks/mine?kind=callback&openOnly=true&limit=20');
    const rows = page.items.filter((x) => x.kind === 'callback').map((x) => h('tr', { testid: 'callback-row' },
      h('td', {}, phoneLink(ctx, x.phone)), h('td', {}, x.title), h('td', {}, formatTime(x.dueAt, ctx.i18n.locale)),
      h('td', {}, h('button', { type: 'button', onclick: () => act(ctx, async () => { await ctx.api.post(`/api/tasks/${x.id}/complete`); load(); }) }, ctx.i18n.t('task.complete')))));
    replace(body, rows.length > 0 ? rows : emptyRow(ctx, 4));
  });
  load();
  return section(ctx.i18n.t('desk.callbacks'), 'callbacks', h('table', {}, body));
}

/** Operator desk: calls (pop → active → result), dial box, recent calls, my callbacks, directory. */
export function renderDesk(ctx: AppContext): HTMLElement {
  const calls = h('div', { class: 'calls', testid: 'calls' });
  mountCallsPanel(ctx, calls);
  return h('div', { class: 'desk cols', testid: 'desk' },
    h('div', { class: 'col' }, section(ctx.i18n.t('desk.calls'), 'calls-panel', dialBox(ctx), calls)),
    h('div', { class: 'col' }, recentCalls(ctx), callbacks(ctx)),
    h('div', { class: 'col' }, renderDirectory(ctx)));
}
