import type { Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { funnelQuerySchema, type FunnelQuery, type FunnelReport, type FunnelStageRow, type PipelineStageDto } from '../domain/deal.schema.js';
import { assertCan, clientScopeWhere } from './client-access.js';
import { fromCents, toCents } from './decimal.js';
import type { CrmDeps } from './deps.js';
import { validate } from './json.js';
import { PipelineService } from './pipeline.service.js';

interface FunnelDeal { stageId: number; amount: string | null; currency: string; status: string; stageHistory: { toStageId: number }[] }

/** Highest open/won position a deal ever reached (a won deal passed every open stage). */
function maxReached(deal: FunnelDeal, pos: Map<number, PipelineStageDto>): number {
  let max = 0;
  for (const id of [deal.stageId, ...deal.stageHistory.map((h) => h.toStageId)]) {
    const s = pos.get(id);
    if (s && s.kind !== 'lost') max = Math.max(max, s.kind === 'won' ? Number.MAX_SAFE_INTEGER : s.position);
  }
  return max;
}

/** Sales funnel: deals per stage now, amounts per currency, how many reached each stage, conversion. */
export class FunnelService {
  private readonly pipelines: PipelineService;

  constructor(private readonly deps: CrmDeps) {
    this.pipelines = new PipelineService(deps);
  }

  async report(actor: Actor, query: FunnelQuery = {}): Promise<FunnelReport> {
    assertCan(actor, 'reports:funnel');
    const q = validate(funnelQuerySchema, query);
    const pipeline = q.pipelineId !== undefined ? await this.pipelines.get(q.pipelineId) : await this.pipelines.ensureDefault();
    const createdAt: Prisma.DateTimeFilter = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) };
    const deals = await this.deps.db.deal.findMany({
      where: { pipelineId: pipeline.id, client: { mergedIntoId: null, ...clientScopeWhere(actor, 'reports:funnel') }, ...(q.from || q.to ? { createdAt } : {}) },
      select: { stageId: true, amount: true, currency: true, status: true, stageHistory: { select: { toStageId: true } } },
    });
    const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
    const reached = deals.map((d) => maxReached(d, byId));
    const won = deals.filter((d) => d.status === 'won').length;
    const lost = deals.filter((d) => d.status === 'lost').length;
    let prevReached = deals.length;
    const stages: FunnelStageRow[] = pipeline.stages.map((s) => {
      const here = deals.filter((d) => d.stageId === s.id);
      const sums = new Map<string, bigint>();
      for (const d of here) if (d.amount !== null) sums.set(d.currency, (sums.get(d.currency) ?? 0n) + toCents(d.amount));
      const count = s.kind === 'lost' ? lost : s.kind === 'won' ? won : reached.filter((r) => r >= s.position).length;
      const conversion = s.kind === 'lost' ? (deals.length ? lost / deals.length : 0) : prevReached ? count / prevReached : 0;
      if (s.kind === 'open') prevReached = count;
      return {
        stageId: s.id, name: s.name, kind: s.kind, position: s.position, current: here.length,
        amounts: Object.fromEntries([...sums].map(([c, v]) => [c, fromCents(v)])), reached: count, conversion,
      };
    });
    return { pipelineId: pipeline.id, stages, won, lost, winRate: won + lost ? won / (won + lost) : 0 };
  }
}
