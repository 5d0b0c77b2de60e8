import { ZariError, notFound } from '../../kernel/index.js';
import type { Actor } from '../domain/actor.js';
import type { PhoneDto } from '../domain/client.schema.js';
import { phoneAddSchema, type PhoneAddInput } from '../domain/contact.schema.js';
import { guardClient } from './client-access.js';
import type { CrmDeps } from './deps.js';
import { validate } from './json.js';
import { mapPhone } from './map-client.js';
import { toPhoneRow } from './phone-match.js';

/** Phone numbers of clients and contact persons: raw text kept, E.164 and reversed NSN derived. */
export class PhoneService {
  constructor(private readonly deps: CrmDeps) {}

  async add(actor: Actor, input: PhoneAddInput): Promise<PhoneDto> {
    const v = validate(phoneAddSchema, input);
    await guardClient(this.deps.db, actor, 'phones:write', v.clientId);
    const contactId = v.contactId ?? null;
    if (contactId !== null) {
      const contact = await this.deps.db.contactPerson.findUnique({ where: { id: contactId }, select: { clientId: true } });
      if (contact?.clientId !== v.clientId) throw new ZariError('validation_failed', 'contact does not belong to the client', { field: 'contactId' });
    }
    const row = toPhoneRow(this.deps.phones, v);
    const dup = row.e164 !== null
      ? await this.deps.db.phoneNumber.findFirst({ where: { clientId: v.clientId, contactId, e164: row.e164 } })
      : null;
    if (dup) throw new ZariError('already_exists', `phone ${row.e164 ?? row.raw} already on this client`, { phoneId: dup.id });
    const created = await this.deps.db.$transaction(async (tx) => {
      const p = await tx.phoneNumber.create({ data: { ...row, clientId: v.clientId, contactId } });
      await this.deps.audit.record(actor, 'phone.add', 'client', v.clientId, { phoneId: p.id, e164: p.e164 }, tx);
      return p;
    });
    return mapPhone(created);
  }

  async remove(actor: Actor, phoneId: number): Promise<void> {
    const p = await this.deps.db.phoneNumber.findUnique({ where: { id: phoneId } });
    if (!p) throw notFound('phone', phoneId);
    await guardClient(this.deps.db, actor, 'phones:delete', p.clientId);
    await this.deps.db.$transaction(async (tx) => {
      await tx.phoneNumber.delete({ where: { id: phoneId } });
      await this.deps.audit.record(actor, 'phone.remove', 'client', p.clientId, { phoneId, e164: p.e164, raw: p.raw }, tx);
    });
  }
}
