import { ZariError, forbidden, notFound, type Prisma } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import { iso, type Page } from '../domain/common.schema.js';
import {
  recurrences, taskCreateSchema, taskListQuerySchema, taskUpdateSchema,
  type Recurrence, type TaskCreateInput, type TaskDto, type TaskListQuery, type TaskUpdateInput,
} from '../domain/task.schema.js';
import { can } from './access-policy.js';
import { assertActiveUser, assertCan, guardClient } from './client-access.js';
import type { CrmDeps } from './deps.js';
import { defined, validate } from './json.js';
import { nextOccurrence } from './recurrence.js';

type TaskRow = Prisma.TaskGetPayload<object>;

export function mapTask(t: TaskRow): TaskDto {
  return {
    id: t.id, kind: t.kind, title: t.title, description: t.description, assigneeId: t.assigneeId, groupId: t.groupId,
    createdById: t.createdById, dueAt: iso(t.dueAt), remindAt: iso(t.remindAt), priority: t.priority, status: t.status,
    recurrence: t.recurrence, clientId: t.clientId, dealId: t.dealId, callKey: t.callKey, phone: t.phone,
    missedCount: t.missedCount, completedAt: iso(t.completedAt), createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
  };
}

const isRecurrence = (r: string | null): r is Recurrence => r !== null && (recurrences as readonly string[]).includes(r);

/** Tasks, reminders and callbacks, linked to a client, a deal or a call; recurring tasks respawn when done. */
export class TaskService {
  constructor(private readonly deps: CrmDeps) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private async checkLinks(actor: Actor, clientId: number | null | undefined, dealId: number | null | undefined): Promise<void> {
    if (clientId != null) await guardClient(this.deps.db, actor, 'tasks:create', clientId);
    else assertCan(actor, 'tasks:create');
    if (dealId != null) {
      const deal = await this.deps.db.deal.findUnique({ where: { id: dealId }, select: { clientId: true } });
      if (!deal) throw new ZariError('validation_failed', `deal ${dealId} not found`, { field: 'dealId' });
      await guardClient(this.deps.db, actor, 'tasks:create', deal.clientId);
    }
  }

  async create(actor: Actor, input: TaskCreateInput): Promise<TaskDto> {
    const v = validate(taskCreateSchema, input);
    await this.checkLinks(actor, v.clientId, v.dealId);
    const assigneeId = v.assigneeId === undefined ? (actor.userId || null) : v.assigneeId;
    await assertActiveUser(this.deps.db, assigneeId, 'assigneeId');
    return this.deps.db.$transaction(async (tx) => {
      const t = await tx.task.create({ data: { ...defined(v), title: v.title, assigneeId, createdById: actor.userId || null } });
      await this.deps.audit.record(actor, 'task.create', 'task', t.id, { kind: t.kind, assigneeId }, tx);
      return mapTask(t);
    });
  }

  private async guardTask(actor: Actor, id: number): Promise<TaskRow> {
    const t = await this.deps.db.task.findUnique({ where: { id } });
    if (!t) throw notFound('task', id);
    const mine = t.assigneeId === actor.userId || t.createdById === actor.userId;
    if (!mine && !can(actor, 'tasks:manage-all')) throw notFound('task', id);
    return t;
  }

  async get(actor: Actor, id: number): Promise<TaskDto> {
    return mapTask(await this.guardTask(actor, id));
  }

  async update(actor: Actor, id: number, input: TaskUpdateInput): Promise<TaskDto> {
    const before = await this.guardTask(actor, id);
    const v = validate(taskUpdateSchema, input);
    if (v.clientId !== undefined || v.dealId !== undefined) await this.checkLinks(actor, v.clientId, v.dealId);
    await assertActiveUser(this.deps.db, v.assigneeId, 'assigneeId');
    if (v.status === 'done' && before.status !== 'done') return (await this.complete(actor, id)).task;
    return this.deps.db.$transaction(async (tx) => {
      const t = await tx.task.update({ where: { id }, data: defined(v) });
      await this.deps.audit.record(actor, 'task.update', 'task', id, { fields: Object.keys(v) }, tx);
      return mapTask(t);
    });
  }

