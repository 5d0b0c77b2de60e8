import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DbProvider } from '../../../kernel/index.js';
import { startTestApp, type HttpClient, type TestApp } from '../../helpers/http.js';
import { sineWav } from './fixtures.js';

/** A raw GET (no URL normalisation: `..`, `%2F` and backslashes reach the server as written). */
export function rawGet(baseUrl: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A logged call (Interaction) as the call log would store it. */
export async function logCall(t: TestApp, callKey: string, opts: { clientId: number | null; answeredBy: string; phone: string; userId?: number | null }): Promise<number> {
  const row = await t.db.prisma.interaction.create({
    data: {
      kind: 'call', direction: 'inbound', callKey, clientId: opts.clientId, answeredBy: opts.answeredBy, phone: opts.phone, rawPhone: opts.phone,
      outcome: 'answered', userId: opts.userId ?? null, startedAt: new Date(), meta: JSON.stringify({ from: opts.phone, finalParty: opts.answeredBy, recordings: [] }),
    },
  });
  return row.id;
}

/** Drops a WAV into the app's spool dir, ingests it for `callKey` and links it; returns the publicId. */
export async function recordCall(t: TestApp, name: string, callKey: string, seconds: number, amp: number): Promise<string> {
  const rec = t.zari.recordings;
  if (!rec) throw new Error('recordings not wired');
  writeFileSync(path.join(rec.spoolDir, name), sineWav({ sampleRate: 8000, channels: 1, seconds, amp }));
  const { outcome, recording } = await rec.ingest.ingestFile(name, { callKey });
  if (outcome !== 'committed') throw new Error(`ingest ${outcome}: ${recording.failReason ?? ''}`);
  if (!(await rec.link.link(recording.publicId))) throw new Error('not linked');
  return recording.publicId;
}

export async function clientFor(t: TestApp, name: string, phone: string, responsibleUserId: number, tags: string[] = []): Promise<number> {
  const admin = await t.admin();
  const res = await admin.post<{ id: number }>('/api/clients', { name, responsibleUserId, phones: [{ raw: phone }], tags });
  if (res.status !== 201) throw new Error(`client not created: ${res.text}`);
  return res.body.id;
}

export interface Actors {
  readonly admin: HttpClient;
  readonly supervisor: HttpClient;
  /** answered call A (extension 201) */
  readonly participant: HttpClient;
  /** extension 202: answered call B, not A */
  readonly otherOperator: HttpClient;
  /** responsible for client A, with 'recordings:clients' */
  readonly managerGranted: HttpClient;
  /** responsible for client B, without the grant */
  readonly managerPlain: HttpClient;
  readonly secretary: HttpClient;
  readonly telemarketer: HttpClient;
  readonly anonymous: HttpClient;
}

export interface RecordingsScene {
  readonly t: TestApp;
  readonly users: Actors;
  readonly ids: { readonly participant: number; readonly managerGranted: number; readonly admin: number };
  /** call A: client A (managerGranted), answered by 201; call B: client B (managerPlain), answered by 202 */
  readonly recA: string;
  readonly recB: string;
  readonly clientA: number;
  readonly clientB: number;
}

/** A zari with two recorded calls and one user per row of the authorization matrix. */
export async function recordingsScene(provider: DbProvider): Promise<RecordingsScene> {
  const t = await startTestApp(provider);
  const op201 = await t.createUser('operator', { extensions: ['201'] });
  const op202 = await t.createUser('operator', { extensions: ['202'] });
  const mg = await t.createUser('manager', { extensions: ['401'], grants: ['recordings:clients'] });
  const mp = await t.createUser('manager', { extensions: ['402'] });
  const clientA = await clientFor(t, 'Acme Ltd', '+995322123456', mg.user.id, ['key-account']);
  const clientB = await clientFor(t, 'Beta LLC', '+995322654321', mp.user.id);
  await logCall(t, 'asterisk:1001.1', { clientId: clientA, answeredBy: '201', phone: '+995322123456', userId: op201.user.id });
  await logCall(t, 'asterisk:1002.1', { clientId: clientB, answeredBy: '202', phone: '+995322654321', userId: op202.user.id });
  const recA = await recordCall(t, '1001.1.wav', 'asterisk:1001.1', 3, 0.5);
  const recB = await recordCall(t, '1002.1.wav', 'asterisk:1002.1', 2, 0.3);
  const users: Actors = {
    admin: await t.admin(), supervisor: (await t.createUser('supervisor')).client, participant: op201.client, otherOperator: op202.client,
    managerGranted: mg.client, managerPlain: mp.client, secretary: (await t.createUser('secretary')).client,
    telemarketer: (await t.createUser('telemarketer')).client, anonymous: t.anonymous(),
  };
  const admin = await t.db.prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
  return { t, users, ids: { participant: op201.user.id, managerGranted: mg.user.id, admin: admin.id }, recA, recB, clientA, clientB };
}
