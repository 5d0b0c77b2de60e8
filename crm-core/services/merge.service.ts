import type { Prisma } from '../../kernel/index.js';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import type { ClientDto } from '../domain/client.schema.js';
import { idSchema } from '../domain/common.schema.js';
import { assertCan, loadClientScope } from './client-access.js';
import type { CrmDeps, Tx } from './deps.js';
import { parseJsonObject, validate } from './json.js';
import { clientFullInclude, mapClient } from './map-client.js';

export const mergeInputSchema = z.object({ targetId: idSchema, sourceId: idSchema }).refine((v) => v.targetId !== v.sourceId, 'cannot merge a client into itself');

export interface MergeResult {
  client: ClientDto;
  moved: { phones: number; duplicatePhonesDropped: number; contacts: number; deals: number; tasks: number; interactions: number; tags: number };
}

const fillable = ['legalName', 'taxId', 'taxCode2', 'regNumber', 'legalAddress', 'address', 'email', 'website', 'segment', 'notes', 'responsibleUserId'] as const;

/**
 * Merges `source` into `target` in one transaction: phones, contacts, deals, tasks, interactions and
 * tags move to the target; empty target fields are filled from the source; the source stays as a
 * hidden record with mergedIntoId (its responsible history is kept with it).
 */
export class MergeService {
  constructor(private readonly deps: CrmDeps) {}

  async merge(actor: Actor, input: { targetId: number; sourceId: number }): Promise<MergeResult> {
    assertCan(actor, 'clients:merge');
    const { targetId, sourceId } = validate(mergeInputSchema, input);
    const moved = await this.deps.db.$transaction(async (tx) => {
      await loadClientScope(tx, targetId);
      await loadClientScope(tx, sourceId);
      const counts = await this.moveChildren(tx, sourceId, targetId);
      await this.fillFields(tx, actor, sourceId, targetId);
      await tx.client.updateMany({ where: { mergedIntoId: sourceId }, data: { mergedIntoId: targetId } });
      await tx.client.update({ where: { id: sourceId }, data: { mergedIntoId: targetId } });
      await this.deps.audit.record(actor, 'client.merge', 'client', targetId, { sourceId, ...counts }, tx);
      return counts;
    }, { timeout: 30_000 });
    const row = await this.deps.db.client.findUniqueOrThrow({ where: { id: targetId }, include: clientFullInclude });
    return { client: mapClient(actor, row), moved };
  }

  private async moveChildren(tx: Tx, from: number, to: number): Promise<MergeResult['moved']> {
    const targetE164 = new Set((await tx.phoneNumber.findMany({ where: { clientId: to, contactId: null, e164: { not: null } }, select: { e164: true } })).map((p) => p.e164));
    const dupPhones = await tx.phoneNumber.findMany({ where: { clientId: from, contactId: null, e164: { in: [...targetE164].filter((e): e is string => e !== null) } }, select: { id: true } });
    const dropped = await tx.phoneNumber.deleteMany({ where: { id: { in: dupPhones.map((p) => p.id) } } });
    const phones = await tx.phoneNumber.updateMany({ where: { clientId: from }, data: { clientId: to } });
    const contacts = await tx.contactPerson.updateMany({ where: { clientId: from }, data: { clientId: to } });
    const deals = await tx.deal.updateMany({ where: { clientId: from }, data: { clientId: to } });
    const tasks = await tx.task.updateMany({ where: { clientId: from }, data: { clientId: to } });
    const interactions = await tx.interaction.updateMany({ where: { clientId: from }, data: { clientId: to } });
    const have = new Set((await tx.clientTag.findMany({ where: { clientId: to } })).map((t) => t.tag));
    const newTags = (await tx.clientTag.findMany({ where: { clientId: from } })).map((t) => t.tag).filter((t) => !have.has(t));
    if (newTags.length > 0) await tx.clientTag.createMany({ data: newTags.map((tag) => ({ clientId: to, tag })) });
    return {
      phones: phones.count, duplicatePhonesDropped: dropped.count, contacts: contacts.count, deals: deals.count,
      tasks: tasks.count, interactions: interactions.count, tags: newTags.length,
    };
  }

  private async fillFields(tx: Tx, actor: Actor, from: number, to: number): Promise<void> {
    const [s, t] = await Promise.all([tx.client.findUniqueOrThrow({ where: { id: from } }), tx.client.findUniqueOrThrow({ where: { id: to } })]);
    const data: Record<string, string | number> = {};
    for (const f of fillable) {
      const sv = s[f];
      if ((t[f] === null || t[f] === '') && sv !== null) data[f] = sv;
    }
    const custom = { ...parseJsonObject(s.customFields), ...parseJsonObject(t.customFields) };
    const vip = s.vip || t.vip;
    await tx.client.update({ where: { id: to }, data: { ...(data as Prisma.ClientUncheckedUpdateInput), vip, customFields: JSON.stringify(custom) } });
    if (data.responsibleUserId !== undefined) {
      await tx.responsibleHistory.create({ data: { clientId: to, userId: s.responsibleUserId, fromAt: this.deps.clock?.() ?? new Date(), changedById: actor.userId || null } });
    }
  }
}
