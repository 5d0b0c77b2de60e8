import type { Page } from 'playwright-core';
import { startAmiLoopback, type AmiLoopback } from '../helpers/ami-loopback.js';
import type { DbProvider } from '../../kernel/index.js';
import { startTestApp, type TestApp } from '../helpers/http.js';
import { until } from '../helpers/live-call.js';

/** A real zari on a fresh database, its PBX being the AMI loopback server (no transcript: the test replays it). */
export interface E2eApp {
  readonly t: TestApp;
  readonly lb: AmiLoopback;
  /** the manager responsible for "Acme Ltd" (+995 322 12 34 56), at extension 401 */
  readonly manager: { id: number; name: string };
  user(role: 'operator' | 'secretary' | 'supervisor' | 'telemarketer', extensions: string[]): Promise<{ id: number; login: string; password: string; name: string }>;
  close(): Promise<void>;
}

export const xssName = '<img src=x onerror=alert(1)>';

export { until };

export async function startE2eApp(provider: DbProvider): Promise<E2eApp> {
  const lb = await startAmiLoopback();
  const t = await startTestApp(provider, {
    config: { amiUrl: lb.url, defaultRegion: 'GE', internalContext: 'internal', outboundContext: 'internal', outboundCallerId: '+995322555000' },
  });
  const m = await t.createUser('manager', { extensions: ['401'], name: 'Nino Beridze' });
  const admin = await t.admin();
  const created = await admin.post('/api/clients', { name: 'Acme Ltd', responsibleUserId: m.user.id, phones: [{ raw: '+995 322 12 34 56' }], notes: 'Prefers calls after 10:00' });
  if (created.status !== 201) throw new Error(`client not created: ${created.text}`);
  await until(async () => (await t.anonymous().get<{ pbx: { status: string } }>('/healthz')).body.pbx.status === 'connected', 'the PBX connection');
  return {
    t, lb, manager: { id: m.user.id, name: m.user.name },
    async user(role, extensions) {
      const u = await t.createUser(role, { extensions });
      return { id: u.user.id, login: u.user.login, password: u.password, name: u.user.name };
    },
    async close() {
      await t.close();
      await lb.close();
    },
  };
}

/** Collects page errors and dialogs (an executed `alert` would show up here). */
export function watchPage(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}
