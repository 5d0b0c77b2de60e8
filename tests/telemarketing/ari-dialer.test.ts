import { silentLogger, isZariError } from '../../kernel/index.js';
import {
  AriClient, AriOutboundDialer, createTelemarketingServices, DialerLoop, mapAriEvent, pacingSettingsSchema,
  type DialMode, type TelemarketingServices,
} from '../../cti/index.js';
import type { Actor } from '../../crm-core/index.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeEachDb } from '../helpers/db.js';
import { asteriskFixturesDir } from '../helpers/shared.js';
import { crmServices, makeActor, testPhones, uniq } from '../crm-core/crm-fixture.js';
import { startFakeAri, type FakeAri } from './fake-ari-server.js';

const survey = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'scripts', 'good', 'survey.json'), 'utf8')) as Record<string, unknown>;

async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ARI event mapping (recorded Asterisk 22 frames)', () => {
  const lines = readFileSync(path.join(asteriskFixturesDir, '19-stasis-answer-hangup.ari.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
  it('maps StasisStart, Up and StasisEnd; ignores ChannelVarset', () => {
    const mapped = lines.map(mapAriEvent).filter((e) => e !== null);
    expect(mapped[0]).toEqual({ kind: 'stasis_start', channelId: '1795829739.38', args: ['inbound', '5550300'] });
    expect(mapped).toContainEqual({ kind: 'up', channelId: '1795829739.38' });
    expect(mapped.at(-1)).toEqual({ kind: 'stasis_end', channelId: '1795829739.38' });
    expect(mapped.some((e) => JSON.stringify(e).includes('RTPAUDIOQOS'))).toBe(false);
  });
  it.each([[16, 'normal'], [17, 'busy'], [19, 'no_answer'], [18, 'no_answer'], [34, 'failed'], [21, 'failed']] as const)('ChannelDestroyed cause %i → %s', (cause, result) => {
    expect(mapAriEvent({ type: 'ChannelDestroyed', cause, channel: { id: 'c1' } })).toEqual({ kind: 'destroyed', channelId: 'c1', cause, result });
  });
});

