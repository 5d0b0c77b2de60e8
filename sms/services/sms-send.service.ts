import { z } from 'zod';
import { ZariError, type Db } from '../../kernel/index.js';
import type { Actor, CallerIdentificationService, ClientDto, ClientService } from '../../crm-core/index.js';
import type { SmsMessageDto } from './map-sms.js';
import type { SmsQueueService } from './sms-queue.service.js';
import { renderTemplate, type TemplateContext } from './sms-template.js';

export const sendSmsSchema = z.object({
  to: z.string().trim().min(1).max(40).optional(),
  clientId: z.number().int().positive().optional(),
  text: z.string().min(1).max(255 * 153).optional(),
  template: z.string().min(1).max(5000).optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
}).refine((v) => v.to !== undefined || v.clientId !== undefined, { message: 'give `to` or `clientId`', path: ['to'] })
  .refine((v) => (v.text === undefined) !== (v.template === undefined), { message: 'give exactly one of `text` and `template`', path: ['text'] })
  .refine((v) => v.template === undefined || v.clientId !== undefined, { message: 'a template needs `clientId`', path: ['template'] });
export type SendSmsInput = z.input<typeof sendSmsSchema>;

export interface SmsSendDeps {
  readonly db: Db;
  readonly queue: Pick<SmsQueueService, 'enqueue'>;
  readonly clients: Pick<ClientService, 'get'>;
  readonly identification: Pick<CallerIdentificationService, 'identify'>;
}

const contextOf = (c: ClientDto): TemplateContext => ({
  client: {
    ...Object.fromEntries(Object.entries(c.customFields).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as Record<string, string | number | boolean>,
    name: c.name, legalName: c.legalName, email: c.email, segment: c.segment,
  },
});

/** Sending from the client card (or to a bare number, linked to its client when the number is known). */
export class SmsSendService {
  constructor(private readonly deps: SmsSendDeps) {}

  async send(actor: Actor, input: SendSmsInput): Promise<SmsMessageDto> {
    const v = sendSmsSchema.parse(input);
    const client = v.clientId === undefined ? null : await this.deps.clients.get(actor, v.clientId);
    const to = v.to ?? (client ? await this.phoneOf(client.id) : null);
    if (!to) throw new ZariError('validation_failed', 'the client has no number an SMS can go to', { clientId: v.clientId });
    const clientId = client?.id ?? (await this.deps.identification.identify(to).catch(() => null))?.card?.client.id ?? null;
    const text = v.template !== undefined && client ? renderTemplate(v.template, contextOf(client)) : (v.text ?? '');
    return this.deps.queue.enqueue({
      to, text, clientId, createdById: actor.userId || null, ...(v.idempotencyKey ? { idempotencyKey: v.idempotencyKey } : {}),
    });
  }

  /** A mobile number first, then any parseable one (read here: a VIP's number may be hidden from the actor). */
  private async phoneOf(clientId: number): Promise<string | null> {
    const phones = await this.deps.db.phoneNumber.findMany({ where: { clientId, e164: { not: null } }, orderBy: { id: 'asc' } });
    return (phones.find((p) => p.type === 'mobile') ?? phones[0])?.e164 ?? null;
  }
}
