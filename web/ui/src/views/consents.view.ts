import type { AppContext } from '../context.js';
import { formatTime, h, inputValue, replace } from '../dom.js';
import type { PhoneDto } from '../types.js';
import { act, field, section, select } from './widgets.js';

/** A consent to advertising calls as the server keeps it (who gave it, when, how; revoked by "stop calling me"). */
interface ConsentItem {
  readonly id: number; readonly phone: string; readonly campaignId: number | null; readonly method: string;
  readonly givenBy: string; readonly givenAt: string; readonly evidence: string | null; readonly revokedAt: string | null;
}

const methods = ['call', 'web', 'paper', 'sms', 'other'] as const;
const recorders = new Set(['admin', 'supervisor', 'telemarketer', 'operator']);

/**
 * Client card: consents to advertising calls (campaigns that need one dial only numbers with a valid
 * consent). Telemarketing roles record one (number, how, who gave it, evidence) or withdraw it.
 */
export function renderConsents(ctx: AppContext, clientId: number, phones: readonly PhoneDto[]): HTMLElement {
  const { t, locale } = ctx.i18n;
  const list = h('ul', { class: 'consents', testid: 'consent-list' });
  const load = (): void => act(ctx, async () => {
    const { items } = await ctx.api.get<{ items: ConsentItem[] }>(`/api/clients/${clientId}/consents`);
    replace(list, items.length === 0 ? h('li', { class: 'muted' }, t('consent.none')) : items.map((c) => h('li', {
      testid: 'consent-row', data: { consentId: String(c.id), revoked: String(c.revokedAt !== null) },
    },
    h('strong', {}, c.phone), ' · ', t(`consent.method.${c.method as (typeof methods)[number]}`), ' · ', c.givenBy, ' · ', formatTime(c.givenAt, locale),
    c.campaignId === null ? ` · ${t('consent.allCampaigns')}` : ` · #${c.campaignId}`,
    c.evidence ? h('div', { class: 'muted' }, c.evidence) : null,
    c.revokedAt !== null
      ? h('span', { class: 'tag', testid: 'consent-revoked' }, t('consent.revoked', { at: formatTime(c.revokedAt, locale) }))
      : recorders.has(ctx.user.role) ? h('button', { type: 'button', class: 'link', testid: 'consent-revoke', onclick: () => act(ctx, async () => {
        await ctx.api.post(`/api/campaigns/consents/${c.id}/revoke`);
        load();
      }) }, t('consent.revoke')) : null)));
    list.dataset['loaded'] = 'true';
  });
  load();
  const numbers = phones.flatMap((p) => (p.e164 ? [{ value: p.e164, label: p.raw }] : []));
  if (!recorders.has(ctx.user.role) || numbers.length === 0) return section(t('consent.title'), 'client-consents', list);
  const form = h('form', { class: 'consent-form', testid: 'consent-form' },
    h('div', { class: 'grid-fields' },
      field(t('consent.phone'), select('phone', numbers)),
      field(t('consent.method'), select('method', methods.map((m) => ({ value: m, label: t(`consent.method.${m}`) })), 'call')),
      field(t('consent.givenBy'), h('input', { name: 'givenBy', required: true, testid: 'consent-given-by', autocomplete: 'off' })),
      field(t('consent.evidence'), h('input', { name: 'evidence', testid: 'consent-evidence', autocomplete: 'off' }))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', testid: 'consent-record' }, t('consent.record'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(ctx, async () => {
      const evidence = inputValue(form, 'evidence').trim();
      await ctx.api.post('/api/campaigns/consents', {
        phone: inputValue(form, 'phone'), clientId, method: inputValue(form, 'method'), givenBy: inputValue(form, 'givenBy'),
        ...(evidence ? { evidence } : {}),
      });
      form.reset();
      ctx.notify(t('consent.recorded'));
      load();
    });
  });
  return section(t('consent.title'), 'client-consents', list, form);
}
