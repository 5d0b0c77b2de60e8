import { ZariError, notFound, type Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { pipelineCreateSchema, type PipelineCreateInput, type PipelineDto, type StageKind } from '../domain/deal.schema.js';
import { assertCan } from './client-access.js';
import type { CrmDeps, Tx } from './deps.js';
import { validate } from './json.js';

/** The default sales pipeline seeded on first use. */
export const defaultPipeline: { name: string; stages: { name: string; probability: number; kind: StageKind }[] } = {
  name: 'Sales',
  stages: [
    { name: 'New', probability: 10, kind: 'open' },
    { name: 'Qualified', probability: 25, kind: 'open' },
    { name: 'Proposal', probability: 50, kind: 'open' },
    { name: 'Negotiation', probability: 75, kind: 'open' },
    { name: 'Won', probability: 100, kind: 'won' },
    { name: 'Lost', probability: 0, kind: 'lost' },
  ],
};

const withStages = { stages: { orderBy: { position: 'asc' } } } as const satisfies Prisma.PipelineInclude;
type PipelineRow = Prisma.PipelineGetPayload<{ include: typeof withStages }>;

export function mapPipeline(p: PipelineRow): PipelineDto {
  return {
    id: p.id, name: p.name, isDefault: p.isDefault,
    stages: p.stages.map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
  };
}

/** Sales pipelines with configurable stages (position order; open stages, then won and lost). */
export class PipelineService {
  constructor(private readonly deps: CrmDeps) {}

  /** Seeds the default pipeline when there is none; returns the default pipeline. */
  async ensureDefault(): Promise<PipelineDto> {
    const existing = await this.deps.db.pipeline.findFirst({ where: { isDefault: true }, include: withStages });
    if (existing) return mapPipeline(existing);
    try {
      return await this.deps.db.$transaction((tx) => this.insert(tx, { ...defaultPipeline, isDefault: true }));
    } catch (e) {
      const again = await this.deps.db.pipeline.findFirst({ where: { isDefault: true }, include: withStages });
      if (again) return mapPipeline(again);
      throw e;
    }
  }

  private async insert(tx: Tx, p: { name: string; isDefault: boolean; stages: { name: string; probability: number; kind: string }[] }): Promise<PipelineDto> {
    if (p.isDefault) await tx.pipeline.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const created = await tx.pipeline.create({
      data: { name: p.name, isDefault: p.isDefault, stages: { create: p.stages.map((s, i) => ({ ...s, position: i + 1 })) } },
      include: withStages,
    });
    return mapPipeline(created);
  }

  async create(actor: Actor, input: PipelineCreateInput): Promise<PipelineDto> {
    assertCan(actor, 'pipelines:manage');
    const v = validate(pipelineCreateSchema, input);
    if (await this.deps.db.pipeline.findUnique({ where: { name: v.name } })) throw new ZariError('already_exists', `pipeline ${v.name} exists`);
    return this.deps.db.$transaction(async (tx) => {
      const p = await this.insert(tx, v);
      await this.deps.audit.record(actor, 'pipeline.create', 'pipeline', p.id, { name: p.name }, tx);
      return p;
    });
  }

  async list(): Promise<PipelineDto[]> {
    await this.ensureDefault();
    const rows = await this.deps.db.pipeline.findMany({ orderBy: { id: 'asc' }, include: withStages });
    return rows.map(mapPipeline);
  }

  async get(id: number): Promise<PipelineDto> {
    const p = await this.deps.db.pipeline.findUnique({ where: { id }, include: withStages });
    if (!p) throw notFound('pipeline', id);
    return mapPipeline(p);
  }
}
