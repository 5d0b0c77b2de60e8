import type { AppContext } from '../context.js';
import { h, inputValue, replace } from '../dom.js';
import {
  dispositionKinds, limitKeys, retryOutcomes,
  type CampaignDto, type CampaignSettings, type DispositionKind, type SettingsDisposition, type ValidationIssue,
} from '../telemarketing.types.js';
import { clearError, issuesOf, showError, showIssues } from './campaign-editor.widgets.js';
import { field, select } from './widgets.js';

/** Time zones offered for numbers whose zone cannot be derived; any other IANA name can be typed. */
export const commonTimeZones: readonly string[] = [
  'Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Novosibirsk',
  'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka',
  'Asia/Tbilisi', 'Asia/Yerevan', 'Asia/Baku', 'Asia/Almaty', 'Europe/Minsk', 'Europe/Kyiv', 'Europe/Istanbul',
  'Europe/Berlin', 'Europe/London', 'UTC',
];
const otherZone = '__other';

/** ISO weekday 1 (Mon) … 7 (Sun) in the user's language (1 January 2024 was a Monday). */
const weekdayName = (locale: string, day: number): string =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));

/** "5, 15, 30" → [5, 15, 30]; null when a part is not a whole number */
export function parseMinutes(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  const out = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return out.every((n) => Number.isInteger(n)) ? out : null;
}

const num = (value: string): number => (value.trim() === '' ? NaN : Number(value));
const pct = (fraction: number): string => String(Math.round(fraction * 10000) / 100);

