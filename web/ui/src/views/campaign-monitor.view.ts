import type { AppContext } from '../context.js';
import { formatTime, h, replace, type Child } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { CampaignMonitor, CampaignResults } from '../telemarketing.types.js';
import { barChart, progressBar } from './bar-chart.js';
import { renderResults } from './campaign-results.view.js';
import { statusBadge, statusButtons } from './campaigns.view.js';
import { emptyRow, errorText, section } from './widgets.js';

/** How often the open monitor asks the server again. */
const refreshMs = 3000;

const tile = (label: string, testid: string, value: number | string): HTMLElement =>
  h('div', { class: 'stat small', testid, data: { value: String(value) } }, h('span', { class: 'num' }, value), h('span', {}, label));

const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

function header(ctx: AppContext, m: CampaignMonitor, reload: () => void): HTMLElement {
  const { t } = ctx.i18n;
  const c = m.campaign;
  const exportLink = h('a', { href: `/api/campaigns/${c.id}/export.csv`, testid: 'mon-export', class: 'button' }, t('monitor.export'));
  exportLink.setAttribute('download', `campaign-${c.id}.csv`);
  return h('div', { class: 'panel row mon-header' },
    h('h2', { testid: 'mon-name' }, c.name), statusBadge(ctx, c.status, 'mon-status'),
    h('span', { class: 'muted' }, t(`campaigns.mode.${c.dialMode}`)),
    statusButtons(ctx, c.id, c.status, reload), h('span', { class: 'spacer' }),
    h('a', { href: `#/campaigns/${c.id}/setup`, testid: 'mon-setup' }, t('editor.setup')),
    h('a', { href: '#/campaigns' }, t('campaigns.title')), exportLink);
}

function progress(ctx: AppContext, m: CampaignMonitor): HTMLElement {
  const { t } = ctx.i18n;
  const p = m.progress;
  const keys = ['total', 'pending', 'inProgress', 'callback', 'done', 'blocked', 'attempts'] as const;
  const lists = m.lists.map((l) => h('tr', { testid: 'mon-list-row', data: { id: String(l.id) } },
    h('td', {}, l.name), h('td', {}, l.priority), h('td', {}, t('monitor.ofTotal', { done: l.done, total: l.total })),
    h('td', { class: 'bar-cell' }, progressBar(l.percentDone, 'mon-list-bar'))));
  return section(t('monitor.progress'), 'mon-progress',
    h('div', { class: 'row' }, progressBar(p.percentDone, 'mon-progress-bar'), h('strong', { testid: 'mon-percent' }, t('monitor.percentDone', { percent: fixed(p.percentDone) }))),
    h('div', { class: 'tiles' }, keys.map((k) => tile(t(`monitor.${k}`), `mon-${k}`, p[k]))),
    h('h3', {}, t('monitor.lists')),
    h('table', {}, h('tbody', {}, lists.length > 0 ? lists : emptyRow(ctx, 4))));
}

/** planned / today / rolling abandon rates, each against the cap */
function abandon(ctx: AppContext, m: CampaignMonitor): HTMLElement {
  const { t } = ctx.i18n;
  const d = m.dialer;
  const cap = d.abandonCapPct;
  const gauge = (key: MessageKey, testid: string, value: number): HTMLElement => h('div', { class: 'gauge', testid, data: { value: String(value) } },
    h('span', { class: 'bar-label' }, t(key)), progressBar(cap > 0 ? (value / cap) * 100 : 0, `${testid}-bar`, value > cap), h('span', { class: 'bar-count' }, `${fixed(value)}%`));
  return h('div', { class: 'abandon' }, h('h3', {}, t('monitor.abandon'), ' ', h('span', { class: 'muted', testid: 'mon-abandon-cap' }, t('monitor.cap', { cap: fixed(cap) }))),
    gauge('monitor.abandon.planned', 'mon-abandon-planned', d.plannedAbandonPct),
    gauge('monitor.abandon.today', 'mon-abandon-today', d.actualAbandonTodayPct),
    gauge('monitor.abandon.rolling', 'mon-abandon-rolling', d.actualAbandonRollingPct));
}

