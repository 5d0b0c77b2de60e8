import type { CallView } from '../../../realtime/realtime-events.js';
import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { CallListItem, Page } from '../types.js';
import { callRow } from './desk.view.js';
import { act, emptyRow, phoneLink, section } from './widgets.js';

function wallboard(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const grid = h('div', { class: 'wallboard' });
  const render = (): void => {
    const w = ctx.store.wallboard;
    const tile = (label: string, key: string, value: number | undefined): HTMLElement =>
      h('div', { class: 'stat', testid: `wall-${key}` }, h('span', { class: 'num' }, value ?? '–'), h('span', {}, label));
    replace(grid, tile(t('wall.ringing'), 'ringing', w?.ringing), tile(t('wall.talking'), 'talking', w?.talking),
      tile(t('wall.answered'), 'answered', w?.answeredToday), tile(t('wall.missed'), 'missed', w?.missedToday));
  };
  ctx.onLeave(ctx.store.on('wallboard', render));
  render();
  return section(t('supervisor.wallboard'), 'wallboard', grid);
}

function liveCalls(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  const render = (calls: readonly CallView[]): void => {
    const rows = calls.map((c) => h('tr', { testid: 'live-row', data: { callId: c.callId } },
      h('td', {}, formatTime(c.startedAt, ctx.i18n.locale)), h('td', {}, phoneLink(ctx, c.externalNumber)),
      h('td', { class: 'caller-name' }, c.externalName ?? ''), h('td', {}, c.answeredBy ?? c.ringingNow.join(', ')), h('td', {}, c.state)));
    replace(body, rows.length > 0 ? rows : emptyRow(ctx, 5));
  };
  const load = (): void => act(ctx, async () => render((await ctx.api.get<{ items: CallView[] }>('/api/calls/live')).items));
  ctx.onLeave(ctx.store.on('wallboard', load));
  ctx.onLeave(ctx.store.on('incoming', load));
  load();
  return section(ctx.i18n.t('supervisor.live'), 'live-calls', h('table', {}, body));
}

function missedToday(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  const load = (): void => act(ctx, async () => {
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    const page = await ctx.api.get<Page<CallListItem>>(`/api/missed-calls?limit=50&from=${encodeURIComponent(from.toISOString())}`);
    replace(body, page.items.length > 0 ? page.items.map((c) => callRow(ctx, c)) : emptyRow(ctx, 5));
  });
  let missed = ctx.store.wallboard?.missedToday;
  ctx.onLeave(ctx.store.on('wallboard', () => {
    if (ctx.store.wallboard?.missedToday !== missed) load();
    missed = ctx.store.wallboard?.missedToday;
  }));
  load();
  return section(ctx.i18n.t('supervisor.missedToday'), 'missed-today', h('table', {}, body));
}

/** Supervisor view: live wallboard, live calls, today's missed calls. */
export function renderSupervisor(ctx: AppContext): HTMLElement {
  return h('div', { class: 'supervisor', testid: 'supervisor' }, wallboard(ctx),
    h('div', { class: 'cols two' }, h('div', { class: 'col' }, liveCalls(ctx)), h('div', { class: 'col' }, missedToday(ctx))));
}
