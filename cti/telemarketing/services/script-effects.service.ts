import { ZariError } from '../../../kernel/index.js';
import { customFieldsSchema, type Actor, type ClientService, type DealService, type TaskService } from '../../../crm-core/index.js';
import type { AnswerValue, RunnerAction } from '../domain/script-runner.js';
import { substitute, type SubstitutionVars } from '../domain/substitute.js';

/** Client fields a script may set besides `custom:<key>` custom fields. */
export const scriptSettableFields = ['segment', 'notes', 'email', 'website', 'address', 'legalName'] as const;
type SettableField = (typeof scriptSettableFields)[number];

export interface ScriptEffectsDeps {
  readonly clients: ClientService;
  readonly deals: DealService;
  readonly tasks: TaskService;
  readonly clock?: () => Date;
}

export type AppliedEffect =
  | { type: 'deal'; dealId: number }
  | { type: 'task'; taskId: number }
  | { type: 'client_field'; field: string; value: string }
  | { type: 'skipped'; reason: string };

/**
 * Applies what a script run asked for, through the CRM services (so their access rules and audit
 * apply to `actor`): answer effects (create a deal, a task, set a client field) and set_field steps.
 * Callbacks are not handled here: they are the disposition's job (DialingService.complete).
 */
export class ScriptEffectsService {
  constructor(private readonly deps: ScriptEffectsDeps) {}

  async apply(actor: Actor, target: { clientId: number | null; phone: string | null }, actions: readonly RunnerAction[], vars: SubstitutionVars): Promise<AppliedEffect[]> {
    const out: AppliedEffect[] = [];
    for (const a of actions) {
      if (a.type === 'set_field') out.push(await this.setField(actor, target.clientId, a.field, a.value));
      else if (a.type === 'effect') out.push(await this.effect(actor, target, a.effect, a.value, vars));
    }
    return out;
  }

  private async effect(actor: Actor, target: { clientId: number | null; phone: string | null }, e: Extract<RunnerAction, { type: 'effect' }>['effect'], value: AnswerValue, vars: SubstitutionVars): Promise<AppliedEffect> {
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    switch (e.type) {
      case 'create_deal': {
        if (target.clientId === null) return { type: 'skipped', reason: 'no client to attach a deal to' };
        const d = await this.deps.deals.create(actor, { clientId: target.clientId, title: substitute(e.title, vars), ...(e.amount ? { amount: e.amount } : {}) });
        return { type: 'deal', dealId: d.id };
      }
      case 'create_task': {
        const now = this.deps.clock ? this.deps.clock() : new Date();
        const t = await this.deps.tasks.create(actor, {
          title: substitute(e.title, vars), clientId: target.clientId, assigneeId: actor.userId || null,
          dueAt: new Date(now.getTime() + e.dueInMinutes * 60_000), ...(target.phone ? { phone: target.phone } : {}),
        });
        return { type: 'task', taskId: t.id };
      }
      case 'set_client_field': return this.setField(actor, target.clientId, e.field, e.value ?? text);
    }
  }

  private async setField(actor: Actor, clientId: number | null, field: string, value: string): Promise<AppliedEffect> {
    if (clientId === null) return { type: 'skipped', reason: `no client to set ${field} on` };
    if (field.startsWith('custom:')) {
      const key = field.slice('custom:'.length);
      const c = await this.deps.clients.get(actor, clientId);
      const current = customFieldsSchema.safeParse(c.customFields);
      await this.deps.clients.update(actor, clientId, { customFields: { ...(current.success ? current.data : {}), [key]: value } });
    } else if ((scriptSettableFields as readonly string[]).includes(field)) {
      await this.deps.clients.update(actor, clientId, { [field as SettableField]: value === '' ? null : value });
    } else {
      throw new ZariError('validation_failed', `a script may not set client field "${field}"`, { field });
    }
    return { type: 'client_field', field, value };
  }
}
