import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { CampaignRow, CampaignStatus } from '../telemarketing.types.js';
import { act, emptyRow, section } from './widgets.js';

/** The status changes a supervisor may make from each status (cti/telemarketing campaign.service transitions). */
const moves: Readonly<Record<CampaignStatus, readonly { to: CampaignStatus; key: MessageKey; testid: string }[]>> = {
  draft: [{ to: 'running', key: 'campaigns.start', testid: 'campaign-start' }, { to: 'finished', key: 'campaigns.finish', testid: 'campaign-finish' }],
  running: [{ to: 'paused', key: 'campaigns.pause', testid: 'campaign-pause' }, { to: 'finished', key: 'campaigns.finish', testid: 'campaign-finish' }],
  paused: [{ to: 'running', key: 'campaigns.start', testid: 'campaign-start' }, { to: 'finished', key: 'campaigns.finish', testid: 'campaign-finish' }],
  finished: [],
};

const isStatus = (s: string): s is CampaignStatus => s === 'draft' || s === 'running' || s === 'paused' || s === 'finished';

export function statusBadge(ctx: AppContext, status: string, testid: string): HTMLElement {
  return h('span', { class: `lamp campaign-${status}`, testid, data: { status } }, isStatus(status) ? ctx.i18n.t(`campaigns.status.${status}`) : status);
}

/**
 * Start / pause / finish buttons for a campaign; `after` runs once the server accepted the change. A refusal
 * goes to `refused` when given (the campaign editor shows it by the buttons), else to the status bar.
 */
export function statusButtons(ctx: AppContext, id: number, status: string, after: () => void, refused?: (err: unknown) => void): HTMLElement {
  const list = isStatus(status) ? moves[status] : [];
  return h('span', { class: 'campaign-actions' }, list.map((m) => h('button', {
    type: 'button', testid: m.testid, class: m.to === 'running' ? 'primary' : m.to === 'finished' ? 'danger' : '',
    onclick: () => {
      const change = async (): Promise<void> => {
        await ctx.api.post(`/api/campaigns/${id}/status`, { status: m.to });
        after();
      };
      if (refused) change().catch(refused);
      else act(ctx, change);
    },
  }, ctx.i18n.t(m.key))));
}

/** Supervisor: every campaign with its status, dialing mode and start/pause/finish; a row opens the monitor. */
export function renderCampaigns(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const body = h('tbody');
  const load = (): void => act(ctx, async () => {
    const { items } = await ctx.api.get<{ items: CampaignRow[] }>('/api/campaigns');
    replace(body, items.length > 0 ? items.map((c) => h('tr', { testid: 'campaign-row', data: { id: String(c.id) } },
      h('td', {}, h('a', { href: `#/campaigns/${c.id}`, testid: 'campaign-open' }, c.name)),
      h('td', {}, statusBadge(ctx, c.status, 'campaign-status')),
      h('td', {}, t(`campaigns.mode.${c.dialMode}`)),
      h('td', { class: 'actions' }, statusButtons(ctx, c.id, c.status, load), ' ', h('a', { href: `#/campaigns/${c.id}/setup`, testid: 'campaign-setup' }, t('editor.setup'))))) : emptyRow(ctx, 4));
  });
  load();
  return section(t('campaigns.title'), 'campaigns',
    h('div', { class: 'row' }, h('a', { href: '#/campaigns/new', class: 'button', testid: 'campaign-new' }, t('editor.newCampaign'))),
    h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, t('campaigns.name')), h('th', {}, t('campaigns.status')), h('th', {}, t('campaigns.mode')), h('th', {}))), body));
}
