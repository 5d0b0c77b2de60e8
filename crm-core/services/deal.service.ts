import { ZariError, notFound, type Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { iso, type Page } from '../domain/common.schema.js';
import {
  dealCreateSchema, dealListQuerySchema, dealUpdateSchema,
  type DealCreateInput, type DealDto, type DealListQuery, type DealStageHistoryDto, type DealUpdateInput,
} from '../domain/deal.schema.js';
import { assertActiveUser, clientScopeWhere, guardClient } from './client-access.js';
import { normalizeAmount } from './decimal.js';
import type { CrmDeps } from './deps.js';
import { defined, validate } from './json.js';
import { PipelineService } from './pipeline.service.js';

type DealRow = Prisma.DealGetPayload<object>;

export function mapDeal(d: DealRow): DealDto {
  return {
    id: d.id, clientId: d.clientId, title: d.title, pipelineId: d.pipelineId, stageId: d.stageId, amount: d.amount,
    currency: d.currency, expectedCloseAt: iso(d.expectedCloseAt), ownerId: d.ownerId, status: d.status,
    closedAt: iso(d.closedAt), createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
  };
}

/** Deals of clients, moved through pipeline stages; every move is kept in the stage history (the funnel). */
export class DealService {
  private readonly pipelines: PipelineService;

  constructor(private readonly deps: CrmDeps) {
    this.pipelines = new PipelineService(deps);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private async resolveStage(pipelineId: number | undefined, stageId: number | undefined): Promise<{ pipelineId: number; stageId: number; kind: string }> {
    if (stageId !== undefined) {
      const s = await this.deps.db.pipelineStage.findUnique({ where: { id: stageId } });
      if (!s || (pipelineId !== undefined && s.pipelineId !== pipelineId)) throw new ZariError('validation_failed', 'stage not in pipeline', { field: 'stageId' });
      return { pipelineId: s.pipelineId, stageId: s.id, kind: s.kind };
    }
    const p = pipelineId !== undefined ? await this.pipelines.get(pipelineId) : await this.pipelines.ensureDefault();
    const first = p.stages.find((s) => s.kind === 'open') ?? p.stages[0];
    if (!first) throw new ZariError('validation_failed', 'pipeline has no stages', { field: 'pipelineId' });
    return { pipelineId: p.id, stageId: first.id, kind: first.kind };
  }

  async create(actor: Actor, input: DealCreateInput): Promise<DealDto> {
    const v = validate(dealCreateSchema, input);
    await guardClient(this.deps.db, actor, 'deals:write', v.clientId);
    const stage = await this.resolveStage(v.pipelineId, v.stageId);
    await assertActiveUser(this.deps.db, v.ownerId, 'ownerId');
    const now = this.now();
    return this.deps.db.$transaction(async (tx) => {
      const d = await tx.deal.create({
        data: {
          clientId: v.clientId, title: v.title, pipelineId: stage.pipelineId, stageId: stage.stageId, status: stage.kind,
          amount: v.amount == null ? null : normalizeAmount(v.amount), currency: v.currency,
          expectedCloseAt: v.expectedCloseAt ?? null, ownerId: v.ownerId === undefined ? (actor.userId || null) : v.ownerId,
          closedAt: stage.kind === 'open' ? null : now,
        },
      });
      await tx.dealStageHistory.create({ data: { dealId: d.id, fromStageId: null, toStageId: stage.stageId, changedById: actor.userId || null, changedAt: now } });
      await this.deps.audit.record(actor, 'deal.create', 'deal', d.id, { clientId: v.clientId }, tx);
      return mapDeal(d);
    });
  }

  private async guardDeal(actor: Actor, id: number, action: 'deals:read' | 'deals:write' | 'deals:delete'): Promise<DealRow> {
    const d = await this.deps.db.deal.findUnique({ where: { id } });
    if (!d) throw notFound('deal', id);
    await guardClient(this.deps.db, actor, action, d.clientId);
    return d;
  }

  async get(actor: Actor, id: number): Promise<DealDto> {
    return mapDeal(await this.guardDeal(actor, id, 'deals:read'));
  }

  async list(actor: Actor, query: DealListQuery = {}): Promise<Page<DealDto>> {
    const q = validate(dealListQuerySchema, query);
    const where: Prisma.DealWhereInput = {
      client: { mergedIntoId: null, ...clientScopeWhere(actor, 'deals:read') },
      ...defined({ clientId: q.clientId, pipelineId: q.pipelineId, stageId: q.stageId, status: q.status, ownerId: q.ownerId }),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.deal.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: q.offset, take: q.limit }),
      this.deps.db.deal.count({ where }),
    ]);
    return { items: rows.map(mapDeal), total, limit: q.limit, offset: q.offset };
  }

  async update(actor: Actor, id: number, input: DealUpdateInput): Promise<DealDto> {
    await this.guardDeal(actor, id, 'deals:write');
    const v = validate(dealUpdateSchema, input);
    await assertActiveUser(this.deps.db, v.ownerId, 'ownerId');
    const data = { ...defined(v), ...(v.amount != null ? { amount: normalizeAmount(v.amount) } : {}) };
    return this.deps.db.$transaction(async (tx) => {
      const d = await tx.deal.update({ where: { id }, data });
      await this.deps.audit.record(actor, 'deal.update', 'deal', id, { fields: Object.keys(v) }, tx);
      return mapDeal(d);
    });
  }

  /** Moves a deal to another stage of its pipeline; won/lost stages close it, open stages reopen it. */
  async move(actor: Actor, id: number, stageId: number): Promise<DealDto> {
    const d = await this.guardDeal(actor, id, 'deals:write');
    const stage = await this.deps.db.pipelineStage.findUnique({ where: { id: stageId } });
    if (stage?.pipelineId !== d.pipelineId) throw new ZariError('validation_failed', 'stage not in the deal pipeline', { field: 'stageId' });
    if (stage.id === d.stageId) return mapDeal(d);
    const now = this.now();
    return this.deps.db.$transaction(async (tx) => {
      const updated = await tx.deal.update({ where: { id }, data: { stageId, status: stage.kind, closedAt: stage.kind === 'open' ? null : now } });
      await tx.dealStageHistory.create({ data: { dealId: id, fromStageId: d.stageId, toStageId: stageId, changedById: actor.userId || null, changedAt: now } });
      await this.deps.audit.record(actor, 'deal.move', 'deal', id, { from: d.stageId, to: stageId }, tx);
      return mapDeal(updated);
    });
  }

  async stageHistory(actor: Actor, id: number): Promise<DealStageHistoryDto[]> {
    await this.guardDeal(actor, id, 'deals:read');
    const rows = await this.deps.db.dealStageHistory.findMany({ where: { dealId: id }, orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ id: r.id, fromStageId: r.fromStageId, toStageId: r.toStageId, changedById: r.changedById, changedAt: r.changedAt.toISOString() }));
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await this.guardDeal(actor, id, 'deals:delete');
    await this.deps.db.$transaction(async (tx) => {
      await tx.deal.delete({ where: { id } });
      await this.deps.audit.record(actor, 'deal.delete', 'deal', id, {}, tx);
    });
  }
}
