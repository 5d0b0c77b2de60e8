import type { AppContext } from '../context.js';
import { h, replace } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { AnswerValue, CompleteBody, DeskView, WorkItem } from '../telemarketing.types.js';
import { renderScriptRunner, type AnswerDrafts } from './script-runner.view.js';
import { act, section } from './widgets.js';
import { newOutcomeDraft, renderContactCard, renderOutcomeForm, type OutcomeDraft } from './work-item.view.js';

/** Everything typed for one contact that a re-render must not lose. */
interface Drafts {
  readonly attemptId: number | null;
  readonly answers: AnswerDrafts;
  readonly outcome: OutcomeDraft;
}

const newDrafts = (attemptId: number | null): Drafts => ({ attemptId, answers: new Map(), outcome: newOutcomeDraft() });

/** The desk's REST calls; every answer is the new DeskView, which goes to the store (one render path). */
interface DeskActions {
  post(path: string, body?: unknown): Promise<void>;
  /** the campaign picked in the selector (kept while the desk re-renders) */
  campaignId: number | null;
}

function toolbar(ctx: AppContext, view: DeskView, actions: DeskActions): HTMLElement {
  const { t } = ctx.i18n;
  const picked = actions.campaignId ?? view.campaignId ?? view.campaigns[0]?.id ?? null;
  const picker = h('select', { name: 'campaign', testid: 'tm-campaign', disabled: view.work !== null || view.campaigns.length === 0 },
    view.campaigns.length === 0 ? h('option', { value: '' }, t('tm.noCampaigns')) : null,
    view.campaigns.map((c) => h('option', { value: String(c.id), selected: c.id === picked }, c.name, ' · ', t(`campaigns.mode.${c.dialMode}` as MessageKey))));
  picker.addEventListener('change', () => { actions.campaignId = Number(picker.value); });
  const ready = (): void => act(ctx, async () => {
    if (picker.value === '') return;
    await actions.post('/api/telemarketing/desk/ready', { campaignId: Number(picker.value) });
  });
  return h('div', { class: 'panel row tm-toolbar', testid: 'tm-toolbar' },
    h('label', { class: 'field' }, h('span', {}, t('tm.campaign')), picker),
    h('button', { type: 'button', class: 'primary', testid: 'tm-ready', disabled: view.campaigns.length === 0 || view.work !== null, onclick: ready }, t('tm.ready')),
    h('button', { type: 'button', testid: 'tm-pause', disabled: view.state === 'offline' || view.state === 'paused', onclick: () => act(ctx, () => actions.post('/api/telemarketing/desk/pause')) }, t('tm.pause')),
    h('span', { class: `lamp tm-state tm-state-${view.state}`, testid: 'tm-state', data: { state: view.state } }, t(`tm.state.${view.state}` as MessageKey)),
    h('span', { class: 'spacer' }),
    h('span', { class: 'tm-stats', testid: 'tm-stats' }, `${t('tm.handled')}: `, h('strong', { testid: 'tm-handled' }, view.stats.handled),
      ` · ${t('tm.success')}: `, h('strong', { testid: 'tm-success' }, view.stats.success)));
}

function idleBlock(ctx: AppContext, view: DeskView): HTMLElement {
  const { t } = ctx.i18n;
  const key: MessageKey = view.state !== 'ready' && view.state !== 'talking' ? 'tm.idle.start' : view.idle === 'waiting_for_call' ? 'tm.idle.waiting_for_call' : view.idle === 'no_numbers' ? 'tm.idle.no_numbers' : 'tm.idle.start';
  return section(t('tm.contact'), 'tm-no-work', h('p', { class: 'muted tm-idle', testid: 'tm-idle', data: { idle: view.idle ?? 'none', state: view.state } }, t(key)));
}

function workArea(ctx: AppContext, w: WorkItem, drafts: Drafts, actions: DeskActions): HTMLElement {
  const enabled = w.dialMode !== 'preview' || w.dialed;
  const dial = (): void => act(ctx, async () => {
    ctx.notify(ctx.i18n.t('tm.dialing', { number: w.phone }));
    await actions.post('/api/telemarketing/desk/dial');
  });
  const answer = (questionId: string, value: AnswerValue): Promise<void> => actions.post('/api/telemarketing/desk/answer', { questionId, value });
  const complete = async (body: CompleteBody): Promise<void> => {
    await actions.post('/api/telemarketing/desk/complete', body);
    const label = body.result !== undefined ? ctx.i18n.t(`tm.result.${body.result}`) : w.dispositions.find((d) => d.code === body.disposition)?.label ?? body.disposition ?? '';
    ctx.notify(ctx.i18n.t('tm.completed', { label }));
  };
  return h('div', { class: 'cols two tm-work', testid: 'tm-work', data: { attemptId: String(w.attemptId) } },
    h('div', { class: 'col' }, renderScriptRunner(ctx, { script: w.script, enabled, drafts: drafts.answers, answer }), renderOutcomeForm(ctx, w, drafts.outcome, complete)),
    h('div', { class: 'col' }, renderContactCard(ctx, w, dial)));
}

/**
 * Telemarketer desk: campaign, Ready/Pause and state, today's figures; the contact's card, Dial (preview),
 * the script stepping with the conversation, and the outcome. Re-rendered from every DeskView the server
 * sends (REST answers and `telemarketing.desk` pushes); what was typed is kept per contact.
 */
export function renderTelemarketingDesk(ctx: AppContext): HTMLElement {
  const root = h('div', { class: 'tm-desk', testid: 'tm-desk' }, h('p', { class: 'muted' }, ctx.i18n.t('common.loading')));
  let drafts = newDrafts(null);
  let shown = '';
  const actions: DeskActions = {
    campaignId: null,
    post: async (path, body) => ctx.store.setDesk(await ctx.api.post<DeskView>(path, body)),
  };
  const render = (): void => {
    const view = ctx.store.desk;
    const json = view === null ? '' : JSON.stringify(view);
    if (view === null || json === shown) return;
    shown = json;
    const attemptId = view.work?.attemptId ?? null;
    if (attemptId !== drafts.attemptId) drafts = newDrafts(attemptId);
    if (view.campaignId !== null && view.work !== null) actions.campaignId = view.campaignId;
    replace(root, toolbar(ctx, view, actions), view.work !== null ? workArea(ctx, view.work, drafts, actions) : idleBlock(ctx, view));
  };
  ctx.onLeave(ctx.store.on('telemarketing', render));
  act(ctx, async () => ctx.store.setDesk(await ctx.api.get<DeskView>('/api/telemarketing/desk')));
  return root;
}
