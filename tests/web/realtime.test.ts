import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import { dbProviders } from '../helpers/db.js';
import { startTestApp, type HttpClient, type TestApp } from '../helpers/http.js';
import type { CallView, ExtensionStateView, IncomingCallView, PopCard, ScreenPop, WallboardStats } from '../../web/realtime/index.js';
import { cutAfter, recordingSocket, transcript, variant, type RecordingSocket } from './realtime-client.js';

/**
 * The realtime gateway end to end: a loopback Asterisk replays real AMI transcripts to the real AMI driver
 * of a real zari; real socket.io clients log in with real sessions and receive screen pops.
 */
async function until(probe: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const popOf = (callId: string) => (p: ScreenPop): boolean => p.call.callId === callId;
interface CallRef { callId?: string; call?: CallView }
const forCall = (callId: string) => (p: CallRef): boolean => (p.callId ?? p.call?.callId) === callId;
const xss = '<img src=x onerror=alert(1)>';

describe.each(dbProviders)('realtime gateway and screen pops [%s]', (provider) => {
  let lb: AmiLoopback;
  let t: TestApp;
  let managerName: string;
  const http: Record<string, HttpClient> = {};
  const sockets: Record<string, RecordingSocket> = {};
  const connect = async (who: string): Promise<RecordingSocket> => recordingSocket(t.baseUrl, http[who]?.cookie ?? null);

  beforeAll(async () => {
    lb = await startAmiLoopback({});
    t = await startTestApp(provider, { config: { amiUrl: lb.url, defaultRegion: 'GE' } });
    const manager = await t.createUser('manager', { extensions: ['401'] });
    managerName = manager.user.name;
    http.op201 = (await t.createUser('operator', { extensions: ['201'] })).client;
    http.op202 = (await t.createUser('operator', { extensions: ['202'] })).client;
    http.secretary = (await t.createUser('secretary', { extensions: ['301'] })).client;
    http.supervisor = (await t.createUser('supervisor')).client;
    const admin = await t.admin();
    const client = (name: string, phone: string) => admin.post('/api/clients', { name, responsibleUserId: manager.user.id, phones: [{ raw: phone }] });
    expect((await client('Acme Ltd', '+995 322 12 34 56')).status).toBe(201);
    expect((await client('Twin One', '+995 322 77 78 88')).status).toBe(201);
    expect((await client('Twin Two', '+995 322 77 78 88')).status).toBe(201);
    for (const who of ['op201', 'op202', 'secretary', 'supervisor']) sockets[who] = await connect(who);
    await until(() => t.zari.cti?.runtime.status().state === 'connected', 'the AMI driver');
  });

  afterAll(async () => {
    for (const s of Object.values(sockets)) s.close();
    await t?.close();
    await lb?.close();
  });

  it('refuses a handshake without a live session', async () => {
    await expect(recordingSocket(t.baseUrl, null)).rejects.toThrow('unauthenticated');
    await expect(recordingSocket(t.baseUrl, 'zari_session=forged-token')).rejects.toThrow('unauthenticated');
  });

  it('pops the caller card at 201, then the active call panel, then the result form (01-inbound-answered)', async () => {
    lb.broadcast(transcript('01-inbound-answered.ami'));
    const op = sockets.op201!;
    const pop = await op.waitFor<ScreenPop>('call.pop', popOf('1795829496.0'));
    expect(pop).toMatchObject({ extension: '201', call: { direction: 'inbound', externalNumber: '+995322123456', externalName: 'Acme Ltd' } });
    expect(pop.card).toMatchObject({ match: 'exact', e164: '+995322123456', client: { name: 'Acme Ltd' }, pending: false });
    expect(pop.card.responsible).toMatchObject({ name: managerName, extensions: ['401'] });
    await op.waitFor('call.active', forCall('1795829496.0'));
    const ended = await op.waitFor<{ call: CallView; interactionCallKey: string; card: PopCard }>('call.ended', forCall('1795829496.0'));
    expect(ended.call).toMatchObject({ answeredBy: '201', outcome: 'answered' });
    expect(ended.interactionCallKey).toBe('asterisk:1795829496.0');
    expect(ended.card.client?.name).toBe('Acme Ltd');
    const order = op.events.map((e) => e.event).filter((e) => ['call.pop', 'call.active', 'call.ended'].includes(e));
    expect(order).toEqual(['call.pop', 'call.active', 'call.ended']);
    // an operator does not receive other extensions' pops nor the secretaries' board
    expect(sockets.op202!.of<ScreenPop>('call.pop').filter(popOf('1795829496.0'))).toEqual([]);
    expect(sockets.op202!.of('incoming.calls')).toEqual([]);
    // busy lamps reach every socket, with the extension's user
    const lamps = (): ExtensionStateView[] => [
      ...sockets.op202!.of<ExtensionStateView>('extension.state'),
      ...sockets.op202!.of<{ states: Record<string, ExtensionStateView['state']> }>('extension.states')
        .flatMap((b) => Object.entries(b.states).map(([extension, state]) => ({ extension, state, user: null }))),
    ];
    await until(() => lamps().some((l) => l.extension === '201' && l.state === 'idle'), 'the 201 lamp');
    expect(lamps().find((l) => l.extension === '201')?.user?.name).toMatch(/operator/);
  });

  it('saves the after-call result in one request: note, next task, deal stage (POST /api/calls/:callId/result)', async () => {
    const admin = await t.admin();
    let logged = false;
    for (let i = 0; i < 100 && !logged; i++) {
      logged = (await t.zari.db.prisma.interaction.count({ where: { callKey: 'asterisk:1795829496.0' } })) > 0;
      if (!logged) await new Promise((r) => setTimeout(r, 20));
    }
    expect(logged).toBe(true);
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await http.op201!.post<{ note: { clientId: number; body: string }; task: { title: string; clientId: number } | null }>(
      '/api/calls/1795829496.0/result', { outcome: 'follow-up', note: 'Wants a quote', nextTask: { title: 'Send the quote', dueAt } });
    expect(res.status).toBe(201);
    expect(res.body.note).toMatchObject({ body: 'Wants a quote' });
    expect(res.body.task).toMatchObject({ title: 'Send the quote', clientId: res.body.note.clientId });
    expect((await http.op202!.post('/api/calls/1795829496.0/result', { outcome: 'resolved' })).status).toBe(403);
    expect((await http.op201!.post('/api/calls/1795829496.0/result', { outcome: 'maybe' })).status).toBe(400);
    const deal = await admin.post<{ id: number; pipelineId: number; stageId: number }>('/api/deals', { clientId: res.body.note.clientId, title: 'Quote' });
    const pipeline = await admin.get<{ stages: { id: number }[] }>(`/api/pipelines/${deal.body.pipelineId}`);
    const next = pipeline.body.stages.find((st) => st.id !== deal.body.stageId)!;
    // an operator may not move deals: the form is refused and leaves no note or task behind (the deal goes first)
    const notesBefore = await t.zari.db.prisma.interaction.count({ where: { kind: 'note' } });
    const tasksBefore = await t.zari.db.prisma.task.count();
    const refused = await http.op201!.post('/api/calls/1795829496.0/result', { outcome: 'resolved', note: 'again', nextTask: { title: 'Again', dueAt }, dealStage: { dealId: deal.body.id, stageId: next.id } });
    expect(refused.status).toBe(403);
    expect(await t.zari.db.prisma.interaction.count({ where: { kind: 'note' } })).toBe(notesBefore);
    expect(await t.zari.db.prisma.task.count()).toBe(tasksBefore);
    const moved = await admin.post<{ deal: { stageId: number } }>('/api/calls/1795829496.0/result', { outcome: 'resolved', dealStage: { dealId: deal.body.id, stageId: next.id } });
    expect(moved.status).toBe(201);
    expect(moved.body.deal.stageId).toBe(next.id);
  });

  it('records the acknowledged pop latency in /metrics', async () => {
    let text = '';
    for (let i = 0; i < 100 && !/zari_screen_pop_delivery_seconds_count [1-9]/.test(text); i++) {
      text = (await t.anonymous().get('/metrics')).text;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(text).toMatch(/zari_screen_pop_delivery_seconds_count [1-9]/);
    expect(text).toMatch(/zari_screen_pops_total\{result="acked"\} [1-9]/);
    expect(text).toMatch(/zari_realtime_connections [1-9]/);
  });

  it('gives secretaries the incoming calls and supervisors the wallboard', async () => {
    const [ringing, rest] = cutAfter(variant(transcript('02-inbound-missed.ami'), ['1795829513.', '1795822513.']), 'ChannelStateDesc: Ringing');
    const callId = '1795822513.2';
    lb.broadcast(ringing);
    const board = await sockets.secretary!.waitFor<{ calls: IncomingCallView[] }>('incoming.calls', (p) => p.calls.some((c) => c.call.callId === callId));
    expect(board.calls.find((c) => c.call.callId === callId)?.card).toMatchObject({ client: { name: 'Acme Ltd' }, responsible: { name: managerName } });
    await sockets.supervisor!.waitFor<{ calls: IncomingCallView[] }>('incoming.calls', (p) => p.calls.some((c) => c.call.callId === callId));
    lb.broadcast(rest);
    await sockets.secretary!.waitFor<{ calls: IncomingCallView[] }>('incoming.calls', (p) => p.calls.length === 0);
    const wall = await sockets.supervisor!.waitFor<WallboardStats>('wallboard', (w) => w.answeredToday >= 1 && w.missedToday >= 1);
    expect(wall).toMatchObject({ ringing: 0 });
    expect(sockets.op201!.of('incoming.calls')).toEqual([]);
    expect(sockets.op201!.of('wallboard')).toEqual([]);
    expect(sockets.secretary!.of('wallboard')).toEqual([]);
  });

  it('ring-all queue: both pop, 202 answers, the pop disappears at 201 (07-queue-answered)', async () => {
    lb.broadcast(transcript('07-queue-answered.ami'));
    const callId = '1795829625.22';
    await sockets.op201!.waitFor('call.pop', popOf(callId));
    await sockets.op202!.waitFor('call.pop', popOf(callId));
    expect(await sockets.op201!.waitFor('call.pop.hide', forCall(callId))).toEqual({ callId, reason: 'answered-elsewhere' });
    await sockets.op202!.waitFor('call.active', forCall(callId));
    expect(sockets.op201!.of<CallRef>('call.active').filter(forCall(callId))).toEqual([]);
    expect(sockets.op202!.of<CallRef>('call.pop.hide').filter(forCall(callId))).toEqual([]);
  });

  it('restores a ringing pop on reconnect (calls.snapshot), then hides it when the caller hangs up', async () => {
    const [ringing, rest] = cutAfter(variant(transcript('02-inbound-missed.ami'), ['1795829513.', '1795820513.']), 'ChannelStateDesc: Ringing');
    const callId = '1795820513.2';
    lb.broadcast(ringing);
    await sockets.op201!.waitFor('call.pop', popOf(callId));
    sockets.op201!.close();
    const again = await connect('op201');
    sockets.op201 = again;
    const snap = await again.waitFor<{ pops: ScreenPop[] }>('calls.snapshot');
    expect(snap.pops.map((p) => p.call.callId)).toContain(callId);
    expect(snap.pops.find(popOf(callId))?.card.client?.name).toBe('Acme Ltd');
    lb.broadcast(rest);
    expect(await again.waitFor('call.pop.hide', forCall(callId))).toEqual({ callId, reason: 'ended' });
  });

  it('delivers an unknown caller with a hostile name verbatim, with the normalized number for the new-client form', async () => {
    const text = variant(transcript('01-inbound-answered.ami'), ['1795829496.', '1795820496.'], { 'Acme Ltd': xss, '+995322123456': '+995599000111' });
    lb.broadcast(text);
    const pop = await sockets.op201!.waitFor<ScreenPop>('call.pop', popOf('1795820496.0'));
    expect(pop.call.externalName).toBe(xss);
    expect(pop.card).toMatchObject({ match: 'none', e164: '+995599000111', client: null, candidates: [] });
  });

  it('offers a picker for several candidates and sends the picked card (pop.pick)', async () => {
    const text = variant(transcript('02-inbound-missed.ami'), ['1795829513.', '1795821513.'], { '+995322123456': '+995322777888' });
    const [ringing, rest] = cutAfter(text, 'ChannelStateDesc: Ringing');
    lb.broadcast(ringing);
    const op = sockets.op201!;
    const pop = await op.waitFor<ScreenPop>('call.pop', popOf('1795821513.2'));
    expect(pop.card.match).toBe('ambiguous');
    expect(pop.card.candidates.map((c) => c.name).sort()).toEqual(['Twin One', 'Twin Two']);
    const twin = pop.card.candidates.find((c) => c.name === 'Twin Two')!;
    expect(await op.socket.emitWithAck('pop.pick', { popId: pop.popId, clientId: 1 })).toEqual({ ok: false, error: 'not_a_candidate' });
    expect(await op.socket.emitWithAck('pop.pick', { popId: pop.popId, clientId: twin.clientId })).toEqual({ ok: true });
    const picked = await op.waitFor<{ popId: string; card: PopCard }>('call.pop.card', (p) => p.popId === pop.popId);
    expect(picked.card.client?.name).toBe('Twin Two');
    expect(await sockets.op202!.socket.emitWithAck('pop.pick', { popId: pop.popId, clientId: twin.clientId })).toEqual({ ok: false, error: 'no_such_pop' });
    lb.broadcast(rest);
    await op.waitFor('call.pop.hide', forCall('1795821513.2'));
  });

  it('serves the AsyncAPI document listing every event with its audience and roles', async () => {
    const res = await t.anonymous().get<{ asyncapi: string; channels: Record<string, { address: string }>; operations: Record<string, { action: string; 'x-audience'?: string; 'x-roles': string[]; channel: { $ref: string } }> }>('/api/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.body.asyncapi).toBe('3.0.0');
    const { realtimeEventCatalogue } = await import('../../web/realtime/index.js');
    for (const spec of realtimeEventCatalogue) {
      const op = Object.values(res.body.operations).find((o) => o.action === 'receive' && res.body.channels[o.channel.$ref.split('/').pop()!]?.address === spec.event);
      expect(op).toMatchObject({ 'x-audience': spec.audience, 'x-roles': [...spec.roles] });
    }
  });
});