describeEachDb('dialer against a fake ARI server', (get) => {
  let ari: FakeAri;
  let client: AriClient;
  let tm: TelemarketingServices;
  let sup: Actor;
  const agents: Actor[] = [];

  beforeAll(async () => {
    ari = await startFakeAri({ talkMs: 800 });
    client = new AriClient({ url: ari.url, logger: silentLogger() });
    await client.connect();
    const db = get();
    const crm = crmServices(db);
    tm = createTelemarketingServices({ db: db.prisma, logger: silentLogger(), phones: testPhones(), dnc: crm.dnc, clock: () => new Date('2026-03-02T09:00:00Z') });
    sup = await makeActor(db.prisma, 'supervisor', `sup${uniq()}`);
    for (let i = 0; i < 2; i++) agents.push(await makeActor(db.prisma, 'telemarketer', `tm${uniq()}`));
  });
  afterAll(async () => {
    await client.close();
    await ari.close();
  });

  async function setup(mode: DialMode, numbers: string[]): Promise<{ loop: DialerLoop; campaignId: number; reports: string[]; connected: number[] }> {
    const c = await tm.campaigns.create(sup, { name: `ari-${mode}-${uniq()}`, dialMode: mode, callerId: '+995322555000' });
    const v = await tm.campaigns.addScriptVersion(sup, { ...survey, key: `s${uniq()}` });
    await tm.campaigns.setScript(sup, c.id, v.id);
    await tm.lists.importFile(sup, c.id, `phone,priority\n${numbers.map((n, i) => `${n},${100 - i}`).join('\n')}\n`, { format: 'csv', name: 'l', mapping: { phone: 'phone', priority: 'priority' } });
    await tm.campaigns.setStatus(sup, c.id, 'running');
    const reports: string[] = [];
    const connected: number[] = [];
    const dialer = new AriOutboundDialer({ client, logger: silentLogger(), abandonMessageMs: 10 });
    const loop = new DialerLoop({
      dialer, mode, pacing: pacingSettingsSchema.parse({ connectWithinSeconds: 0.5 }), callerId: '+995322555000', abandonMedia: 'sound:zari-abandon',
      ringTimeoutSeconds: 25, logger: silentLogger(), endpointFor: (p) => `PJSIP/${p}@trunk`, pacerOptions: { warmUpAnswers: 0 },
      next: (initiator, userId) => tm.dialing.next(userId ? (agents.find((a) => a.userId === userId) ?? sup) : sup, c.id, initiator),
      report: async (attemptId, result) => { const r = await tm.dialing.recordResult(attemptId, result); reports.push(result); return r; },
      onConnected: (_t, userId) => connected.push(userId),
    });
    return { loop, campaignId: c.id, reports, connected };
  }

  it('preview: nothing is dialed until the telemarketer starts the call; then it is bridged to them', async () => {
    const { loop, reports, connected } = await setup('preview', ['+74952400001']);
    const a = agents[0]!;
    loop.agentReady(a.userId, 'agent-201');
    expect(await loop.tick()).toBe(0);
    const t = await loop.previewDial(a.userId);
    expect(t?.phone).toBe('+74952400001');
    await waitFor(() => connected.length === 1);
    expect(connected).toEqual([a.userId]);
    expect(ari.requests.some((r) => r.startsWith(`POST /ari/bridges/zari-bridge-${t!.attemptId}/addChannel`) && r.includes('agent-201'))).toBe(true);
    await waitFor(() => loop.agentState(a.userId) === 'wrapup');
    await loop.wrapUpDone(a.userId);
    expect(reports).toEqual([]);
    loop.stop();
  });

  it('progressive: one call per free telemarketer, busy and no-answer retried, the answer bridged', async () => {
    const { loop, reports, connected } = await setup('progressive', ['+74952500002', '+74952500003', '+74952500001']);
    const a = agents[0]!;
    loop.agentReady(a.userId, 'agent-202');
    expect(await loop.tick()).toBe(1);
    expect(await loop.tick()).toBe(0); // the only telemarketer is reserved for the call in flight
    await waitFor(() => reports.length === 1);
    expect(await loop.tick()).toBe(1);
    await waitFor(() => reports.length === 2);
    expect(await loop.tick()).toBe(1);
    await waitFor(() => connected.length === 1);
    expect(reports).toEqual(['busy', 'no_answer']);
    const entries = await get().prisma.callListEntry.findMany({ where: { phone: { in: ['+74952500002', '+74952500003'] } }, orderBy: { phone: 'asc' } });
    expect(entries.map((e) => [e.state, e.nextAttemptAt?.toISOString()])).toEqual([['pending', '2026-03-02T09:05:00.000Z'], ['pending', '2026-03-02T10:00:00.000Z']]);
    loop.stop();
  });

  it('predictive: dials ahead of free telemarketers; an answer nobody can take is abandoned with the message and retried', async () => {
    const { loop, reports, connected } = await setup('predictive', ['+74952600001', '+74952600011', '+74952600021']);
    loop.agentReady(agents[0]!.userId, 'agent-203');
    loop.agentReady(agents[1]!.userId, 'agent-204');
    expect(await loop.tick()).toBe(3);
    await waitFor(() => connected.length === 2 && reports.length === 1);
    expect(reports).toEqual(['abandoned']);
    await waitFor(() => ari.requests.some((r) => r.includes('/play?media=sound%3Azari-abandon')));
    expect(loop.pacer.changes[0]?.reason).toMatch(/initial plan: predictive/);
    const abandoned = await get().prisma.dialAttempt.findFirstOrThrow({ where: { result: 'abandoned', phone: { startsWith: '+749526' } } });
    const entry = await get().prisma.callListEntry.findUniqueOrThrow({ where: { id: abandoned.entryId } });
    expect([entry.state, entry.nextAttemptAt?.toISOString()]).toEqual(['pending', '2026-03-02T09:02:00.000Z']);
    loop.stop();
  });

  it('ARI errors become domain errors', async () => {
    const e: unknown = await client.hangup('no-such-channel').catch((x: unknown) => x);
    expect(isZariError(e) && e.code).toBe('no_such_call');
    const bad = new AriClient({ url: ari.url.replace('zari-secret', 'wrong'), logger: silentLogger() });
    const e2: unknown = await bad.hangup('x').catch((x: unknown) => x);
    expect(isZariError(e2) && e2.code).toBe('pbx_rejected');
  });
});
