import { notFound } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import type { ContactDto } from '../domain/client.schema.js';
import { contactCreateSchema, contactUpdateSchema, type ContactCreateInput, type ContactUpdateInput } from '../domain/contact.schema.js';
import { toSearchName } from '../domain/search-name.js';
import { mustRedact } from './access-policy.js';
import { guardClient, type LoadedClientScope } from './client-access.js';
import type { CrmDeps } from './deps.js';
import { defined, validate } from './json.js';
import { mapContact } from './map-client.js';
import { toPhoneRow } from './phone-match.js';

/** Contact persons of a client (with their own phones). */
export class ContactService {
  constructor(private readonly deps: CrmDeps) {}

  async create(actor: Actor, input: ContactCreateInput): Promise<ContactDto> {
    const v = validate(contactCreateSchema, input);
    const scope = await guardClient(this.deps.db, actor, 'contacts:write', v.clientId);
    const phoneRows = v.phones.map((p) => ({ ...toPhoneRow(this.deps.phones, p), clientId: v.clientId }));
    const id = await this.deps.db.$transaction(async (tx) => {
      const { phones: _p, ...fields } = v;
      const c = await tx.contactPerson.create({ data: { ...defined(fields), clientId: v.clientId, name: v.name, searchName: toSearchName(v.name), phones: { create: phoneRows } } });
      await this.deps.audit.record(actor, 'contact.create', 'contact', c.id, { clientId: v.clientId }, tx);
      return c.id;
    });
    return this.read(actor, id, scope);
  }

  private async read(actor: Actor, id: number, scope: LoadedClientScope): Promise<ContactDto> {
    const row = await this.deps.db.contactPerson.findUniqueOrThrow({ where: { id }, include: { phones: { orderBy: { id: 'asc' } } } });
    return mapContact(row, mustRedact(actor, scope));
  }

  private async scopeOfContact(actor: Actor, id: number, action: 'clients:read' | 'contacts:write' | 'contacts:delete'): Promise<LoadedClientScope> {
    const c = await this.deps.db.contactPerson.findUnique({ where: { id }, select: { clientId: true } });
    if (!c) throw notFound('contact', id);
    return guardClient(this.deps.db, actor, action, c.clientId);
  }

  async get(actor: Actor, id: number): Promise<ContactDto> {
    const scope = await this.scopeOfContact(actor, id, 'clients:read');
    return this.read(actor, id, scope);
  }

  async listByClient(actor: Actor, clientId: number): Promise<ContactDto[]> {
    const scope = await guardClient(this.deps.db, actor, 'clients:read', clientId);
    const rows = await this.deps.db.contactPerson.findMany({ where: { clientId }, orderBy: { id: 'asc' }, include: { phones: { orderBy: { id: 'asc' } } } });
    const redact = mustRedact(actor, scope);
    return rows.map((r) => mapContact(r, redact));
  }

  async update(actor: Actor, id: number, input: ContactUpdateInput): Promise<ContactDto> {
    const scope = await this.scopeOfContact(actor, id, 'contacts:write');
    const v = validate(contactUpdateSchema, input);
    await this.deps.db.$transaction(async (tx) => {
      await tx.contactPerson.update({ where: { id }, data: { ...defined(v), ...(v.name !== undefined ? { searchName: toSearchName(v.name) } : {}) } });
      await this.deps.audit.record(actor, 'contact.update', 'contact', id, { fields: Object.keys(v) }, tx);
    });
    return this.read(actor, id, scope);
  }

  /** Deletes a contact person together with its phones. */
  async delete(actor: Actor, id: number): Promise<void> {
    await this.scopeOfContact(actor, id, 'contacts:delete');
    await this.deps.db.$transaction(async (tx) => {
      await tx.phoneNumber.deleteMany({ where: { contactId: id } });
      await tx.contactPerson.delete({ where: { id } });
      await this.deps.audit.record(actor, 'contact.delete', 'contact', id, {}, tx);
    });
  }
}
