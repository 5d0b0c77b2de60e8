import type { Db } from '../../kernel/index.js';

export interface PbxHealth {
  /** the driver's connection state; 'none' when no PBX (and no demo PBX) is configured */
  readonly status: 'connecting' | 'connected' | 'disconnected' | 'auth_failed' | 'stopped' | 'none';
  readonly driver?: string;
  readonly since?: string;
  readonly lastError?: string | null;
  readonly reconnects?: number;
}

export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly db: 'ok' | 'down';
  readonly pbx: PbxHealth;
  readonly uptime: number;
}

export interface HealthDeps {
  readonly prisma: Db;
  /** the CTI wiring replaces this; until then the PBX is reported as not wired */
  readonly pbx?: () => PbxHealth;
  readonly startedAt: number;
}

async function dbOk(prisma: Db): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const db = await dbOk(deps.prisma) ? 'ok' : 'down';
  const pbx = deps.pbx?.() ?? { status: 'none' };
  const degraded = db !== 'ok' || pbx.status === 'disconnected' || pbx.status === 'auth_failed' || pbx.status === 'connecting';
  return { status: degraded ? 'degraded' : 'ok', db, pbx, uptime: Math.round((Date.now() - deps.startedAt) / 1000) };
}
