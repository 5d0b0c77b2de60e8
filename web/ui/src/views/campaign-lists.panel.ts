import { query } from '../api.js';
import type { AppContext } from '../context.js';
import { formatTime, h, inputValue, replace } from '../dom.js';
import { listFields, type CallListItem, type CampaignDto, type ListField, type ListImportResult, type ListPreview, type ListRowError } from '../telemarketing.types.js';
import { checkbox, clearError, showError } from './campaign-editor.widgets.js';
import { act, emptyRow, field, section, select } from './widgets.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** the media type the server expects, by the file's name (browsers disagree on the type of a .csv) */
const mediaTypeOf = (file: File): string => (/\.xlsx$/i.test(file.name) || file.type === xlsxType ? xlsxType : 'text/csv');
const delimiters = [{ value: '', key: 'editor.delimiter.auto' }, { value: ',', key: 'editor.delimiter.comma' }, { value: ';', key: 'editor.delimiter.semicolon' },
  { value: '\t', key: 'editor.delimiter.tab' }, { value: '|', key: 'editor.delimiter.pipe' }] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** the per-row errors of an import (row, field, code, message: all text) */
function rowErrors(ctx: AppContext, errors: readonly ListRowError[], testid: string): HTMLElement {
  const { t } = ctx.i18n;
  return h('table', { class: 'row-errors' },
    h('thead', {}, h('tr', {}, h('th', {}, t('editor.row')), h('th', {}, t('editor.column')), h('th', {}, t('editor.code')), h('th', {}, t('editor.message')))),
    h('tbody', {}, errors.map((e) => h('tr', { testid, data: { row: String(e.row), code: e.code, field: e.field } },
      h('td', {}, e.row), h('td', {}, e.field), h('td', {}, h('code', {}, e.code)), h('td', {}, e.message)))));
}

const asRowErrors = (v: unknown): ListRowError[] => (Array.isArray(v) ? v.filter(isRecord).map((e) => ({
  row: Number(e['row']), field: str(e['field']), code: str(e['code']), message: str(e['message']),
})) : []);

/** an import's counts, or the CRM filter a segment list was built from */
function report(ctx: AppContext, l: CallListItem): HTMLElement {
  const { t } = ctx.i18n;
  const r = isRecord(l.report) ? l.report : {};
  if (l.source === 'import') {
    const total = Number(r['total'] ?? 0);
    const failed = Number(r['failed'] ?? 0);
    return h('span', { testid: 'list-report', class: failed > 0 ? 'warn-text' : '', data: { total: String(total), failed: String(failed) } }, t('editor.report', { total, added: total - failed, failed }));
  }
  const parts: string[] = [];
  if (typeof r['segment'] === 'string') parts.push(t('editor.segmentIs', { segment: r['segment'] }));
  if (Array.isArray(r['tags'])) parts.push(t('editor.tagsAre', { tags: r['tags'].map(String).join(', ') }));
  if (r['vip'] === true) parts.push(t('editor.vipOnly'));
  return h('span', { testid: 'list-report', class: 'muted' }, parts.length > 0 ? parts.join(' · ') : t('editor.allClients'));
}

/** a list's row, and under it (folded) the failed rows of its import */
function listRows(ctx: AppContext, l: CallListItem): HTMLElement[] {
  const { t, locale } = ctx.i18n;
  const main = h('tr', { testid: 'list-row', data: { id: String(l.id), source: l.source } },
    h('td', { testid: 'list-name' }, l.name),
    h('td', {}, l.source === 'import' || l.source === 'segment' ? t(`editor.source.${l.source}`) : l.source),
    h('td', {}, l.priority), h('td', { class: 'nowrap' }, formatTime(l.createdAt, locale)), h('td', {}, report(ctx, l)));
  const errors = l.source === 'import' && isRecord(l.report) ? asRowErrors(l.report['errors']) : [];
  if (errors.length === 0) return [main];
  const cell = h('td', { class: 'list-report-cell' }, h('details', { class: 'list-report' },
    h('summary', { testid: 'list-report-toggle' }, t('editor.failedRows', { count: errors.length })), rowErrors(ctx, errors, 'list-report-error')));
  cell.colSpan = 5;
  return [main, h('tr', { testid: 'list-report-row', data: { id: String(l.id) } }, cell)];
}

