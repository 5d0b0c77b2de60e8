import type { AppContext } from '../context.js';
import { formatTime, h, replace, type Child } from '../dom.js';
import { pbxResults, type CompleteBody, type DeskDisposition, type PbxResult, type WorkItem } from '../telemarketing.types.js';
import { field } from './widgets.js';

/** What the telemarketer chose or typed for the current contact (kept across re-renders of the desk). */
export interface OutcomeDraft {
  disposition: string | null;
  note: string;
  callbackAt: string;
  personal: boolean;
}

export const newOutcomeDraft = (): OutcomeDraft => ({ disposition: null, note: '', callbackAt: '', personal: true });

function list<T>(title: string, testid: string, items: readonly T[], row: (item: T) => Child): Child {
  if (items.length === 0) return null;
  return h('div', { class: 'card-list', testid }, h('h4', {}, title), h('ul', {}, items.map((i) => h('li', {}, row(i)))));
}

function clientBlock(ctx: AppContext, w: WorkItem): Child {
  const { t, locale } = ctx.i18n;
  const c = w.client;
  if (c === null) {
    return h('div', { class: 'card-client' }, w.contactName !== null ? h('span', { class: 'client-name', testid: 'tm-contact-name' }, w.contactName) : null,
      h('div', { class: 'muted', testid: 'tm-no-client' }, t('tm.noClient')));
  }
  return [
    h('div', { class: 'card-client' }, h('a', { href: `#/clients/${c.id}`, class: 'client-name', testid: 'tm-client' }, c.name),
      w.contactName !== null && w.contactName !== c.name ? h('div', { testid: 'tm-contact-name' }, `${t('pop.contact')}: `, w.contactName) : null),
    h('div', { testid: 'tm-responsible' }, `${t('pop.responsible')}: `, c.responsibleName ?? t('pop.noResponsible')),
    c.segment !== null ? h('div', { testid: 'tm-segment' }, `${t('tm.segment')}: `, c.segment) : null,
    list(t('pop.deals'), 'tm-deals', c.openDeals, (d) => [d.title, ' · ', d.stage, d.amount !== null ? ` · ${d.amount}` : '']),
    list(t('pop.tasks'), 'tm-tasks', c.openTasks, (x) => [x.title, x.dueAt !== null ? ` · ${formatTime(x.dueAt, locale)}` : '']),
    c.notes !== null && c.notes !== '' ? h('div', { class: 'card-notes', testid: 'tm-notes' }, h('h4', {}, t('pop.notes')), h('p', { class: 'notes' }, c.notes)) : null,
  ];
}

/** The contact being worked: number, client card, the agreed callback, and Dial (preview mode). */
export function renderContactCard(ctx: AppContext, w: WorkItem, dial: () => void): HTMLElement {
  const { t, locale } = ctx.i18n;
  const cb = w.callback;
  return h('section', { class: 'panel card tm-card', testid: 'tm-card', data: { attemptId: String(w.attemptId) } },
    h('h2', {}, t('tm.contact'), ' ', h('span', { class: 'muted', testid: 'tm-work-campaign' }, w.campaignName)),
    h('div', { class: 'caller' }, h('strong', { class: 'phone', testid: 'tm-phone' }, w.phone),
      w.dialMode === 'preview' ? h('button', { type: 'button', class: 'primary', testid: 'tm-dial', disabled: w.dialed, onclick: dial }, t(w.dialed ? 'tm.dialed' : 'tm.dial')) : null),
    cb !== null ? h('div', { class: 'tm-callback-info', testid: 'tm-callback' },
      t('tm.callbackInfo', { time: formatTime(cb.at, locale), scope: t(cb.personal ? 'tm.callback.personal' : 'tm.callback.shared') })) : null,
    clientBlock(ctx, w));
}

const suggestedOf = (w: WorkItem): string | null => (w.script.end?.type === 'end' ? w.script.end.disposition : null);

function dispositionChips(ctx: AppContext, w: WorkItem, chosen: string | null): HTMLElement {
  const suggested = suggestedOf(w);
  return h('div', { class: 'outcomes', testid: 'tm-dispositions' }, w.dispositions.map((d) => h('label', { class: `chip tm-kind-${d.kind}${d.code === suggested ? ' suggested' : ''}` },
    h('input', { type: 'radio', name: 'disposition', value: d.code, testid: `tm-disposition-${d.code}`, checked: d.code === chosen }), ' ', d.label,
    d.code === suggested ? h('span', { class: 'tag', testid: 'tm-suggested' }, ctx.i18n.t('tm.suggested')) : null)));
}

