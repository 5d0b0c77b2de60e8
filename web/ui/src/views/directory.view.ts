import type { ExtensionStateView } from '../../../realtime/realtime-events.js';
import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { ExtensionRow } from '../types.js';
import { transferTo } from './calls-panel.view.js';
import { act, emptyRow, phoneLink, section, stateBadge } from './widgets.js';

/** Seed the extension board with users from REST (the socket keeps the states live). */
export function loadExtensions(ctx: AppContext): void {
  act(ctx, async () => {
    const res = await ctx.api.get<{ items: ExtensionRow[] }>('/api/extensions');
    ctx.store.seedExtensions(res.items.map((e) => ({ extension: e.extension, state: e.state as ExtensionStateView['state'], user: e.user })));
  });
}

function matches(e: ExtensionStateView, q: string): boolean {
  if (q === '') return true;
  return e.extension.includes(q) || (e.user?.name.toLowerCase().includes(q) ?? false);
}

function row(ctx: AppContext, e: ExtensionStateView, activeCallId: string | null): HTMLElement {
  const { t } = ctx.i18n;
  const transfer = activeCallId === null ? null : [
    h('button', { type: 'button', testid: 'dir-transfer-blind', onclick: () => transferTo(ctx, activeCallId, e.extension, 'blind') }, t('active.blind')),
    h('button', { type: 'button', testid: 'dir-transfer-attended', onclick: () => transferTo(ctx, activeCallId, e.extension, 'attended') }, t('active.attended')),
  ];
  return h('tr', { testid: 'directory-row', data: { extension: e.extension } },
    h('td', {}, phoneLink(ctx, e.extension)), h('td', {}, e.user?.name ?? ''), h('td', {}, stateBadge(ctx, e.state)), h('td', { class: 'actions' }, transfer));
}

/** The searchable directory with each user's extension state; transfer buttons while I have an active call. */
export function renderDirectory(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const search = h('input', { type: 'search', testid: 'directory-search', placeholder: t('desk.directorySearch') });
  const body = h('tbody');
  const render = (): void => {
    const q = search.value.trim().toLowerCase();
    const activeCallId = [...ctx.store.active.keys()][0] ?? null;
    const rows = [...ctx.store.extensions.values()].filter((e) => matches(e, q)).map((e) => row(ctx, e, activeCallId));
    replace(body, rows.length > 0 ? rows : emptyRow(ctx, 4));
  };
  search.addEventListener('input', render);
  ctx.onLeave(ctx.store.on('extensions', render));
  ctx.onLeave(ctx.store.on('calls', render));
  loadExtensions(ctx);
  render();
  return section(t('desk.directory'), 'directory', search, h('table', {}, body));
}

/** The live board of all extensions (secretary): free, ringing, busy, unavailable. */
export function renderExtensionBoard(ctx: AppContext): HTMLElement {
  const grid = h('div', { class: 'board' });
  const render = (): void => {
    replace(grid, [...ctx.store.extensions.values()].map((e) => h('div', { class: `tile lamp-${e.state}`, testid: 'board-tile', data: { extension: e.extension, state: e.state } },
      h('strong', {}, e.extension), h('span', {}, e.user?.name ?? ''), stateBadge(ctx, e.state))));
  };
  ctx.onLeave(ctx.store.on('extensions', render));
  loadExtensions(ctx);
  render();
  return section(ctx.i18n.t('secretary.board'), 'extension-board', grid);
}
