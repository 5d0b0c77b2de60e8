import { z } from 'zod';
import {
  can, mustRedact, type Actor, type CallerCard, type CallerIdentificationService, type ClientScope, type IdentifyResult,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { who } from './route-common.js';

export interface IdentifyRoutesDeps {
  readonly identification: Pick<CallerIdentificationService, 'identify'>;
}

/** What a user is shown about a caller: the card after crm-core's access policy. */
export interface IdentifyView extends IdentifyResult {
  /** VIP contact details (contact person, notes) hidden: the actor lacks vip:view */
  redacted: boolean;
  /** not the actor's client (a manager without clients:all): only who the client is and whose it is */
  restricted: boolean;
}

const identifyQuery = z.object({ number: z.string().trim().min(1).max(512) });

/**
 * Applies the access policy to a caller card (crm-core/phone leaves the card complete on purpose):
 * - a manager without clients:all calling up someone else's client gets the client's name and its responsible
 *   manager (to transfer the call) and nothing else (`restricted`);
 * - a VIP client's contact person and notes are hidden without vip:view (`redacted`);
 * - deals are shown only to roles that may read deals, interactions only to those that may read them.
 * Operators and secretaries therefore see who is calling, the responsible manager, open tasks and the last
 * interactions: what they need to answer.
 */
export function applyCardPolicy(actor: Actor, result: IdentifyResult): IdentifyView {
  const card = result.card;
  if (!card) return { ...result, redacted: false, restricted: false };
  const scope: ClientScope = { responsibleUserId: card.responsible?.id ?? null, vip: card.client.vip };
  if (!can(actor, 'clients:read', scope)) {
    const restrictedCard: CallerCard = {
      client: card.client, responsible: card.responsible, contact: null, openDeals: [], openTasks: [], lastInteractions: [], notes: null,
    };
    return { ...result, card: restrictedCard, redacted: false, restricted: true };
  }
  const redacted = mustRedact(actor, scope);
  const shown: CallerCard = {
    ...card,
    contact: redacted ? null : card.contact,
    notes: redacted ? null : card.notes,
    openDeals: can(actor, 'deals:read', scope) ? card.openDeals : [],
    lastInteractions: can(actor, 'interactions:read', scope) ? card.lastInteractions : [],
  };
  return { ...result, card: shown, redacted, restricted: false };
}

/** Caller identification: GET /api/identify?number=… */
export function identifyRoutes({ identification }: IdentifyRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/identify', operationId: 'identifyCaller', tags: ['identify'], access: 'session',
      summary: 'Who is calling: number (any format) → client card, or candidates when several clients share it',
      query: identifyQuery,
      handler: async ({ actor, query }) => applyCardPolicy(who(actor), await identification.identify(query.number)),
    }),
  ];
}
