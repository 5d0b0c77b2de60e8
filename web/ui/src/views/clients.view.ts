import { ApiError, query } from '../api.js';
import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { ClientDto, DealDto, Page, PipelineDto, TaskDto } from '../types.js';
import { renderCampaignAnswers } from './campaign-answers.view.js';
import { renderConsents } from './consents.view.js';
import { clientForm, dealForm, taskForm } from './crm-forms.view.js';
import { renderSmsSection } from './sms-conversation.view.js';
import { act, emptyRow, phoneLink, section } from './widgets.js';

const looksLikePhone = (q: string): boolean => /^[+\d][\d\s()-]{2,}$/.test(q);

/** Clients list with search by name or phone. */
export function renderClients(ctx: AppContext): HTMLElement {
  const { t } = ctx.i18n;
  const search = h('input', { type: 'search', testid: 'clients-search', placeholder: t('clients.search') });
  const body = h('tbody');
  const total = h('span', { class: 'muted' });
  const load = (): void => act(ctx, async () => {
    const q = search.value.trim();
    const page = await ctx.api.get<Page<ClientDto>>(`/api/clients${query({ limit: 50, ...(looksLikePhone(q) ? { phone: q } : { q }) })}`);
    total.textContent = t('clients.total', { count: page.total });
    replace(body, page.items.length > 0 ? page.items.map((c) => h('tr', { testid: 'client-row' },
      h('td', {}, h('a', { href: `#/clients/${c.id}` }, c.name)), h('td', {}, c.phones.map((p) => [phoneLink(ctx, p.e164 ?? p.raw, p.raw), ' '])),
      h('td', {}, c.vip ? t('client.vip') : ''))) : emptyRow(ctx, 3));
  });
  let timer: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 250);
  });
  load();
  return section(t('clients.title'), 'clients', h('div', { class: 'row' }, search, total,
    h('button', { type: 'button', class: 'primary', testid: 'client-new', onclick: () => ctx.navigate('#/clients/new') }, t('clients.new'))), h('table', {}, body));
}

export function renderNewClient(ctx: AppContext, phone: string): HTMLElement {
  return section(ctx.i18n.t('clients.new'), 'client-new-page', clientForm(ctx, null, phone, (id) => ctx.navigate(id > 0 ? `#/clients/${id}` : '#/clients')));
}

function details(ctx: AppContext, c: ClientDto, edit: () => void): HTMLElement {
  const { t } = ctx.i18n;
  return h('div', { class: 'client-details' },
    h('h2', { testid: 'client-name' }, c.name, c.vip ? h('span', { class: 'tag vip' }, t('client.vip')) : null),
    h('p', {}, t(c.kind === 'person' ? 'client.kind.person' : 'client.kind.company'), c.email ? ` · ${c.email}` : '', c.address ? ` · ${c.address}` : ''),
    h('p', { testid: 'client-phones' }, `${t('client.phones')}: `, c.phones.map((p) => [phoneLink(ctx, p.e164 ?? p.raw, p.raw), ' '])),
    c.notes ? h('p', { class: 'notes' }, c.notes) : null,
    h('button', { type: 'button', testid: 'client-edit', onclick: edit }, t('common.edit')));
}

async function loadRelated(ctx: AppContext, id: number): Promise<{ deals: DealDto[]; tasks: TaskDto[]; pipelines: PipelineDto[]; timeline: Page<{ id: number; kind: string; startedAt: string; outcome: string | null; subject: string | null; body: string | null }> }> {
  // operators, secretaries and telemarketers may not read deals (403): the card shows none instead of failing
  const noDeals = (err: unknown): Page<DealDto> => {
    if (err instanceof ApiError && err.status === 403) return { items: [], total: 0 };
    throw err;
  };
  const [deals, tasks, pipelines, timeline] = await Promise.all([
    ctx.api.get<Page<DealDto>>(`/api/deals?clientId=${id}&limit=50`).catch(noDeals),
    ctx.api.get<Page<TaskDto>>(`/api/tasks?clientId=${id}&limit=50`),
    ctx.api.get<{ items: PipelineDto[] } | PipelineDto[]>('/api/pipelines'),
    ctx.api.get<Page<{ id: number; kind: string; startedAt: string; outcome: string | null; subject: string | null; body: string | null }>>(`/api/clients/${id}/interactions?limit=30`),
  ]);
  return { deals: deals.items, tasks: tasks.items, pipelines: Array.isArray(pipelines) ? pipelines : pipelines.items, timeline };
}