function listsTable(ctx: AppContext, items: readonly CallListItem[]): HTMLElement {
  const { t } = ctx.i18n;
  return h('table', { testid: 'lists-table', class: 'lists' },
    h('thead', {}, h('tr', {}, h('th', {}, t('campaigns.name')), h('th', {}, t('editor.source')), h('th', {}, t('editor.priority')), h('th', {}, t('editor.createdAt')), h('th', {}, t('editor.report.title')))),
    h('tbody', {}, items.length > 0 ? items.map((l) => listRows(ctx, l)) : emptyRow(ctx, 5)));
}

/** Import a file: choose it → preview (headers, sample rows, guessed mapping) → mapping form → import → the report. */
function importForm(ctx: AppContext, campaignId: number, imported: () => void): HTMLElement {
  const { t } = ctx.i18n;
  const file = h('input', { type: 'file', testid: 'list-file', title: t('editor.listFile') });
  file.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const delimiter = h('select', { name: 'delimiter', testid: 'list-delimiter' }, delimiters.map((d) => h('option', { value: d.value }, t(d.key))));
  const errors = h('div', { class: 'form-errors', testid: 'list-errors' });
  errors.hidden = true;
  const mapping = h('div', { class: 'list-mapping-box' });
  const result = h('div', { testid: 'list-import-result-box' });
  let chosen: File | null = null;

  const mappingForm = (p: ListPreview, f: File, type: string): HTMLElement => {
    const columns = (key: ListField): HTMLSelectElement => {
      const s = select(`map.${key}`, [{ value: '', label: key === 'phone' ? t('editor.chooseColumn') : t('editor.noColumn') }, ...p.headers.map((c) => ({ value: c, label: c }))], p.guess[key] ?? '');
      s.dataset['testid'] = `map-${key}`;
      return s;
    };
    const sample = h('table', { class: 'sample', testid: 'list-sample' },
      h('thead', {}, h('tr', {}, p.headers.map((c) => h('th', {}, c)))),
      h('tbody', {}, p.rows.map((r) => h('tr', { testid: 'list-sample-row' }, p.headers.map((_c, i) => h('td', {}, r[i] ?? ''))))));
    const form = h('form', { class: 'list-mapping', testid: 'list-mapping', data: { total: String(p.total) } },
      h('p', { testid: 'list-total' }, t('editor.fileRows', { total: p.total, name: f.name })),
      h('div', { class: 'sample-wrap' }, sample),
      h('div', { class: 'grid-fields' },
        field(t('editor.listName'), h('input', { name: 'name', value: f.name.replace(/\.(csv|xlsx)$/i, ''), required: true, testid: 'list-name-input', autocomplete: 'off' })),
        field(t('editor.priority'), h('input', { type: 'number', name: 'priority', value: '0', testid: 'list-priority-input' })),
        listFields.map((k) => field(t(`editor.map.${k}`), columns(k)))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', testid: 'list-import' }, t('editor.import'))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearError(errors);
      const column = (k: ListField): string | undefined => (inputValue(form, `map.${k}`) === '' ? undefined : inputValue(form, `map.${k}`));
      const q = query({
        name: inputValue(form, 'name'), phoneColumn: column('phone'), nameColumn: column('name'), priorityColumn: column('priority'), clientIdColumn: column('clientId'),
        delimiter: type === xlsxType ? undefined : delimiter.value, priority: inputValue(form, 'priority') || undefined,
      });
      const submit = form.querySelector('button[type=submit]');
      submit?.setAttribute('disabled', '');
      ctx.api.postRaw<ListImportResult>(`/api/campaigns/${campaignId}/lists/import${q}`, { data: f, contentType: type }).then((r) => {
        replace(mapping);
        replace(result, h('div', { class: 'import-result', testid: 'list-import-result', data: { added: String(r.added), failed: String(r.failed), total: String(r.total) } },
          h('p', { class: r.failed > 0 ? 'warn-text' : 'ok-text', testid: 'list-import-summary' }, t('editor.imported', { added: r.added, failed: r.failed, total: r.total })),
          r.errors.length > 0 ? rowErrors(ctx, r.errors, 'list-import-error') : null));
        file.value = '';
        chosen = null;
        imported();
      }, (err: unknown) => {
        submit?.removeAttribute('disabled');
        showError(ctx, errors, err, 'list-error');
      });
    });
    return form;
  };
  const previewBtn = h('button', { type: 'button', testid: 'list-preview', onclick: () => {
    const f = file.files?.[0];
    replace(result);
    replace(mapping);
    if (!f) {
      showError(ctx, errors, new Error(t('editor.chooseFile')), 'list-error');
      return;
    }
    clearError(errors);
    chosen = f;
    const type = mediaTypeOf(f);
    const q = query({ delimiter: type === xlsxType ? undefined : delimiter.value });
    ctx.api.postRaw<ListPreview>(`/api/campaigns/lists/preview${q}`, { data: f, contentType: type })
      .then((p) => replace(mapping, mappingForm(p, f, type)), (err: unknown) => showError(ctx, errors, err, 'list-error'));
  } }, t('editor.preview'));

  file.addEventListener('change', () => {
    if (chosen !== null && file.files?.[0] !== chosen) replace(mapping);
  });
  return h('div', { class: 'list-import', testid: 'list-import-box' },
    h('h3', {}, t('editor.importFile')),
    h('div', { class: 'row' }, field(t('editor.listFile'), file), field(t('editor.delimiter'), delimiter), previewBtn),
    errors, mapping, result);
}

