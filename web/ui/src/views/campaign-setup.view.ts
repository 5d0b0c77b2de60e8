import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { CampaignDto } from '../telemarketing.types.js';
import { clearError, showError } from './campaign-editor.widgets.js';
import { renderListsPanel } from './campaign-lists.panel.js';
import { renderScriptPanel } from './campaign-script.panel.js';
import { renderSettingsForm } from './campaign-settings.form.js';
import { statusBadge, statusButtons } from './campaigns.view.js';
import { errorText, section } from './widgets.js';

/** name, status, mode, flags; start/pause/finish with the server's refusal shown under them */
function header(ctx: AppContext, c: CampaignDto, refused: HTMLElement, reload: () => void): HTMLElement {
  const { t } = ctx.i18n;
  const flags = [c.manualOnly ? t('editor.manualOnly') : null, c.requiresConsent ? t('editor.requiresConsent') : null,
    c.callerId !== null ? t('editor.callerIdIs', { callerId: c.callerId }) : null].filter((f): f is string => f !== null);
  return h('div', { class: 'panel setup-header' },
    h('div', { class: 'row mon-header' },
      h('h2', { testid: 'setup-name' }, c.name), statusBadge(ctx, c.status, 'setup-status'),
      h('span', { class: 'muted', testid: 'setup-mode', data: { mode: c.dialMode } }, t(`campaigns.mode.${c.dialMode}`)),
      flags.length > 0 ? h('span', { class: 'muted' }, `· ${flags.join(' · ')}`) : null,
      statusButtons(ctx, c.id, c.status, () => { clearError(refused); reload(); }, (err) => showError(ctx, refused, err, 'setup-refusal')),
      h('span', { class: 'spacer' }),
      h('a', { href: `#/campaigns/${c.id}`, testid: 'setup-monitor' }, t('editor.monitor')),
      h('a', { href: '#/campaigns', testid: 'setup-back' }, t('campaigns.title'))),
    refused);
}

/**
 * Supervisor: the campaign editor. Settings (calling hours, time zone, retries, limits, pacing,
 * dispositions), the script (validated by the server, errors by code and path), the call lists (file import
 * through a column-mapping form with a per-row report, or a CRM segment), and start/pause/finish with the
 * server's reason when a start is refused.
 */
export function renderCampaignSetup(ctx: AppContext, id: number): HTMLElement {
  const root = h('div', { class: 'campaign-setup', testid: 'campaign-setup', data: { id: String(id) } }, h('p', { class: 'muted' }, ctx.i18n.t('common.loading')));
  const refused = h('div', { class: 'form-errors refusal', testid: 'setup-refusal-box' });
  refused.hidden = true;
  const top = h('div', { testid: 'setup-header-box' });
  const reloadHeader = (): void => {
    ctx.api.get<CampaignDto>(`/api/campaigns/${id}`).then((c) => replace(top, header(ctx, c, refused, reloadHeader)), (err: unknown) => ctx.notify(errorText(ctx, err), 'error'));
  };
  ctx.api.get<CampaignDto>(`/api/campaigns/${id}`).then((c) => {
    replace(top, header(ctx, c, refused, reloadHeader));
    const settings = section(ctx.i18n.t('editor.settings'), 'setup-settings', renderSettingsForm(ctx, c));
    replace(root, top, h('div', { class: 'cols two setup-cols' },
      h('div', { class: 'col' }, settings),
      h('div', { class: 'col' }, renderScriptPanel(ctx, c), renderListsPanel(ctx, c))));
    root.dataset['ready'] = 'true';
  }, (err: unknown) => replace(root, h('p', { class: 'error', testid: 'setup-load-error' }, errorText(ctx, err))));
  return root;
}