function dialer(ctx: AppContext, m: CampaignMonitor): HTMLElement {
  const { t, locale } = ctx.i18n;
  const d = m.dialer;
  return section(t('monitor.dialer'), 'mon-dialer',
    h('p', { testid: 'mon-dialer-state', data: { running: String(d.running) } }, t(d.running ? 'monitor.dialer.running' : 'monitor.dialer.stopped'), d.reason !== null ? h('span', { class: 'muted' }, ` · ${d.reason}`) : null),
    h('div', { class: 'tiles' }, tile(t('monitor.dialLevel'), 'mon-dial-level', fixed(d.dialLevel)), tile(t('monitor.inFlight'), 'mon-in-flight', d.inFlight),
      tile(t('monitor.today.dialed'), 'mon-today-dialed', m.today.dialed), tile(t('monitor.today.answered'), 'mon-today-answered', m.today.answered),
      tile(t('monitor.today.abandoned'), 'mon-today-abandoned', m.today.abandoned)),
    abandon(ctx, m),
    h('h3', {}, t('monitor.changes')),
    d.changes.length > 0 ? h('ul', { class: 'mon-changes', testid: 'mon-changes' }, d.changes.map((c) => h('li', {}, h('span', { class: 'muted' }, formatTime(c.at, locale)), ' ', c.reason)))
      : h('p', { class: 'muted' }, t('common.none')));
}

function agents(ctx: AppContext, m: CampaignMonitor): HTMLElement {
  const { t, locale } = ctx.i18n;
  const rows = m.agents.map((a) => h('tr', { testid: 'mon-agent-row', data: { userId: String(a.userId), state: a.state } },
    h('td', {}, a.name), h('td', {}, h('span', { class: `lamp tm-state-${a.state}` }, t(`tm.state.${a.state}`))),
    h('td', {}, formatTime(a.since, locale)), h('td', { testid: 'mon-agent-handled' }, a.handled)));
  return section(t('monitor.agents'), 'mon-agents', h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, t('monitor.agent.name')), h('th', {}, t('monitor.agent.state')), h('th', {}, t('monitor.agent.since')), h('th', {}, t('monitor.agent.handled')))),
    h('tbody', {}, rows.length > 0 ? rows : emptyRow(ctx, 4))));
}

function outcomes(ctx: AppContext, m: CampaignMonitor): HTMLElement {
  const bars = m.outcomes.map((o) => ({ key: o.disposition, label: o.label, count: o.count }));
  return section(ctx.i18n.t('monitor.outcomes'), 'mon-outcomes', bars.length > 0 ? barChart(bars, 'mon-outcome-chart', 'mon-outcome') : h('p', { class: 'muted' }, ctx.i18n.t('common.none')));
}

function page(ctx: AppContext, m: CampaignMonitor, r: CampaignResults, reload: () => void): Child {
  return [header(ctx, m, reload),
    h('div', { class: 'cols' },
      h('div', { class: 'col' }, progress(ctx, m), outcomes(ctx, m)),
      h('div', { class: 'col' }, dialer(ctx, m), agents(ctx, m)),
      h('div', { class: 'col' }, renderResults(ctx, r)))];
}

/**
 * Supervisor's campaign monitor: progress per state and list, the dialer (level, in flight, abandon rates
 * against the cap, pacing changes), telemarketers, outcomes, and the results per question. Asked again every
 * 3 s while the page is open.
 */
export function renderCampaignMonitor(ctx: AppContext, id: number): HTMLElement {
  const root = h('div', { class: 'campaign-monitor', testid: 'campaign-monitor', data: { id: String(id) } }, h('p', { class: 'muted' }, ctx.i18n.t('common.loading')));
  let busy = false;
  let failed = false;
  const load = (): void => {
    if (busy) return;
    busy = true;
    Promise.all([ctx.api.get<CampaignMonitor>(`/api/campaigns/${id}/monitor`), ctx.api.get<CampaignResults>(`/api/campaigns/${id}/results`)])
      .then(([m, r]) => {
        failed = false;
        root.dataset['loaded'] = String(Number(root.dataset['loaded'] ?? '0') + 1);
        replace(root, page(ctx, m, r, load));
      }, (err: unknown) => {
        if (!failed) ctx.notify(errorText(ctx, err), 'error'); // once, not every 3 s
        failed = true;
      })
      .finally(() => { busy = false; });
  };
  const timer = window.setInterval(load, refreshMs);
  ctx.onLeave(() => window.clearInterval(timer));
  load();
  return root;
}
