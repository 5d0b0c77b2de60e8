import type { AppContext } from '../context.js';
import { h, inputValue } from '../dom.js';
import type { ClientDto, DealDto, PipelineDto, TaskDto } from '../types.js';
import { act, field, select, textInput } from './widgets.js';

function formShell(ctx: AppContext, testid: string, fields: HTMLElement[], onSave: (form: HTMLFormElement) => Promise<void>, onCancel: () => void): HTMLFormElement {
  const form = h('form', { class: 'crm-form', testid }, fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', testid: `${testid}-save` }, ctx.i18n.t('common.save')),
      h('button', { type: 'button', onclick: onCancel }, ctx.i18n.t('common.cancel'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(ctx, async () => {
      await onSave(form);
      ctx.notify(ctx.i18n.t('common.saved'));
    });
  });
  return form;
}

const orNull = (v: string): string | null => (v === '' ? null : v);

/** New or edit client; a new client may be prefilled with a phone (unknown caller → one click). */
export function clientForm(ctx: AppContext, client: ClientDto | null, prefillPhone: string, done: (id: number) => void): HTMLFormElement {
  const { t } = ctx.i18n;
  const kinds = [{ value: 'company', label: t('client.kind.company') }, { value: 'person', label: t('client.kind.person') }];
  const fields = [
    field(t('client.kind'), select('kind', kinds, client?.kind ?? 'company')),
    field(t('client.name'), textInput('name', client?.name ?? '', { required: true })),
    client === null ? field(t('client.phone'), textInput('phone', prefillPhone, { type: 'tel' })) : h('span'),
    field(t('client.email'), textInput('email', client?.email ?? '', { type: 'email' })),
    field(t('client.address'), textInput('address', client?.address ?? '')),
    field(t('client.notes'), h('textarea', { name: 'notes', value: client?.notes ?? '' })),
  ];
  return formShell(ctx, 'client-form', fields, async (form) => {
    const body = {
      kind: inputValue(form, 'kind'), name: inputValue(form, 'name'), email: orNull(inputValue(form, 'email')),
      address: orNull(inputValue(form, 'address')), notes: orNull(inputValue(form, 'notes')),
    };
    if (client !== null) {
      done((await ctx.api.patch<ClientDto>(`/api/clients/${client.id}`, body)).id);
      return;
    }
    const phone = inputValue(form, 'phone');
    const created = await ctx.api.post<ClientDto>('/api/clients', { ...body, phones: phone === '' ? [] : [{ raw: phone }] });
    done(created.id);
  }, () => done(client?.id ?? 0));
}

export function dealForm(ctx: AppContext, clientId: number, deal: DealDto | null, pipelines: readonly PipelineDto[], done: () => void): HTMLFormElement {
  const { t } = ctx.i18n;
  const pipeline = pipelines.find((p) => p.id === deal?.pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];
  const stages = (pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  const fields = [
    field(t('deal.title'), textInput('title', deal?.title ?? '', { required: true })),
    h('div', { class: 'row' }, field(t('deal.amount'), textInput('amount', deal?.amount ?? '')), field(t('deal.currency'), textInput('currency', deal?.currency ?? 'GEL'))),
    field(t('deal.stage'), select('stageId', stages, deal ? String(deal.stageId) : stages[0]?.value)),
  ];
  return formShell(ctx, 'deal-form', fields, async (form) => {
    const stageId = Number(inputValue(form, 'stageId'));
    const body = { title: inputValue(form, 'title'), amount: orNull(inputValue(form, 'amount')), currency: inputValue(form, 'currency') || 'GEL' };
    if (deal === null) {
      await ctx.api.post('/api/deals', { ...body, clientId, ...(pipeline ? { pipelineId: pipeline.id } : {}), ...(stageId > 0 ? { stageId } : {}) });
    } else {
      await ctx.api.patch(`/api/deals/${deal.id}`, body);
      if (stageId > 0 && stageId !== deal.stageId) await ctx.api.post(`/api/deals/${deal.id}/stage`, { stageId });
    }
    done();
  }, done);
}

export function taskForm(ctx: AppContext, clientId: number | null, task: TaskDto | null, done: () => void): HTMLFormElement {
  const { t } = ctx.i18n;
  const priorities = ['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, label: p }));
  const due = task?.dueAt ? task.dueAt.slice(0, 16) : '';
  const fields = [
    field(t('task.title'), textInput('title', task?.title ?? '', { required: true })),
    field(t('task.description'), h('textarea', { name: 'description', value: task?.description ?? '' })),
    h('div', { class: 'row' }, field(t('task.due'), textInput('dueAt', due, { type: 'datetime-local' })), field(t('task.priority'), select('priority', priorities, task?.priority ?? 'normal'))),
  ];
  return formShell(ctx, 'task-form', fields, async (form) => {
    const dueAt = inputValue(form, 'dueAt');
    const body = {
      title: inputValue(form, 'title'), description: orNull(inputValue(form, 'description')), priority: inputValue(form, 'priority'),
      dueAt: dueAt === '' ? null : new Date(dueAt).toISOString(),
    };
    if (task === null) await ctx.api.post('/api/tasks', { ...body, ...(clientId !== null ? { clientId } : {}) });
    else await ctx.api.patch(`/api/tasks/${task.id}`, body);
    done();
  }, done);
}
