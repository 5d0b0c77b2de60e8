import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { CampaignAnswerItem } from '../telemarketing.types.js';
import { act, section } from './widgets.js';

function answerItem(ctx: AppContext, a: CampaignAnswerItem): HTMLElement {
  const { t, locale } = ctx.i18n;
  return h('li', { class: 'campaign-answer', testid: 'campaign-answer', data: { attemptId: String(a.attemptId), campaignId: String(a.campaignId) } },
    h('div', {}, h('strong', { testid: 'campaign-answer-campaign' }, a.campaignName), ' · ', formatTime(a.at, locale),
      a.userName !== null ? [' · ', h('span', { testid: 'campaign-answer-user' }, a.userName)] : null,
      a.disposition !== null ? [' · ', h('span', { class: 'tag', testid: 'campaign-answer-disposition', data: { disposition: a.disposition } }, a.dispositionLabel ?? a.disposition)] : null),
    a.answers.length > 0 ? h('table', { class: 'qa' }, h('tbody', {}, a.answers.map((x) => h('tr', { testid: 'campaign-answer-row', data: { questionId: x.questionId } },
      h('td', { class: 'muted' }, x.question), h('td', { testid: 'campaign-answer-value' }, x.answer))))) : h('div', { class: 'muted' }, t('common.none')));
}

/** Client card: what the client answered in telemarketing campaigns, newest first. */
export function renderCampaignAnswers(ctx: AppContext, clientId: number): HTMLElement {
  const list = h('ul', { class: 'campaign-answers' });
  act(ctx, async () => {
    const { items } = await ctx.api.get<{ items: CampaignAnswerItem[] }>(`/api/clients/${clientId}/campaign-answers`);
    replace(list, items.length > 0 ? items.map((a) => answerItem(ctx, a)) : h('li', { class: 'muted' }, ctx.i18n.t('common.none')));
    list.dataset['loaded'] = 'true';
  });
  return section(ctx.i18n.t('client.campaignAnswers'), 'client-campaign-answers', list);
}
