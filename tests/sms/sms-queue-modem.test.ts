import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPhoneNormalizer } from '../../crm-core/index.js';
import { silentLogger } from '../../kernel/index.js';
import { GsmModemProvider, SmsQueueService, decodePdu, type SmsMessageDto } from '../../sms/index.js';
import { describeEachDb } from '../helpers/db.js';
import { ModemSim, waitFor } from '../helpers/modem-sim.js';
import { repoRoot } from '../helpers/shared.js';

/** Runs the child "zari", waits until it accepted the SMS, then SIGKILLs it. Resolves with the SMS id. */
function enqueueInKilledProcess(url: string, modemPath: string, text: string, killWhen: () => Promise<boolean> = async () => true): Promise<number> {
  // `node --import tsx` (not the tsx CLI, which would run the script in a grandchild SIGKILL does not reach)
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/sms/sms-enqueue-child.ts'), url, modemPath, text], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /queued (\d+)/.exec(out);
      if (m && child.exitCode === null && !child.killed) {
        child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(Number(m[1])) : reject(new Error(`child exited ${signal}`))));
        waitFor(killWhen, 10_000, 'the moment to kill').then(() => child.kill('SIGKILL'), reject);
      }
    });
    child.once('error', reject);
    setTimeout(() => reject(new Error(`child did not queue: ${out}`)), 20_000).unref();
  });
}

const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
const logger = silentLogger();
const fast = { commandTimeoutMs: 1500, sendTimeoutMs: 1500, reconnectMinMs: 50, reconnectMaxMs: 200 };

