import { h } from '../dom.js';

export interface Bar {
  /** data-key of the row (an option value, a disposition code) */
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

const pct = (part: number, whole: number): number => (whole <= 0 ? 0 : Math.max(0, Math.min(100, (part / whole) * 100)));

/** A progress bar (plain DOM): `percent` of the track filled; `over` paints it as a warning. */
export function progressBar(percent: number, testid: string, over = false): HTMLElement {
  const fill = h('div', { class: over ? 'bar-fill over' : 'bar-fill' });
  fill.style.width = `${pct(percent, 100)}%`;
  return h('div', { class: 'bar-track', testid, data: { percent: String(percent) } }, fill);
}

/**
 * A horizontal bar chart (plain DOM and CSS, no chart library): one row per bar with its label (text),
 * a bar scaled to the largest count, and the count. Rows carry `data-key` and `data-count` for tests.
 */
export function barChart(bars: readonly Bar[], testid: string, rowTestid: string): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const total = bars.reduce((s, b) => s + b.count, 0);
  return h('div', { class: 'bar-chart', testid }, bars.map((b) => {
    const fill = h('div', { class: 'bar-fill' });
    fill.style.width = `${pct(b.count, max)}%`;
    return h('div', { class: 'bar-row', testid: rowTestid, data: { key: b.key, count: String(b.count) } },
      h('span', { class: 'bar-label', title: b.label }, b.label),
      h('div', { class: 'bar-track' }, fill),
      h('span', { class: 'bar-count', testid: `${rowTestid}-count` }, String(b.count), total > 0 ? h('span', { class: 'muted' }, ` (${Math.round(pct(b.count, total))}%)`) : null));
  }));
}
