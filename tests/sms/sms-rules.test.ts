import { createPhoneNormalizer } from '../../crm-core/index.js';
import { silentLogger } from '../../kernel/index.js';
import {
  LogSmsProvider, SmsQueueService, backoffMs, canTransition, renderTemplate, smsStates, smsTransitions, templateFields,
} from '../../sms/index.js';
import { describeEachDb } from '../helpers/db.js';
import { waitFor } from '../helpers/modem-sim.js';

describe('SMS state machine', () => {
  it('allows exactly the transitions of the table', () => {
    const allowed = smsStates.flatMap((from) => smsStates.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    expect(allowed.sort()).toEqual([
      'queued>failed', 'queued>sending', 'sending>failed', 'sending>queued', 'sending>sent', 'sent>delivered', 'sent>failed',
    ]);
    expect(smsTransitions.delivered).toEqual([]);
  });

  it('backs off exponentially with a cap and jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 10_000, mid))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(backoffMs(1, 1000, 10_000, () => 0)).toBe(800);
    expect(backoffMs(1, 1000, 10_000, () => 1)).toBe(1200);
  });
});

describe('templates', () => {
  it('fills client fields and refuses missing ones all at once', () => {
    expect(renderTemplate('Dear {client.name}, see you in { client.city }.', { client: { name: 'Nino', city: 'Batumi' } })).toBe('Dear Nino, see you in Batumi.');
    expect(templateFields('{client.a} {client.b} {client.a}')).toEqual(['a', 'b']);
    expect(() => renderTemplate('{client.a} {client.b}', { client: { a: '' } })).toThrow(/needs client fields: a, b/);
    expect(renderTemplate('no fields', { client: {} })).toBe('no fields');
  });
});

describeEachDb('SMS queue with the log provider (demo)', (getDb) => {
  const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });

  it('sends, "delivers", rate-limits per channel and refuses bad numbers', async () => {
    const provider = new LogSmsProvider({ logger: silentLogger(), deliverAfterMs: 10 });
    const queue = new SmsQueueService({ db: getDb().prisma, provider, phones, logger: silentLogger(), minIntervalMs: 100, pollMs: 20 });
    await provider.start();
    await queue.start();
    try {
      await expect(queue.enqueue({ to: '201', text: 'x' })).rejects.toMatchObject({ code: 'invalid_phone_number' });
      const started = Date.now();
      const a = await queue.enqueue({ to: '+995555000001', text: 'one' });
      const b = await queue.enqueue({ to: '+995555000002', text: 'two' });
      const c = await queue.enqueue({ to: '+995555000003', text: 'three' });
      const state = async (id: number) => (await getDb().prisma.smsMessage.findUnique({ where: { id } }))?.state;
      await waitFor(async () => (await state(a.id)) === 'delivered' && (await state(b.id)) === 'delivered' && (await state(c.id)) === 'delivered', 5000, 'delivered');
      expect(Date.now() - started).toBeGreaterThanOrEqual(200); // 3 parts, 100 ms apart on one channel
      expect(provider.sent.map((p) => p.text)).toEqual(['one', 'two', 'three']);
    } finally {
      await queue.stop();
      await provider.stop();
    }
  });
});
