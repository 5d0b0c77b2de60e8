import type { CallView } from '../../../realtime/realtime-events.js';
import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { IncomingRow } from '../store.js';
import { renderExtensionBoard } from './directory.view.js';
import { act, emptyRow, phoneLink, section, stateBadge } from './widgets.js';

function callState(ctx: AppContext, call: CallView): string {
  if (call.answeredBy !== null) return ctx.i18n.t('call.answeredBy', { extension: call.answeredBy });
  return ctx.i18n.t('call.ringingAt', { extensions: call.ringingNow.join(', ') });
}

function row(ctx: AppContext, r: IncomingRow): HTMLElement {
  const { t } = ctx.i18n;
  const card = r.card;
  const responsible = card?.responsible ?? null;
  const transfer = h('button', {
    type: 'button', class: 'primary', testid: 'to-responsible', disabled: responsible === null,
    onclick: () => act(ctx, async () => {
      const res = await ctx.api.post<{ extension: string }>(`/api/calls/${encodeURIComponent(r.call.callId)}/transfer-to-responsible`);
      ctx.notify(t('secretary.transferred', { extension: res.extension }));
    }),
  }, t('secretary.toResponsible'));
  return h('tr', { testid: 'incoming-row', data: { callId: r.call.callId } },
    h('td', {}, phoneLink(ctx, card?.e164 ?? r.call.externalNumber), ' ', h('span', { class: 'caller-name', testid: 'caller-name' }, r.call.externalName ?? '')),
    h('td', { testid: 'incoming-client' }, card?.client ? h('a', { href: `#/clients/${card.client.id}` }, card.client.name) : ctx.i18n.t('pop.unknown')),
    h('td', { testid: 'incoming-responsible' }, responsible?.name ?? ''),
    h('td', {}, responsible ? stateBadge(ctx, responsible.state) : ''),
    h('td', {}, callState(ctx, r.call)),
    h('td', {}, transfer));
}

/** Secretary console: every current incoming call, one-click transfer to the responsible manager, extension board. */
export function renderSecretary(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const body = h('tbody');
  const render = (): void => {
    const rows = ctx.store.incoming.map((r) => row(ctx, r));
    replace(body, rows.length > 0 ? rows : emptyRow(ctx, 6));
  };
  ctx.onLeave(ctx.store.on('incoming', render));
  render();
  const head = h('thead', {}, h('tr', {}, [t('secretary.caller'), t('pop.client'), t('pop.responsible'), t('secretary.managerState'), t('secretary.callState'), ''].map((x) => h('th', {}, x))));
  return h('div', { class: 'secretary cols two', testid: 'secretary' },
    h('div', { class: 'col wide' }, section(t('secretary.title'), 'incoming-calls', h('table', {}, head, body))),
    h('div', { class: 'col' }, renderExtensionBoard(ctx)));
}
