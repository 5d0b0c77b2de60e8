import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import { act, emptyRow, section } from './widgets.js';

/** One channel as GET /api/modems answers it (the server's SmsChannelStatus). */
export interface ModemDto {
  readonly id: string;
  readonly provider: string;
  readonly state: string;
  readonly since: string;
  readonly lastError: string | null;
  readonly reconnects: number;
  readonly signalDbm: number | null;
  readonly registration: string | null;
  readonly operator: string | null;
}

const modemStates = ['connecting', 'ready', 'disconnected', 'stopped'];
const stateKey = (state: string): MessageKey => (modemStates.includes(state) ? `modems.state.${state}` : 'state.unknown') as MessageKey;
const lampOf = (state: string): string => (state === 'ready' ? 'idle' : state === 'connecting' ? 'ringing' : 'unavailable');

function modemRow(ctx: AppContext, m: ModemDto, reload: () => void): HTMLElement {
  const { t, locale } = ctx.i18n;
  const check = (): void => act(ctx, async () => {
    await ctx.api.post(`/api/modems/${encodeURIComponent(m.id)}/check`);
    ctx.notify(t('modems.checked', { id: m.id }));
    reload();
  });
  return h('tr', { testid: 'modem-row', data: { id: m.id, state: m.state } },
    h('td', {}, m.id),
    h('td', {}, h('span', { class: `lamp lamp-${lampOf(m.state)}`, testid: 'modem-state' }, t(stateKey(m.state))), ' ', h('span', { class: 'muted' }, formatTime(m.since, locale))),
    h('td', { testid: 'modem-signal' }, m.signalDbm === null ? '–' : `${m.signalDbm} dBm`),
    h('td', { testid: 'modem-operator' }, m.operator ?? '–'),
    h('td', { testid: 'modem-registration' }, m.registration ?? '–'),
    h('td', { class: 'muted', testid: 'modem-error' }, m.lastError ?? ''),
    h('td', { class: 'actions' }, h('button', { type: 'button', testid: 'modem-check', onclick: check }, t('modems.check'))));
}

/** The modem status panel (supervisors and admins): state, signal, operator, registration, last error, "check". */
export function renderModems(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const body = h('tbody');
  const provider = h('p', { class: 'muted', testid: 'modems-provider' });
  const load = (): void => act(ctx, async () => {
    const res = await ctx.api.get<{ provider: string; items: ModemDto[] }>('/api/modems');
    provider.textContent = t('modems.provider', { name: res.provider });
    replace(body, res.items.length > 0 ? res.items.map((m) => modemRow(ctx, m, load)) : emptyRow(ctx, 7));
  });
  load();
  const head = h('thead', {}, h('tr', {}, [t('modems.id'), t('modems.state'), t('modems.signal'), t('modems.operator'), t('modems.registration'), t('modems.lastError'), ''].map((c) => h('th', {}, c))));
  return section(t('modems.title'), 'modems', provider,
    h('button', { type: 'button', testid: 'modems-refresh', onclick: load }, t('modems.refresh')), h('table', {}, head, body));
}