/** A list from a CRM segment: segment, tags, VIP only, priority. */
function segmentForm(ctx: AppContext, campaignId: number, created: () => void): HTMLElement {
  const { t } = ctx.i18n;
  const errors = h('div', { class: 'form-errors', testid: 'seg-errors' });
  errors.hidden = true;
  const done = h('p', { class: 'ok-text', testid: 'seg-result' });
  done.hidden = true;
  const form = h('form', { class: 'segment-form', testid: 'seg-form' },
    h('h3', {}, t('editor.fromSegment')),
    h('div', { class: 'grid-fields' },
      field(t('editor.listName'), h('input', { name: 'name', required: true, testid: 'seg-name', autocomplete: 'off' })),
      field(t('editor.segment'), h('input', { name: 'segment', testid: 'seg-segment', autocomplete: 'off' })),
      field(t('editor.tags'), h('input', { name: 'tags', testid: 'seg-tags', placeholder: t('editor.tagsHint'), autocomplete: 'off' })),
      field(t('editor.priority'), h('input', { type: 'number', name: 'priority', value: '0', testid: 'seg-priority' }))),
    checkbox('vip', t('editor.vipOnly'), false, 'seg-vip'),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', testid: 'seg-create' }, t('editor.createList')), done));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    done.hidden = true;
    clearError(errors);
    const segment = inputValue(form, 'segment');
    const tags = inputValue(form, 'tags').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const vip = (form.elements.namedItem('vip') as HTMLInputElement | null)?.checked === true;
    const priority = Number(inputValue(form, 'priority') || '0');
    const body = {
      name: inputValue(form, 'name'),
      filter: { ...(segment !== '' ? { segment } : {}), ...(tags.length > 0 ? { tags } : {}), ...(vip ? { vip: true } : {}) },
      ...(Number.isFinite(priority) ? { priority } : {}),
    };
    ctx.api.post<{ listId: number; added: number }>(`/api/campaigns/${campaignId}/lists/segment`, body).then((r) => {
      done.hidden = false;
      done.dataset['added'] = String(r.added);
      done.textContent = t('editor.segmentAdded', { added: r.added });
      form.reset();
      created();
    }, (err: unknown) => showError(ctx, errors, err, 'seg-error'));
  });
  return form;
}

/** The campaign's call lists (with their import reports), a file import and a list from a CRM segment. */
export function renderListsPanel(ctx: AppContext, campaign: CampaignDto): HTMLElement {
  const { t } = ctx.i18n;
  const lists = h('div', { testid: 'lists-box', data: { loaded: '0' } }, h('p', { class: 'muted' }, t('common.loading')));
  const load = (): void => act(ctx, async () => {
    const { items } = await ctx.api.get<{ items: CallListItem[] }>(`/api/campaigns/${campaign.id}/lists`);
    lists.dataset['loaded'] = String(Number(lists.dataset['loaded'] ?? '0') + 1);
    lists.dataset['count'] = String(items.length);
    replace(lists, listsTable(ctx, items));
  });
  load();
  return section(t('editor.lists'), 'setup-lists', lists, importForm(ctx, campaign.id, load), segmentForm(ctx, campaign.id, load));
}