function callbackFields(ctx: AppContext, draft: OutcomeDraft): HTMLElement {
  const { t } = ctx.i18n;
  const at = h('input', { type: 'datetime-local', name: 'callbackAt', testid: 'tm-callback-at', value: draft.callbackAt });
  at.addEventListener('input', () => { draft.callbackAt = at.value; });
  const scope = h('select', { name: 'callbackScope', testid: 'tm-callback-scope' },
    h('option', { value: 'personal', selected: draft.personal }, t('tm.callback.personal')),
    h('option', { value: 'shared', selected: !draft.personal }, t('tm.callback.shared')));
  scope.addEventListener('change', () => { draft.personal = scope.value === 'personal'; });
  return h('div', { class: 'row tm-callback-fields', testid: 'tm-callback-fields' }, field(t('tm.callbackAt'), at), field(t('tm.callbackScope'), scope));
}

function completeBody(d: DeskDisposition, draft: OutcomeDraft): CompleteBody {
  const body: CompleteBody = { disposition: d.code };
  if (draft.note.trim() !== '') body.note = draft.note.trim();
  if (d.kind === 'callback') {
    const at = new Date(draft.callbackAt);
    if (draft.callbackAt !== '' && !Number.isNaN(at.getTime())) body.callbackAt = at.toISOString();
    body.personalCallback = draft.personal;
  }
  return body;
}

/** Preview, dialed, nobody answered: one click logs the PBX result (the retry schedule applies). */
function pbxResultButtons(ctx: AppContext, w: WorkItem, draft: OutcomeDraft, complete: (body: CompleteBody) => Promise<void>, error: HTMLElement): Child {
  if (w.dialMode !== 'preview' || !w.dialed || w.script.transcript.some((l) => l.kind === 'answer')) return null;
  const { t } = ctx.i18n;
  const send = (result: PbxResult): void => {
    const body: CompleteBody = { result };
    if (draft.note.trim() !== '') body.note = draft.note.trim();
    complete(body).catch((err: unknown) => replace(error, err instanceof Error ? err.message : String(err)));
  };
  return h('div', { class: 'row tm-pbx-results' }, h('span', { class: 'muted' }, t('tm.notReached')),
    pbxResults.map((r) => h('button', { type: 'button', testid: `tm-result-${r}`, onclick: () => send(r) }, t(`tm.result.${r}`))));
}

/**
 * Outcome of the contact: the dispositions (the script's suggestion pre-selected), a note, "call back at"
 * for callback dispositions. A server refusal is shown in the form; nothing typed is lost.
 */
export function renderOutcomeForm(ctx: AppContext, w: WorkItem, draft: OutcomeDraft, complete: (body: CompleteBody) => Promise<void>): HTMLElement {
  const { t } = ctx.i18n;
  const chosen = (): DeskDisposition | undefined => w.dispositions.find((d) => d.code === (draft.disposition ?? suggestedOf(w)));
  const note = h('textarea', { name: 'note', testid: 'tm-note', value: draft.note });
  note.addEventListener('input', () => { draft.note = note.value; });
  const callback = callbackFields(ctx, draft);
  const error = h('p', { class: 'error', testid: 'tm-complete-error' });
  const showCallback = (): void => { callback.hidden = chosen()?.kind !== 'callback'; };
  const save = h('button', { type: 'submit', class: 'primary', testid: 'tm-complete' }, t('tm.complete'));
  const form = h('form', { class: 'tm-outcome', testid: 'tm-outcome' },
    h('h2', {}, t('tm.outcome')), dispositionChips(ctx, w, chosen()?.code ?? null), callback, field(t('tm.note'), note), error, h('div', { class: 'actions' }, save),
    pbxResultButtons(ctx, w, draft, complete, error));
  form.noValidate = true;
  form.addEventListener('change', (ev) => {
    if (ev.target instanceof HTMLInputElement && ev.target.name === 'disposition') draft.disposition = ev.target.value;
    showCallback();
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = chosen();
    if (d === undefined) return replace(error, t('tm.pickOutcome'));
    replace(error);
    save.disabled = true;
    complete(completeBody(d, draft)).catch((err: unknown) => replace(error, err instanceof Error ? err.message : String(err))).finally(() => { save.disabled = false; });
  });
  showCallback();
  return h('section', { class: 'panel' }, form);
}
