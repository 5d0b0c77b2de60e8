import type { AppContext } from '../context.js';
import { formatTime, h, replace } from '../dom.js';
import type { MessageKey } from '../i18n/i18n.js';
import { countSms } from './sms-counter.js';
import { act, section } from './widgets.js';

/** One SMS as GET /api/clients/:id/sms answers it (a subset of the server's SmsMessageDto). */
export interface SmsDto {
  readonly id: number;
  readonly direction: 'outbound' | 'inbound';
  readonly state: string;
  readonly phone: string;
  readonly text: string;
  readonly partsTotal: number;
  readonly failReason: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly deliveredAt: string | null;
}

const knownStates = ['queued', 'sending', 'sent', 'delivered', 'failed', 'received'];
const pending = (m: SmsDto): boolean => m.state === 'queued' || m.state === 'sending';
const POLL_MS = 1500;

export const smsStateKey = (state: string): MessageKey => (knownStates.includes(state) ? `sms.state.${state}` : 'state.unknown') as MessageKey;

/** A bubble: inbound left, outbound right; the text is a text node, the state a badge (+ the failure reason). */
function bubble(ctx: AppContext, m: SmsDto): HTMLElement {
  const { t, locale } = ctx.i18n;
  return h('li', { class: `sms-bubble sms-${m.direction}`, testid: 'sms-message', data: { id: String(m.id), direction: m.direction, state: m.state } },
    h('div', { class: 'sms-text', testid: 'sms-text' }, m.text),
    h('div', { class: 'sms-meta' },
      formatTime(m.deliveredAt ?? m.sentAt ?? m.createdAt, locale), ' · ', m.phone, ' ',
      h('span', { class: `sms-state sms-state-${m.state}`, testid: 'sms-state', data: { state: m.state } }, t(smsStateKey(m.state))),
      m.failReason ? h('span', { class: 'sms-reason', testid: 'sms-fail-reason' }, ` ${t('sms.failReason', { reason: m.failReason })}`) : null));
}

/** The textarea with a live counter (characters, parts, GSM-7 / UCS-2) and the Send button. */
function composer(ctx: AppContext, send: (text: string) => Promise<void>): HTMLElement {
  const { t } = ctx.i18n;
  const counter = h('span', { class: 'muted sms-counter', testid: 'sms-counter' });
  const button = h('button', { type: 'submit', class: 'primary', testid: 'sms-send' }, t('sms.send'));
  const text = h('textarea', { name: 'text', testid: 'sms-input', placeholder: t('sms.placeholder') });
  const update = (): void => {
    const c = countSms(text.value);
    counter.dataset['encoding'] = c.encoding;
    counter.dataset['parts'] = String(c.parts);
    counter.textContent = t('sms.counter', { chars: c.units, parts: c.parts, left: c.left, encoding: c.encoding });
    button.disabled = text.value.trim() === '';
  };
  text.addEventListener('input', update);
  update();
  const form = h('form', {
    class: 'sms-compose', testid: 'sms-form',
    onsubmit: (ev) => {
      ev.preventDefault();
      const value = text.value;
      if (value.trim() === '') return;
      button.disabled = true;
      act(ctx, async () => {
        try {
          await send(value);
          text.value = '';
        } finally {
          update();
        }
      });
    },
  }, text, h('div', { class: 'row' }, counter, h('span', { class: 'spacer' }), button));
  return form;
}

/**
 * The "SMS" section of the client card: the conversation (oldest first) and a composer. While a message is
 * queued or sending the conversation is re-read every 1.5 s, until the page is left.
 */
export function renderSmsSection(ctx: AppContext, clientId: number): HTMLElement {
  const { t } = ctx.i18n;
  const list = h('ul', { class: 'sms-list', testid: 'sms-conversation' });
  let timer: number | undefined;
  const stop = (): void => window.clearTimeout(timer);
  const load = async (): Promise<void> => {
    stop();
    const res = await ctx.api.get<{ items: SmsDto[] }>(`/api/clients/${clientId}/sms`);
    replace(list, res.items.length > 0 ? res.items.map((m) => bubble(ctx, m)) : h('li', { class: 'muted', testid: 'sms-empty' }, t('common.none')));
    list.scrollTop = list.scrollHeight;
    if (res.items.some(pending)) timer = window.setTimeout(() => { if (list.isConnected) act(ctx, load); }, POLL_MS);
  };
  ctx.onLeave(stop);
  act(ctx, load);
  const send = async (text: string): Promise<void> => {
    await ctx.api.post('/api/sms', { clientId, text });
    ctx.notify(t('sms.queued'));
    await load();
  };
  return section(t('sms.title'), 'client-sms', list, composer(ctx, send));
}
