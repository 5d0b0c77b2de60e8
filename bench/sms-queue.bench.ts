/**
 * Outbound SMS queue throughput to a fast simulated modem (socat pty, the real serialport driver, answers at
 * once), on a SQLite database. Baseline in the same run: the same modem driven directly (ModemOwner.sendPdu in a
 * loop, no persistence), so the difference is the cost of "persisted before sending, never sent twice".
 *
 *   npx tsx bench/sms-queue.bench.ts        (or: npm run bench -- sms-queue)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainModule } from './cli.js';
import { createPhoneNormalizer } from '../crm-core/index.js';
import { openDatabase, silentLogger } from '../kernel/index.js';
import { GsmModemProvider, ModemOwner, SmsQueueService, encodeSubmit } from '../sms/index.js';
import { ModemSim, waitFor } from '../tests/helpers/modem-sim.js';

export interface SmsQueueBenchResult {
  readonly messages: number;
  readonly directPerSecond: number;
  readonly queuePerSecond: number;
  readonly queueOverheadMsPerMessage: number;
}

const logger = silentLogger();

async function direct(count: number): Promise<number> {
  const sim = await ModemSim.start();
  const modem = new ModemOwner({ id: 'b0', path: sim.hostPath, logger });
  await modem.start();
  const part = encodeSubmit({ to: '+995555123456', text: 'benchmark message', requestStatusReport: true }).parts[0];
  if (!part) throw new Error('no part');
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await modem.sendPdu(part.pdu, part.tpduLength);
  const seconds = (performance.now() - t0) / 1000;
  await modem.stop();
  await sim.stop();
  return count / seconds;
}

async function queued(count: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zari-bench-sms-'));
  const db = await openDatabase({ provider: 'sqlite', url: path.join(dir, 'zari.db'), pgSchema: null }, logger);
  const sim = await ModemSim.start();
  const provider = new GsmModemProvider({ logger, paths: [sim.hostPath] });
  const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
  const queue = new SmsQueueService({ db: db.prisma, provider, phones, logger, minIntervalMs: 0, pollMs: 50 });
  await provider.start();
  await queue.start();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await queue.enqueue({ to: '+995555123456', text: `benchmark message ${i}` });
  await waitFor(() => sim.sent.length >= count, 120_000, 'all sent');
  await waitFor(async () => (await db.prisma.smsMessage.count({ where: { state: 'sent' } })) === count, 10_000, 'all marked sent');
  const seconds = (performance.now() - t0) / 1000;
  await queue.stop();
  await provider.stop();
  await sim.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  return count / seconds;
}

export async function run(messages = 300): Promise<SmsQueueBenchResult> {
  const directPerSecond = await direct(messages);
  const queuePerSecond = await queued(messages);
  return {
    messages, directPerSecond: Math.round(directPerSecond), queuePerSecond: Math.round(queuePerSecond),
    queueOverheadMsPerMessage: Number((1000 / queuePerSecond - 1000 / directPerSecond).toFixed(2)),
  };
}

export function report(r: SmsQueueBenchResult): string {
  return [
    `SMS queue → fast simulated modem, ${r.messages} single-part messages (SQLite)`,
    `  direct ModemOwner.sendPdu (baseline): ${r.directPerSecond} msg/s`,
    `  persisted queue (enqueue → sent):     ${r.queuePerSecond} msg/s`,
    `  queue overhead:                       ${r.queueOverheadMsPerMessage} ms/message`,
  ].join('\n');
}

if (isMainModule(import.meta.url)) {
  process.stdout.write(`${report(await run())}\n`);
}
