import { ZariError, forbidden } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import {
  clientCreateSchema, clientUpdateSchema, customFieldsSchema,
  type ClientCreateInput, type ClientDto, type ClientListQuery, type ClientUpdateInput, type CustomFields,
} from '../domain/client.schema.js';
import type { Page } from '../domain/common.schema.js';
import { toSearchName } from '../domain/search-name.js';
import { can } from './access-policy.js';
import { assertActiveUser, assertCan, guardClient } from './client-access.js';
import { buildClientQuery } from './client-query.js';
import type { CrmDeps, Tx } from './deps.js';
import { defined, parseJsonObject, validate } from './json.js';
import { clientFullInclude, clientInclude, mapClient } from './map-client.js';
import { toPhoneRow } from './phone-match.js';
import { ResponsibleService } from './responsible.service.js';

/** Clients (companies and persons): CRUD, search, tags, custom fields; access rules applied here. */
export class ClientService {
  private readonly responsible: ResponsibleService;

  constructor(private readonly deps: CrmDeps) {
    this.responsible = new ResponsibleService(deps);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(actor: Actor, input: ClientCreateInput): Promise<ClientDto> {
    assertCan(actor, 'clients:create');
    const v = validate(clientCreateSchema, input);
    const responsibleUserId = this.initialResponsible(actor, v.responsibleUserId);
    await assertActiveUser(this.deps.db, responsibleUserId, 'responsibleUserId');
    const phoneRows = v.phones.map((p) => toPhoneRow(this.deps.phones, p));
    const id = await this.deps.db.$transaction(async (tx) => {
      const { tags, phones: _p, customFields, responsibleUserId: _r, ...fields } = v;
      const c = await tx.client.create({
        data: {
          ...defined(fields), name: v.name, searchName: toSearchName(v.name), customFields: JSON.stringify(customFields), responsibleUserId,
          tags: { create: [...new Set(tags)].map((tag) => ({ tag })) },
          phones: { create: phoneRows },
        },
      });
      if (responsibleUserId !== null) {
        await tx.responsibleHistory.create({ data: { clientId: c.id, userId: responsibleUserId, fromAt: this.now(), changedById: actor.userId || null } });
      }
      await this.deps.audit.record(actor, 'client.create', 'client', c.id, { name: c.name }, tx);
      return c.id;
    });
    return this.read(actor, id);
  }

  private initialResponsible(actor: Actor, requested: number | null | undefined): number | null {
    if (requested === undefined) return actor.role === 'manager' ? actor.userId : null;
    if (requested !== actor.userId && !can(actor, 'clients:assign')) throw forbidden('only admins and supervisors assign other managers');
    return requested;
  }

  async get(actor: Actor, id: number): Promise<ClientDto> {
    await guardClient(this.deps.db, actor, 'clients:read', id);
    return this.read(actor, id);
  }

  private async read(actor: Actor, id: number, db: Tx = this.deps.db): Promise<ClientDto> {
    const row = await db.client.findUniqueOrThrow({ where: { id }, include: clientFullInclude });
    return mapClient(actor, row);
  }

  async list(actor: Actor, query: ClientListQuery = {}): Promise<Page<ClientDto>> {
    const q = buildClientQuery(actor, this.deps.phones, query);
    const [rows, total] = await Promise.all([
      this.deps.db.client.findMany({ where: q.where, orderBy: q.orderBy, skip: q.offset, take: q.limit, include: clientInclude }),
      this.deps.db.client.count({ where: q.where }),
    ]);
    return { items: rows.map((r) => mapClient(actor, r)), total, limit: q.limit, offset: q.offset };
  }

  async update(actor: Actor, id: number, input: ClientUpdateInput): Promise<ClientDto> {
    const scope = await guardClient(this.deps.db, actor, 'clients:update', id);
    const v = validate(clientUpdateSchema, input);
    if (v.vip !== undefined && v.vip !== scope.vip && !can(actor, 'clients:vip-details', scope)) throw forbidden('changing VIP status needs vip:view');
    await this.deps.db.$transaction(async (tx) => {
      const { tags, customFields, ...fields } = v;
      await tx.client.update({
        where: { id },
        data: {
          ...defined(fields),
          ...(v.name !== undefined ? { searchName: toSearchName(v.name) } : {}),
          ...(customFields !== undefined ? { customFields: JSON.stringify(customFields) } : {}),
          ...(tags !== undefined ? { tags: { deleteMany: {}, create: [...new Set(tags)].map((tag) => ({ tag })) } } : {}),
        },
      });
      await this.deps.audit.record(actor, 'client.update', 'client', id, { fields: Object.keys(v) }, tx);
    });
    return this.read(actor, id);
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await guardClient(this.deps.db, actor, 'clients:delete', id);
    await this.deps.db.$transaction(async (tx) => {
      await tx.client.delete({ where: { id } });
      await this.deps.audit.record(actor, 'client.delete', 'client', id, {}, tx);
    });
  }

  async addTags(actor: Actor, id: number, tags: readonly string[]): Promise<ClientDto> {
    await guardClient(this.deps.db, actor, 'clients:update', id);
    const clean = validate(clientUpdateSchema.shape.tags.unwrap(), tags);
    const existing = new Set((await this.deps.db.clientTag.findMany({ where: { clientId: id } })).map((t) => t.tag));
    const fresh = [...new Set(clean)].filter((t) => !existing.has(t));
    if (fresh.length > 0) await this.deps.db.clientTag.createMany({ data: fresh.map((tag) => ({ clientId: id, tag })) });
    return this.read(actor, id);
  }

  async removeTag(actor: Actor, id: number, tag: string): Promise<ClientDto> {
    await guardClient(this.deps.db, actor, 'clients:update', id);
    await this.deps.db.clientTag.deleteMany({ where: { clientId: id, tag: tag.trim().toLowerCase() } });
    return this.read(actor, id);
  }

  /** Merges `patch` into the custom fields; a null value removes the key. */
  async patchCustomFields(actor: Actor, id: number, patch: CustomFields): Promise<ClientDto> {
    await guardClient(this.deps.db, actor, 'clients:update', id);
    const clean = validate(customFieldsSchema, patch);
    await this.deps.db.$transaction(async (tx) => {
      const row = await tx.client.findUniqueOrThrow({ where: { id }, select: { customFields: true } });
      const merged: Record<string, unknown> = { ...parseJsonObject(row.customFields), ...clean };
      for (const [k, val] of Object.entries(clean)) if (val === null) delete merged[k];
      if (Object.keys(merged).length > 100) throw new ZariError('validation_failed', 'at most 100 custom fields');
      await tx.client.update({ where: { id }, data: { customFields: JSON.stringify(merged) } });
    });
    return this.read(actor, id);
  }

  /** Sets (or clears) the responsible manager; the previous period is closed in the history. */
  async setResponsible(actor: Actor, id: number, userId: number | null): Promise<ClientDto> {
    await this.responsible.set(actor, id, userId);
    return this.read(actor, id);
  }

  history(actor: Actor, id: number): ReturnType<ResponsibleService['history']> {
    return this.responsible.history(actor, id);
  }
}
