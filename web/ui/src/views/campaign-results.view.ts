import type { AppContext } from '../context.js';
import { h, type Child } from '../dom.js';
import type { CampaignResults, QuestionResult } from '../telemarketing.types.js';
import { barChart } from './bar-chart.js';
import { section } from './widgets.js';

const fixed = (n: number): string => (Math.round(n * 100) / 100).toString();

function questionBody(ctx: AppContext, q: QuestionResult): Child {
  const { t } = ctx.i18n;
  if (q.options.length > 0) return barChart(q.options.map((o) => ({ key: o.value, label: o.label, count: o.count })), 'res-chart', 'res-bar');
  if (q.numbers !== null) {
    const n = q.numbers;
    return h('dl', { class: 'res-numbers', testid: 'res-numbers', data: { count: String(n.count), min: String(n.min), max: String(n.max), mean: String(n.mean) } },
      h('dt', {}, t('monitor.numbers.min')), h('dd', {}, fixed(n.min)),
      h('dt', {}, t('monitor.numbers.max')), h('dd', {}, fixed(n.max)),
      h('dt', {}, t('monitor.numbers.mean')), h('dd', {}, fixed(n.mean)));
  }
  if (q.texts.length > 0) {
    return [h('h4', {}, t('monitor.texts')), h('ul', { class: 'res-texts', testid: 'res-texts' }, q.texts.map((x) => h('li', { testid: 'res-text' }, x)))];
  }
  return null;
}

/** Results per question: option counts as bar charts, number statistics, the latest text answers. */
export function renderResults(ctx: AppContext, r: CampaignResults): HTMLElement {
  const { t } = ctx.i18n;
  return section(t('monitor.results'), 'mon-results', r.questions.length > 0 ? r.questions.map((q) => h('div', { class: 'res-question', testid: 'res-question', data: { questionId: q.id, type: q.type } },
    h('h3', {}, q.text), h('p', { class: 'muted', testid: 'res-answered', data: { count: String(q.answered) } }, t('monitor.answered', { count: q.answered })),
    questionBody(ctx, q))) : h('p', { class: 'muted' }, t('common.none')));
}