describeEachDb('SMS queue → GSM modem simulator (socat pty)', (getDb) => {
  let sim: ModemSim;
  let provider: GsmModemProvider;
  let queue: SmsQueueService;

  const stateOf = async (id: number): Promise<string | undefined> => (await getDb().prisma.smsMessage.findUnique({ where: { id } }))?.state;
  const row = async (id: number) => {
    const r = await getDb().prisma.smsMessage.findUnique({ where: { id } });
    if (!r) throw new Error(`sms ${id} missing`);
    return r;
  };

  async function boot(): Promise<void> {
    provider = new GsmModemProvider({ logger, paths: [sim.hostPath], modem: fast });
    queue = new SmsQueueService({ db: getDb().prisma, provider, phones, logger, retry: { baseMs: 50, maxMs: 200 }, pollMs: 50 });
    await provider.start();
    await queue.start();
  }

  beforeEach(async () => {
    sim = await ModemSim.start({ reportAfterMs: 20 });
    await boot();
  });
  afterEach(async () => {
    await queue.stop();
    await provider.stop();
    await sim.stop();
  });

  it('sends a single-part SMS: queued → sending → sent → delivered (by the +CDS report)', async () => {
    const states: string[] = [];
    const msg = await queue.enqueue({ to: '555 12 34 56', text: 'Hello from zari' });
    queue.events.on('state', (m: SmsMessageDto) => { if (m.id === msg.id) states.push(m.state); });
    expect(msg).toMatchObject({ state: 'queued', phone: '+995555123456', partsTotal: 1, encoding: 'gsm7' });
    await waitFor(async () => (await stateOf(msg.id)) === 'delivered', 5000, 'delivered');
    expect(sim.sent).toHaveLength(1);
    expect(sim.sent[0]?.submit.recipient.value).toBe('+995555123456');
    expect(sim.sent[0]?.submit.userData.text).toBe('Hello from zari');
    expect(sim.sent[0]?.submit.statusReportRequest).toBe(true);
    const r = await row(msg.id);
    expect(r).toMatchObject({ partsSent: 1, attempts: 1, modemId: 'gsm0', failReason: null });
    expect(JSON.parse(r.externalRefs)).toEqual([{ modemId: 'gsm0', reference: sim.sent[0]?.reference }]);
    await waitFor(() => states.includes('delivered'), 1000, 'state events');
    expect(states.filter((s) => s !== 'queued')).toEqual(['sending', 'sent', 'delivered']);
  });

  it('sends a 3-part UCS-2 SMS with one concat reference; delivered when every part is', async () => {
    const text = 'გამარჯობა! '.repeat(15);
    const msg = await queue.enqueue({ to: '+995555123456', text });
    expect(msg.partsTotal).toBe(3);
    await waitFor(async () => (await stateOf(msg.id)) === 'delivered', 5000, 'delivered');
    expect(sim.sent.map((s) => s.submit.userData.concat?.seq)).toEqual([1, 2, 3]);
    expect(new Set(sim.sent.map((s) => s.submit.userData.concat?.ref)).size).toBe(1);
    expect(sim.sent.map((s) => s.submit.userData.text).join('')).toBe(text);
    expect(JSON.parse((await row(msg.id)).partOutcomes)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('a permanent +CMS ERROR fails the message with a readable reason; a transient one is retried', async () => {
    sim.faults.push({ at: 'cmgs-body', action: 'reply', line: '+CMS ERROR: 21' });
    const bad = await queue.enqueue({ to: '+995555123456', text: 'rejected' });
    await waitFor(async () => (await stateOf(bad.id)) === 'failed', 5000, 'failed');
    expect((await row(bad.id)).failReason).toMatch(/CMS 21: short message rejected/);
    sim.faults.push({ at: 'cmgs-body', action: 'reply', line: '+CMS ERROR: 42' });
    const retried = await queue.enqueue({ to: '+995555123456', text: 'congested once' });
    await waitFor(async () => (await stateOf(retried.id)) === 'delivered', 5000, 'delivered after retry');
    expect(await row(retried.id)).toMatchObject({ attempts: 2, failReason: null });
    expect(sim.sent.map((s) => s.submit.userData.text)).toEqual(['congested once']);
  });

  it('modem unplugged mid-send (before the PDU) and plugged back: the message is sent exactly once', async () => {
    sim.faults.push({ at: 'cmgs-prompt', action: 'unplug' });
    const msg = await queue.enqueue({ to: '+995555123456', text: 'survives an unplug' });
    await waitFor(() => provider.channels()[0]?.state === 'disconnected', 5000, 'modem gone');
    await waitFor(async () => (await stateOf(msg.id)) === 'queued', 5000, 'requeued');
    await sim.plugIn();
    await waitFor(async () => (await stateOf(msg.id)) === 'delivered', 8000, 'delivered after replug');
    expect(sim.sent.map((s) => s.submit.userData.text)).toEqual(['survives an unplug']);
    expect((await row(msg.id)).attempts).toBe(2);
  });

  it('modem unplugged after the PDU left (answer lost): never resent, failed as outcome unknown', async () => {
    sim.faults.push({ at: 'cmgs-body', action: 'unplug' });
    const msg = await queue.enqueue({ to: '+995555123456', text: 'in doubt' });
    await waitFor(async () => (await stateOf(msg.id)) === 'failed', 5000, 'failed');
    expect((await row(msg.id)).failReason).toMatch(/^outcome unknown/);
    await sim.plugIn();
    await waitFor(() => provider.channels()[0]?.state === 'ready', 5000, 'modem back');
    const next = await queue.enqueue({ to: '+995555123456', text: 'next one' });
    await waitFor(async () => (await stateOf(next.id)) === 'delivered', 5000, 'next delivered');
    expect(sim.commands.filter((c) => c.startsWith('AT+CMGS=')).length).toBe(2);
  });

  it('zari killed (SIGKILL) between queueing and sending: sent exactly once after the restart', async () => {
    await queue.stop();
    await provider.stop();
    await sim.unplug(); // the modem is not there while the first process runs
    const id = await enqueueInKilledProcess(getDb().url, sim.hostPath, 'killed before sending');
    expect(await stateOf(id)).toBe('queued');
    await sim.plugIn();
    await boot();
    await waitFor(async () => (await stateOf(id)) === 'delivered', 8000, 'sent after restart').catch(async (e: unknown) => {
      throw new Error(`${String(e)} ${JSON.stringify(await row(id))} ${JSON.stringify(provider.channels())} ${JSON.stringify(sim.commands)}`);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.sent.map((s) => s.submit.userData.text)).toEqual(['killed before sending']);
  });

  it('zari killed while the modem had not yet prompted for the PDU: requeued and sent exactly once after the restart', async () => {
    await queue.stop();
    await provider.stop();
    sim.faults.push({ at: 'cmgs-prompt', action: 'silent' }); // the modem takes AT+CMGS and never prompts
    const id = await enqueueInKilledProcess(getDb().url, sim.hostPath, 'killed at the prompt', async () => sim.commands.some((c) => c.startsWith('AT+CMGS=')));
    expect(await row(id)).toMatchObject({ state: 'sending', submittingPart: null, partsSent: 0 });
    await boot();
    await waitFor(async () => (await stateOf(id)) === 'delivered', 8000, 'sent after restart');
    expect(sim.sent.map((s) => s.submit.userData.text)).toEqual(['killed at the prompt']);
    expect(await row(id)).toMatchObject({ attempts: 2, partsSent: 1, submittingPart: null });
  });

  it('zari stopped between queueing and sending: the message is sent once after the restart', async () => {
    await queue.stop();
    await provider.stop();
    // the "old process" accepted a message (persisted) and died before its worker ran
    const dead = new SmsQueueService({ db: getDb().prisma, provider, phones, logger });
    const msg = await dead.enqueue({ to: '+995555123456', text: 'after restart', idempotencyKey: 'k-restart' });
    // and one it had claimed (sending) without a part in flight
    const claimed = await getDb().prisma.smsMessage.create({ data: { direction: 'outbound', state: 'sending', phone: '+995555123456', text: 'claimed', concatRef: 1 } });
    const inDoubt = await getDb().prisma.smsMessage.create({ data: { direction: 'outbound', state: 'sending', phone: '+995555123456', text: 'doubt', concatRef: 2, submittingPart: 0 } });
    await boot();
    await waitFor(async () => (await stateOf(msg.id)) === 'delivered' && (await stateOf(claimed.id)) === 'delivered', 5000, 'sent after restart');
    expect(await stateOf(inDoubt.id)).toBe('failed');
    expect((await queue.enqueue({ to: '+995555123456', text: 'after restart', idempotencyKey: 'k-restart' })).id).toBe(msg.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.sent.map((s) => decodePdu(s.pdu).type === 'SMS-SUBMIT' && s.submit.userData.text).sort()).toEqual(['after restart', 'claimed']);
  });
});