/** Client card: details, contacts, deals, tasks and timeline, with edit forms. */
export function renderClientPage(ctx: AppContext, id: number): HTMLElement {
  const { t, locale } = ctx.i18n;
  const root = h('div', { class: 'client-page', testid: 'client-page' }, t('common.loading'));
  const load = (): void => act(ctx, async () => {
    const [client, rel] = await Promise.all([ctx.api.get<ClientDto>(`/api/clients/${id}`), loadRelated(ctx, id)]);
    const slot = h('div', { class: 'form-slot' });
    const open = (form: HTMLElement): void => replace(slot, form);
    const stageName = (d: DealDto): string => rel.pipelines.flatMap((p) => p.stages).find((s) => s.id === d.stageId)?.name ?? '';
    replace(root,
      h('div', { class: 'cols two' },
        h('div', { class: 'col' }, details(ctx, client, () => open(clientForm(ctx, client, '', load))), slot,
          section(t('client.contacts'), 'client-contacts', h('ul', {}, (client.contacts ?? []).map((c) => h('li', {}, c.name, c.position ? ` (${c.position})` : '', ' ', c.phones.map((p) => phoneLink(ctx, p.e164 ?? p.raw, p.raw)))))),
          renderSmsSection(ctx, id)),
        h('div', { class: 'col' },
          section(t('client.deals'), 'client-deals', h('button', { type: 'button', testid: 'deal-new', onclick: () => open(dealForm(ctx, id, null, rel.pipelines, load)) }, t('client.newDeal')),
            h('ul', {}, rel.deals.map((d) => h('li', { testid: 'deal-row' }, h('button', { type: 'button', class: 'link', onclick: () => open(dealForm(ctx, id, d, rel.pipelines, load)) }, d.title), ` · ${stageName(d)}`, d.amount ? ` · ${d.amount} ${d.currency}` : '')))),
          section(t('client.tasks'), 'client-tasks', h('button', { type: 'button', testid: 'task-new', onclick: () => open(taskForm(ctx, id, null, load)) }, t('client.newTask')),
            h('ul', {}, rel.tasks.map((x) => h('li', { testid: 'task-row' }, h('button', { type: 'button', class: 'link', onclick: () => open(taskForm(ctx, id, x, load)) }, x.title), ` · ${x.status}`, x.dueAt ? ` · ${formatTime(x.dueAt, locale)}` : '')))),
          renderCampaignAnswers(ctx, id),
          renderConsents(ctx, id, [...client.phones, ...(client.contacts ?? []).flatMap((c) => c.phones)]),
          section(t('client.timeline'), 'client-timeline', h('ul', {}, rel.timeline.items.map((i) => h('li', {}, formatTime(i.startedAt, locale), ' · ', i.kind, i.outcome ? ` · ${i.outcome}` : '', i.subject ? ` · ${i.subject}` : '', i.body ? h('div', { class: 'notes' }, i.body) : null)))))));
  });
  load();
  return root;
}

/** Deals and my tasks (lists; edited from the client card). */
export function renderDeals(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  act(ctx, async () => {
    const page = await ctx.api.get<Page<DealDto>>('/api/deals?limit=100');
    replace(body, page.items.length > 0 ? page.items.map((d) => h('tr', {}, h('td', {}, h('a', { href: `#/clients/${d.clientId}` }, d.title)), h('td', {}, d.amount ?? ''), h('td', {}, d.currency), h('td', {}, d.status))) : emptyRow(ctx, 4));
  });
  return section(ctx.i18n.t('deals.title'), 'deals', h('table', {}, body));
}

export function renderTasks(ctx: AppContext): HTMLElement {
  const body = h('tbody');
  const load = (): void => act(ctx, async () => {
    const page = await ctx.api.get<Page<TaskDto>>('/api/tasks/mine?openOnly=true&limit=100');
    replace(body, page.items.length > 0 ? page.items.map((x) => h('tr', {}, h('td', {}, x.clientId ? h('a', { href: `#/clients/${x.clientId}` }, x.title) : x.title),
      h('td', {}, phoneLink(ctx, x.phone)), h('td', {}, formatTime(x.dueAt, ctx.i18n.locale)), h('td', {}, x.priority),
      h('td', {}, h('button', { type: 'button', onclick: () => act(ctx, async () => { await ctx.api.post(`/api/tasks/${x.id}/complete`); load(); }) }, ctx.i18n.t('task.complete'))))) : emptyRow(ctx, 5));
  });
  load();
  return section(ctx.i18n.t('tasks.title'), 'tasks', h('table', {}, body));
}
