import type { AppContext } from '../context.js';
import { h, inputValue } from '../dom.js';
import type { CampaignCreateBody, CampaignDto, DialMode } from '../telemarketing.types.js';
import { checkbox, clearError, showError } from './campaign-editor.widgets.js';
import { field, section, select } from './widgets.js';

const modes: readonly DialMode[] = ['preview', 'progressive', 'predictive'];

/**
 * Supervisor: a new campaign (a draft) with its name, dialing mode, manual-only (forces preview), consent
 * and caller ID; created, it opens the campaign's setup page.
 */
export function renderNewCampaign(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const mode = select('dialMode', modes.map((m) => ({ value: m, label: t(`campaigns.mode.${m}`) })), 'preview');
  mode.dataset['testid'] = 'new-mode';
  const manual = checkbox('manualOnly', t('editor.manualOnly'), false, 'new-manual');
  const manualInput = manual.querySelector('input');
  // a manual-only campaign dials in preview mode: the mode is fixed while the box is ticked
  manualInput?.addEventListener('change', () => {
    if (manualInput.checked) mode.value = 'preview';
    mode.disabled = manualInput.checked;
  });
  const errors = h('div', { class: 'form-errors', testid: 'new-errors' });
  errors.hidden = true;
  const form = h('form', { class: 'campaign-new', testid: 'campaign-new-form' },
    field(t('campaigns.name'), h('input', { name: 'name', required: true, testid: 'new-name', autocomplete: 'off' })),
    field(t('campaigns.mode'), mode),
    h('p', { class: 'muted hint' }, t('editor.modeHint')),
    manual,
    checkbox('requiresConsent', t('editor.requiresConsent'), false, 'new-consent'),
    field(t('editor.callerId'), h('input', { name: 'callerId', testid: 'new-caller-id', placeholder: '+995322555000', autocomplete: 'off' })),
    errors,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', testid: 'new-create' }, t('editor.create')),
      h('a', { href: '#/campaigns', testid: 'new-cancel' }, t('common.cancel'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const callerId = inputValue(form, 'callerId');
    const manualOnly = manualInput?.checked ?? false;
    const body: CampaignCreateBody = {
      name: inputValue(form, 'name'), dialMode: manualOnly ? 'preview' : mode.value as DialMode, manualOnly,
      requiresConsent: (form.elements.namedItem('requiresConsent') as HTMLInputElement | null)?.checked ?? false,
      ...(callerId !== '' ? { callerId } : {}),
    };
    clearError(errors);
    ctx.api.post<CampaignDto>('/api/campaigns', body).then((c) => {
      ctx.notify(t('editor.created', { name: c.name }));
      ctx.navigate(`#/campaigns/${c.id}/setup`);
    }, (err: unknown) => showError(ctx, errors, err, 'new-error'));
  });
  return section(t('editor.newTitle'), 'campaign-new', form);
}
