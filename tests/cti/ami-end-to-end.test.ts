import path from 'node:path';
import { silentLogger } from '../../kernel/index.js';
import { CallRecordService, CallerIdentificationService, createCrmServices, createPhoneNormalizer, systemActor } from '../../crm-core/index.js';
import { AsteriskAmiDriver, CallLogService, CallTracker, CtiRuntime, type TrackedCall } from '../../cti/index.js';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { asExpected, comparable, expectedCalls } from '../helpers/ami-frames.js';
import { emptyChannelsReply, liveChannelsReply, splitAnsweredCall, tempTranscript, until } from '../helpers/live-call.js';
import { describeEachDb, type TestDatabase } from '../helpers/db.js';

/**
 * The whole AMI path over real TCP: a loopback Asterisk replays each recorded transcript (re-chunked at random
 * boundaries) to the real driver; parser → mapper → tracker → call log → database. The calls, outcomes,
 * answering users, transfers and missed-call records must match the fixtures' README/expected.json exactly.
 */
const fastDriver = (url: string) => new AsteriskAmiDriver({
  url, logger: silentLogger(), keepAliveMs: 60_000, backoff: { baseMs: 20, maxMs: 100 },
});

interface Pipeline {
  runtime: CtiRuntime;
  ended: TrackedCall[];
  records: CallRecordService;
  log: CallLogService;
}

function pipeline(db: TestDatabase, url: string): Pipeline {
  const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
  const logger = silentLogger();
  const crm = createCrmServices({ db: db.prisma, logger, phones });
  const records = new CallRecordService({ db: db.prisma, logger, phones, audit: crm.audit }, db.sqlite?.name ?? null);
  const identification = new CallerIdentificationService({ db, phones, logger });
  const log = new CallLogService({
    logger, store: records, identify: (raw) => identification.identify(raw), userIdForExtension: async () => null,
    callbackGroup: 'callbacks', callbackDueMinutes: 30,
  });
  const tracker = new CallTracker({ logger });
  const runtime = new CtiRuntime({ driver: fastDriver(url), tracker, callLog: log, logger });
  const ended: TrackedCall[] = [];
  runtime.events.on('call.ended', ({ call }) => ended.push(call));
  return { runtime, ended, records, log };
}

const scenarios = Object.entries(expectedCalls());

describeEachDb('every recorded scenario over TCP', (get) => {
  it.each(scenarios.map(([name], i) => [name, i] as const))('%s', async (name, seed) => {
    const lb = await startAmiLoopback({ fixture: `${name}.ami`, chunking: { seed: seed + 1, maxChunk: 1 + ((seed * 97) % 1400) } });
    const p = pipeline(get(), lb.url);
    try {
      await p.runtime.start();
      const expected = expectedCalls()[name] ?? [];
      await until(() => p.ended.length >= expected.length, `${expected.length} ended calls of ${name}`);
      await p.log.drain();
      const byId = new Map(p.ended.map((c) => [c.callId, c]));
      for (const e of expected) {
        const call = byId.get(e.linkedid);
        expect(call && asExpected(call)).toEqual(comparable(e));
        if (e.caller_name) expect(call?.externalName).toBe(e.caller_name);
        if (e.queue) expect(call?.queue).toBe(e.queue);
        if (e.recording?.endsWith('.wav')) expect(call?.recordings.map((f) => path.basename(f))).toContain(e.recording);
      }
      expect(p.ended).toHaveLength(expected.length);
      for (const e of expected) {
        const stored = await get().prisma.interaction.findUnique({ where: { callKey: `asterisk:${e.linkedid}` } });
        expect(stored?.direction).toBe(e.direction);
        const missed = await p.records.list(systemActor, { missed: true });
        expect(missed.items.filter((m) => m.callKey === `asterisk:${e.linkedid}`)).toHaveLength(e.missed_call ? 1 : 0);
      }
    } finally {
      await p.runtime.stop();
      await lb.close();
    }
  });
});

describeEachDb('reconnects in the middle of a call', (get) => {
  const { head, tail } = splitAnsweredCall();
  let lb: AmiLoopback | undefined;
  let p: Pipeline | undefined;
  afterEach(async () => {
    await p?.runtime.stop();
    await lb?.close();
  });

  async function connectMidCall(live: boolean): Promise<{ lb: AmiLoopback; p: Pipeline }> {
    let connections = 0;
    const server = await startAmiLoopback({
      fixture: tempTranscript(head),
      onAction: (action, reply) => {
        if (action.fields['Action'] !== 'CoreShowChannels') return false;
        connections += 1;
        const id = action.fields['ActionID'] ?? '';
        // the first session's resync finds nothing yet; a reconnect finds the call live, or gone (`live` false)
        reply(connections > 1 && live ? liveChannelsReply(id) : emptyChannelsReply(id));
        return true;
      },
    });
    const pl = pipeline(get(), server.url);
    await pl.runtime.start();
    await until(() => pl.runtime.get('1795829496.0')?.answeredBy === '201', 'the answered call');
    return { lb: server, p: pl };
  }

  it('the socket drops mid-call; after the resync the rest of the call arrives: one call, stored once', async () => {
    ({ lb, p } = await connectMidCall(true));
    const firstResync = lb.actions('CoreShowChannels').length;
    lb.dropClients();
    await lb.waitForAction('CoreShowChannels', firstResync + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(p.ended).toHaveLength(0);
    lb.broadcast(tail);
    await until(() => p!.ended.length === 1, 'the call to end');
    await p.log.drain();
    expect(asExpected(p.ended[0]!)).toMatchObject({ linkedid: '1795829496.0', answered_by: '201', outcome: 'answered', missed_call: false });
    expect(await get().prisma.interaction.count({ where: { callKey: 'asterisk:1795829496.0' } })).toBe(1);
  });

  it('the server restarts mid-call and answers CoreShowChannels: the call is neither lost nor duplicated', async () => {
    ({ lb, p } = await connectMidCall(true));
    await lb.stop();
    await lb.restart();
    await lb.waitForAction('CoreShowChannels', 2);
    await until(() => p!.runtime.status().state === 'connected', 'reconnect');
    await new Promise((r) => setTimeout(r, 100));
    expect(p.runtime.liveCalls().map((c) => c.callId)).toEqual(['1795829496.0']);
    lb.broadcast(tail);
    await until(() => p!.ended.length === 1, 'the call to end');
    await p.log.drain();
    expect(p.ended[0]?.answeredBy).toBe('201');
    expect(await get().prisma.interaction.count({ where: { kind: 'call' } })).toBe(1);
  });

  it('a call that ended while we were away is closed once by the resync', async () => {
    ({ lb, p } = await connectMidCall(false));
    lb.dropClients();
    await until(() => p!.ended.length === 1, 'the resync to end the call');
    await p.log.drain();
    expect(p.ended[0]).toMatchObject({ callId: '1795829496.0', answeredBy: '201', outcome: 'answered' });
    lb.broadcast(tail);
    await new Promise((r) => setTimeout(r, 200));
    expect(p.ended).toHaveLength(1);
    expect(await get().prisma.interaction.count({ where: { callKey: 'asterisk:1795829496.0' } })).toBe(1);
  });
});
