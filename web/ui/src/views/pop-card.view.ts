import type { CallView, PopCard } from '../../../realtime/realtime-events.js';
import type { AppContext } from '../context.js';
import { formatTime, h, type Child } from '../dom.js';
import { act, phoneLink, stateBadge } from './widgets.js';

/** Who is calling: the caller's number and untrusted CallerID name (as text), client or "unknown". */
function callerLine(ctx: AppContext, call: CallView, card: PopCard): HTMLElement {
  const number = card.e164 ?? call.externalNumber ?? card.raw;
  return h('div', { class: 'caller' },
    h('strong', { testid: 'caller-number' }, phoneLink(ctx, number)),
    call.externalName !== null && call.externalName !== '' ? h('span', { class: 'caller-name', testid: 'caller-name', title: ctx.i18n.t('pop.callerName') }, call.externalName) : null);
}

function clientBlock(ctx: AppContext, card: PopCard): Child {
  const { t } = ctx.i18n;
  if (card.pending) return h('p', { class: 'muted', testid: 'card-pending' }, t('pop.pending'));
  if (card.client === null) return null;
  return h('div', { class: 'card-client' },
    h('a', { href: `#/clients/${card.client.id}`, testid: 'card-client', class: 'client-name' }, card.client.name),
    card.client.vip ? h('span', { class: 'tag vip' }, t('pop.vip')) : null,
    card.contact ? h('div', { testid: 'card-contact' }, `${t('pop.contact')}: `, card.contact.name, card.contact.position ? ` (${card.contact.position})` : '') : null,
    card.restricted ? h('div', { class: 'muted' }, t('pop.restricted')) : null,
    card.redacted ? h('div', { class: 'muted' }, t('pop.redacted')) : null);
}

function responsibleBlock(ctx: AppContext, card: PopCard): Child {
  if (card.client === null) return null;
  const r = card.responsible;
  if (r === null) return h('div', { class: 'muted', testid: 'card-responsible' }, ctx.i18n.t('pop.noResponsible'));
  return h('div', { class: 'card-responsible' }, `${ctx.i18n.t('pop.responsible')}: `,
    h('span', { testid: 'card-responsible' }, r.name), ' ', r.extensions.join(', '), ' ', stateBadge(ctx, r.state));
}

function list<T>(title: string, testid: string, items: readonly T[], row: (item: T) => Child): Child {
  if (items.length === 0) return null;
  return h('div', { class: 'card-list', testid }, h('h4', {}, title), h('ul', {}, items.map((i) => h('li', {}, row(i)))));
}

/** Unknown number: one click opens the "new client" form prefilled with the normalized number. */
function unknownBlock(ctx: AppContext, card: PopCard): Child {
  if (card.pending || card.client !== null || card.candidates.length > 0) return null;
  const number = card.e164 ?? card.raw ?? '';
  return h('div', { class: 'card-unknown' }, h('p', {}, ctx.i18n.t('pop.unknown')),
    h('button', { type: 'button', testid: 'new-client', onclick: () => ctx.navigate(`#/clients/new?phone=${encodeURIComponent(number)}`) }, ctx.i18n.t('pop.newClient')));
}

function candidatesBlock(ctx: AppContext, popId: string | null, card: PopCard): Child {
  if (card.candidates.length === 0 || card.client !== null) return null;
  return h('div', { class: 'card-candidates', testid: 'candidates' }, h('p', {}, ctx.i18n.t('pop.candidates')),
    card.candidates.map((c) => h('button', {
      type: 'button', class: 'candidate', testid: 'candidate',
      onclick: () => act(ctx, async () => {
        if (popId === null) return ctx.navigate(`#/clients/${c.clientId}`);
        await new Promise<void>((resolve, reject) => {
          ctx.socket.timeout(5000).emit('pop.pick', { popId, clientId: c.clientId }, (err: Error | null, reply: { ok: boolean; error?: string }) => {
            if (err) reject(err);
            else if (!reply.ok) reject(new Error(reply.error ?? 'pick failed'));
            else resolve();
          });
        });
      }),
    }, c.name, c.vip ? ' ★' : '')));
}

/** The caller card shared by the pop, the active call panel and the result form. */
export function renderCard(ctx: AppContext, call: CallView, card: PopCard, popId: string | null): HTMLElement {
  const { t, locale } = ctx.i18n;
  return h('div', { class: 'card', testid: 'card' },
    callerLine(ctx, call, card),
    clientBlock(ctx, card),
    responsibleBlock(ctx, card),
    candidatesBlock(ctx, popId, card),
    unknownBlock(ctx, card),
    list(t('pop.deals'), 'card-deals', card.openDeals, (d) => [d.title, ' · ', d.stage, d.amount ? ` · ${d.amount} ${d.currency}` : '']),
    list(t('pop.tasks'), 'card-tasks', card.openTasks, (x) => [x.title, x.dueAt ? ` · ${formatTime(x.dueAt, locale)}` : '']),
    list(t('pop.interactions'), 'card-interactions', card.lastInteractions, (i) => [formatTime(i.startedAt, locale), ' · ', i.kind, i.outcome ? ` · ${i.outcome}` : '', i.subject ? ` · ${i.subject}` : '']),
    card.notes ? h('div', { class: 'card-notes', testid: 'card-notes' }, h('h4', {}, t('pop.notes')), h('p', {}, card.notes)) : null);
}