  /** Marks a task done; a recurring task spawns its next occurrence (returned as `next`). */
  async complete(actor: Actor, id: number): Promise<{ task: TaskDto; next: TaskDto | null }> {
    const t = await this.guardTask(actor, id);
    if (t.status === 'done') return { task: mapTask(t), next: null };
    const now = this.now();
    return this.deps.db.$transaction(async (tx) => {
      const done = await tx.task.update({ where: { id }, data: { status: 'done', completedAt: now } });
      let next: TaskRow | null = null;
      if (isRecurrence(t.recurrence)) {
        const base = t.dueAt ?? now;
        const due = nextOccurrence(base, t.recurrence);
        const remindAt = t.remindAt ? new Date(t.remindAt.getTime() + (due.getTime() - base.getTime())) : null;
        const { id: _i, createdAt: _c, updatedAt: _u, completedAt: _d, status: _s, missedCount: _m, ...copy } = t;
        next = await tx.task.create({ data: { ...copy, dueAt: due, remindAt, status: 'open' } });
      }
      await this.deps.audit.record(actor, 'task.complete', 'task', id, { nextId: next?.id ?? null }, tx);
      return { task: mapTask(done), next: next ? mapTask(next) : null };
    });
  }

  async delete(actor: Actor, id: number): Promise<void> {
    const t = await this.guardTask(actor, id);
    if (!can(actor, 'tasks:manage-all') && !(t.createdById === actor.userId && can(actor, 'tasks:delete'))) throw forbidden('tasks:delete is not allowed');
    await this.deps.db.$transaction(async (tx) => {
      await tx.task.delete({ where: { id } });
      await this.deps.audit.record(actor, 'task.delete', 'task', id, {}, tx);
    });
  }

  async list(actor: Actor, query: TaskListQuery = {}): Promise<Page<TaskDto>> {
    const q = validate(taskListQuerySchema, query);
    const and: Prisma.TaskWhereInput[] = [defined({ assigneeId: q.assigneeId, clientId: q.clientId, dealId: q.dealId, kind: q.kind, status: q.status })];
    if (!can(actor, 'tasks:read-all')) and.push({ OR: [{ assigneeId: actor.userId }, { createdById: actor.userId }] });
    if (q.openOnly) and.push({ status: { in: ['open', 'in_progress'] } });
    if (q.dueBefore) and.push({ dueAt: { lt: q.dueBefore } });
    const where = { AND: and };
    const [rows, total] = await Promise.all([
      this.deps.db.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], skip: q.offset, take: q.limit }),
      this.deps.db.task.count({ where }),
    ]);
    return { items: rows.map(mapTask), total, limit: q.limit, offset: q.offset };
  }

  /** "My tasks": open tasks assigned to the actor, soonest due first. */
  myTasks(actor: Actor, query: Omit<TaskListQuery, 'assigneeId'> = {}): Promise<Page<TaskDto>> {
    return this.list(actor, { openOnly: true, ...query, assigneeId: actor.userId });
  }

  /**
   * A callback for a missed call: one open callback task per number; another miss from the same
   * number increments `missedCount` instead of creating a second task.
   */
  async upsertCallback(actor: Actor, input: { phone: string; title: string; clientId?: number | null; assigneeId?: number | null; callKey?: string | null; dueAt?: Date | null }): Promise<TaskDto> {
    const open = await this.deps.db.task.findFirst({ where: { kind: 'callback', phone: input.phone, status: { in: ['open', 'in_progress'] } }, orderBy: { id: 'asc' } });
    if (open) {
      const t = await this.deps.db.task.update({ where: { id: open.id }, data: { missedCount: { increment: 1 }, ...(input.callKey ? { callKey: input.callKey } : {}) } });
      return mapTask(t);
    }
    const created = await this.create(actor, { ...defined(input), kind: 'callback', priority: 'high', title: input.title, phone: input.phone });
    const t = await this.deps.db.task.update({ where: { id: created.id }, data: { missedCount: 1 } });
    return mapTask(t);
  }
}
