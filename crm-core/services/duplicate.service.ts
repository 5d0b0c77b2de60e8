import type { Actor } from '../domain/actor.js';
import { toNameKey } from '../domain/search-name.js';
import { similarity } from '../domain/similarity.js';
import { assertCan, guardClient } from './client-access.js';
import type { CrmDeps } from './deps.js';

export type DuplicateReason = 'phone' | 'taxId' | 'name' | 'similarName';

/** Clients that are probably the same, and why. */
export interface DuplicateGroup {
  reason: DuplicateReason;
  /** the shared E.164, tax id or name key (for similar names: the two keys joined by " ~ ") */
  key: string;
  clientIds: number[];
  /** 1 for exact matches; the name similarity for similarName */
  score: number;
}

export interface DuplicateOptions {
  /** names are compared pairwise only inside blocks (same first letters) no larger than this */
  maxBlock?: number;
  /** similarity threshold for similar names (default 0.85) */
  threshold?: number;
}

interface NamedClient { id: number; key: string }

const live = { mergedIntoId: null } as const;

/** Finds probable duplicate clients: same normalized phone, same tax id, equal or similar names. */
export class DuplicateService {
  constructor(private readonly deps: CrmDeps) {}

  async find(actor: Actor, options: DuplicateOptions = {}): Promise<DuplicateGroup[]> {
    assertCan(actor, 'clients:duplicates');
    const [byPhone, byTax, named] = await Promise.all([this.byPhone(), this.byTaxId(), this.names()]);
    return [...byPhone, ...byTax, ...this.byName(named, options)];
  }

  /** Duplicates of one client (e.g. right after it was created or imported). */
  async findFor(actor: Actor, clientId: number, options: DuplicateOptions = {}): Promise<DuplicateGroup[]> {
    assertCan(actor, 'clients:duplicates');
    await guardClient(this.deps.db, actor, 'clients:read', clientId);
    const all = await this.find(actor, options);
    return all.filter((g) => g.clientIds.includes(clientId));
  }

  private async byPhone(): Promise<DuplicateGroup[]> {
    const shared = await this.deps.db.phoneNumber.groupBy({
      by: ['e164'], where: { e164: { not: null }, client: live }, _count: { _all: true }, having: { e164: { _count: { gt: 1 } } },
    });
    const keys = shared.flatMap((s) => (s.e164 === null ? [] : [s.e164]));
    if (keys.length === 0) return [];
    const rows = await this.deps.db.phoneNumber.findMany({ where: { e164: { in: keys }, client: live }, select: { e164: true, clientId: true } });
    return groupRows(rows.map((r) => ({ key: r.e164 ?? '', id: r.clientId })), 'phone');
  }

  private async byTaxId(): Promise<DuplicateGroup[]> {
    const shared = await this.deps.db.client.groupBy({
      by: ['taxId'], where: { ...live, taxId: { not: null } }, _count: { _all: true }, having: { taxId: { _count: { gt: 1 } } },
    });
    const keys = shared.flatMap((s) => (s.taxId === null ? [] : [s.taxId]));
    if (keys.length === 0) return [];
    const rows = await this.deps.db.client.findMany({ where: { ...live, taxId: { in: keys } }, select: { id: true, taxId: true } });
    return groupRows(rows.map((r) => ({ key: r.taxId ?? '', id: r.id })), 'taxId');
  }

  private async names(): Promise<NamedClient[]> {
    const rows = await this.deps.db.client.findMany({ where: live, select: { id: true, name: true }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ id: r.id, key: toNameKey(r.name) })).filter((r) => r.key.length >= 2);
  }

  private byName(named: NamedClient[], options: DuplicateOptions): DuplicateGroup[] {
    const exact = groupRows(named.map((n) => ({ key: n.key, id: n.id })), 'name');
    const threshold = options.threshold ?? 0.85;
    const maxBlock = options.maxBlock ?? 300;
    const blocks = new Map<string, NamedClient[]>();
    for (const n of named) {
      const b = [...n.key].slice(0, 2).join('');
      blocks.set(b, [...(blocks.get(b) ?? []), n]);
    }
    const similar: DuplicateGroup[] = [];
    for (const block of blocks.values()) {
      if (block.length < 2 || block.length > maxBlock) continue;
      for (let i = 0; i < block.length; i++) {
        for (let j = i + 1; j < block.length; j++) {
          const a = block[i];
          const b = block[j];
          if (!a || !b || a.key === b.key) continue;
          const score = similarity(a.key, b.key);
          if (score >= threshold) similar.push({ reason: 'similarName', key: `${a.key} ~ ${b.key}`, clientIds: [a.id, b.id], score });
        }
      }
    }
    return [...exact, ...similar];
  }
}

function groupRows(rows: { key: string; id: number }[], reason: DuplicateReason): DuplicateGroup[] {
  const by = new Map<string, Set<number>>();
  for (const r of rows) by.set(r.key, (by.get(r.key) ?? new Set()).add(r.id));
  return [...by].filter(([, ids]) => ids.size > 1).map(([key, ids]) => ({ reason, key, clientIds: [...ids].sort((a, b) => a - b), score: 1 }));
}