function numberInput(name: string, value: number, testid: string, attrs: { step?: string; min?: string; max?: string } = {}): HTMLInputElement {
  const el = h('input', { type: 'number', name, value: String(value), testid });
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** a field whose wrapper knows the settings path it edits (server issues are shown next to it) */
function pathField(label: string, path: string, control: HTMLElement): HTMLElement {
  const f = field(label, control);
  f.dataset['path'] = path;
  return f;
}

function dispositionRow(ctx: AppContext, d: SettingsDisposition, onRemove: (row: HTMLElement) => void): HTMLTableRowElement {
  const { t } = ctx.i18n;
  const kind = select('kind', dispositionKinds.map((k) => ({ value: k, label: t(`editor.kind.${k}`) })), d.kind);
  kind.dataset['testid'] = 'disp-kind';
  kind.dataset['field'] = 'kind';
  const row: HTMLTableRowElement = h('tr', { testid: 'disp-row', data: { code: d.code } },
    h('td', {}, h('input', { name: 'code', value: d.code, testid: 'disp-code', data: { field: 'code' }, placeholder: 'code', autocomplete: 'off' })),
    h('td', {}, h('input', { name: 'label', value: d.label, testid: 'disp-label', data: { field: 'label' }, autocomplete: 'off' })),
    h('td', {}, kind),
    h('td', { class: 'center' }, h('input', { type: 'checkbox', name: 'success', checked: d.success, testid: 'disp-success', data: { field: 'success' }, title: t('editor.dispSuccess') })),
    h('td', { class: 'actions' }, h('button', { type: 'button', testid: 'disp-remove', title: t('editor.remove'), onclick: () => onRemove(row) }, '×')));
  return row;
}

interface Read { settings: CampaignSettings; issues: ValidationIssue[] }

/** The form's values as settings; unparsable numbers become issues shown like the server's. */
function readSettings(ctx: AppContext, form: HTMLFormElement, dispBody: HTMLElement, base: CampaignSettings): Read {
  const { t } = ctx.i18n;
  const issues: ValidationIssue[] = [];
  const number = (path: string): number => {
    const n = num(inputValue(form, path));
    if (!Number.isFinite(n)) issues.push({ code: 'invalid_number', path, message: t('editor.notANumber') });
    return n;
  };
  const days = [...form.querySelectorAll<HTMLInputElement>('input[name=day]')].filter((c) => c.checked).map((c) => Number(c.value));
  const retry = { ...base.retry };
  for (const o of retryOutcomes) {
    const list = parseMinutes(inputValue(form, `retry.${o}`));
    if (list === null) issues.push({ code: 'invalid_minutes', path: `retry.${o}`, message: t('editor.minutesHint') });
    else retry[o] = list;
  }
  const limits = { ...base.limits };
  for (const k of limitKeys) limits[k] = number(`limits.${k}`);
  const zone = inputValue(form, 'defaultTimeZone');
  const dispositions = [...dispBody.querySelectorAll<HTMLTableRowElement>('tr[data-testid=disp-row]')].map((tr) => ({
    code: tr.querySelector<HTMLInputElement>('[data-field=code]')?.value.trim() ?? '',
    label: tr.querySelector<HTMLInputElement>('[data-field=label]')?.value.trim() ?? '',
    kind: (tr.querySelector<HTMLSelectElement>('[data-field=kind]')?.value ?? 'final') as DispositionKind,
    success: tr.querySelector<HTMLInputElement>('[data-field=success]')?.checked ?? false,
  }));
  const settings: CampaignSettings = {
    callingWindow: { start: inputValue(form, 'callingWindow.start'), end: inputValue(form, 'callingWindow.end'), days },
    defaultTimeZone: zone === otherZone ? inputValue(form, 'defaultTimeZoneOther') : zone,
    retry, limits,
    pacing: { ...base.pacing, abandonCap: number('pacing.abandonCap') / 100, connectWithinSeconds: number('pacing.connectWithinSeconds') },
    dispositions,
    stopScope: inputValue(form, 'stopScope') === 'campaign' ? 'campaign' : 'global',
  };
  return { settings, issues };
}

/** Marks the fields an issue names and writes its message next to each (text only). */
function markFields(form: HTMLFormElement, dispBody: HTMLElement, issues: readonly ValidationIssue[]): void {
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  for (const el of form.querySelectorAll('[data-testid=settings-field-error]')) el.remove();
  const rows = [...dispBody.querySelectorAll('tr[data-testid=disp-row]')];
  for (const i of issues) {
    const m = /^dispositions\.(\d+)\.(\w+)/.exec(i.path);
    if (m) {
      rows[Number(m[1])]?.querySelector(`[data-field=${m[2] ?? ''}]`)?.classList.add('invalid');
      continue;
    }
    // the most specific wrapper: "callingWindow.start", else "callingWindow" for a refinement of the window
    const parts = i.path.split('.');
    let wrapper: Element | null = null;
    for (let n = parts.length; n > 0 && wrapper === null; n--) wrapper = form.querySelector(`[data-path="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (wrapper === null) continue;
    wrapper.classList.add('invalid');
    wrapper.append(h('span', { class: 'field-error', testid: 'settings-field-error', data: { path: i.path } }, i.message));
  }
}

/**
 * The campaign's settings: calling hours (callee-local), default time zone, retry delays per outcome,
 * attempt limits, abandon cap and connect time, dispositions and the scope of "stop calling me". A refused
 * save shows the server's issues next to the form and the fields; the input stays as typed.
 */
export function renderSettingsForm(ctx: AppContext, campaign: CampaignDto): HTMLElement {
  const { t, locale } = ctx.i18n;
  let base = campaign.settings;
  const s = campaign.settings;
  const known = commonTimeZones.includes(s.defaultTimeZone);
  const zone = select('defaultTimeZone', [...commonTimeZones.map((z) => ({ value: z, label: z })), { value: otherZone, label: t('editor.tzOther') }], known ? s.defaultTimeZone : otherZone);
  zone.dataset['testid'] = 'settings-tz';
  const zoneOther = h('input', { name: 'defaultTimeZoneOther', value: known ? '' : s.defaultTimeZone, testid: 'settings-tz-other', placeholder: 'Region/City', autocomplete: 'off' });
  zoneOther.hidden = known;
  zone.addEventListener('change', () => { zoneOther.hidden = zone.value !== otherZone; });

  const dispBody = h('tbody', { testid: 'disp-rows' });
  const remove = (row: HTMLElement): void => row.remove();
  const fillDispositions = (list: readonly SettingsDisposition[]): void => replace(dispBody, list.map((d) => dispositionRow(ctx, d, remove)));
  fillDispositions(s.dispositions);
  const stopScope = select('stopScope', [{ value: 'global', label: t('editor.stopScope.global') }, { value: 'campaign', label: t('editor.stopScope.campaign') }], s.stopScope);
  stopScope.dataset['testid'] = 'settings-stop-scope';

  const errors = h('div', { class: 'form-errors', testid: 'settings-errors' });
  errors.hidden = true;
  const ok = h('span', { class: 'ok-text', testid: 'settings-saved' });
  const form = h('form', { class: 'settings-form', testid: 'settings-form' },
    h('h3', {}, t('editor.callingHours')),
    h('div', { class: 'row' },
      pathField(t('editor.from'), 'callingWindow.start', h('input', { name: 'callingWindow.start', value: s.callingWindow.start, testid: 'settings-start', placeholder: 'HH:MM', autocomplete: 'off', class: 'time' })),
      pathField(t('editor.to'), 'callingWindow.end', h('input', { name: 'callingWindow.end', value: s.callingWindow.end, testid: 'settings-end', placeholder: 'HH:MM', autocomplete: 'off', class: 'time' })),
      pathField(t('editor.timeZone'), 'defaultTimeZone', h('span', { class: 'row tz' }, zone, zoneOther))),
    h('div', { class: 'weekdays', data: { path: 'callingWindow.days' } }, [1, 2, 3, 4, 5, 6, 7].map((d) => h('label', { class: 'chip' },
      h('input', { type: 'checkbox', name: 'day', value: String(d), checked: s.callingWindow.days.includes(d), testid: `settings-day-${d}` }), ' ', weekdayName(locale, d)))),
    h('p', { class: 'muted hint' }, t('editor.callingHoursHint')),
    h('h3', {}, t('editor.retries')),
    h('div', { class: 'grid-fields' }, retryOutcomes.map((o) => pathField(t(`editor.retry.${o}`), `retry.${o}`,
      h('input', { name: `retry.${o}`, value: s.retry[o].join(', '), testid: `settings-retry-${o}`, autocomplete: 'off' })))),
    h('p', { class: 'muted hint' }, t('editor.minutesHint')),
    h('h3', {}, t('editor.limits')),
    h('div', { class: 'grid-fields' }, limitKeys.map((k) => pathField(t(`editor.limit.${k}`), `limits.${k}`, numberInput(`limits.${k}`, s.limits[k], `settings-limit-${k}`, { min: '0', step: '1' })))),
    h('p', { class: 'muted hint' }, t('editor.limitsHint')),
    h('h3', {}, t('editor.pacing')),
    h('div', { class: 'grid-fields' },
      pathField(t('editor.abandonCap'), 'pacing.abandonCap', numberInput('pacing.abandonCap', Number(pct(s.pacing.abandonCap)), 'settings-abandon-cap', { min: '0', max: '20', step: '0.1' })),
      pathField(t('editor.connectWithin'), 'pacing.connectWithinSeconds', numberInput('pacing.connectWithinSeconds', s.pacing.connectWithinSeconds, 'settings-connect-within', { min: '0.5', max: '30', step: '0.5' })),
      pathField(t('editor.stopScope'), 'stopScope', stopScope)),
    h('h3', {}, t('editor.dispositions')),
    h('div', { class: 'dispositions', data: { path: 'dispositions' } }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, t('editor.dispCode')), h('th', {}, t('editor.dispLabel')), h('th', {}, t('editor.dispKind')), h('th', {}, t('editor.dispSuccess')), h('th', {}))),
      dispBody)),
    h('button', { type: 'button', testid: 'disp-add', onclick: () => {
      const row = dispositionRow(ctx, { code: '', label: '', kind: 'final', success: false }, remove);
      dispBody.append(row);
      row.querySelector('input')?.focus();
    } }, t('editor.dispAdd')),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', testid: 'settings-save' }, t('common.save')), ok));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ok.textContent = '';
    const { settings, issues } = readSettings(ctx, form, dispBody, base);
    markFields(form, dispBody, issues);
    if (issues.length > 0) {
      showIssues(errors, issues, 'settings-error', t('editor.invalid'));
      return;
    }
    clearError(errors);
    ctx.api.put<CampaignDto>(`/api/campaigns/${campaign.id}/settings`, settings).then((c) => {
      base = c.settings;
      ok.textContent = t('common.saved');
    }, (err: unknown) => {
      markFields(form, dispBody, issuesOf(err));
      showError(ctx, errors, err, 'settings-error');
    });
  });
  return form;
}
