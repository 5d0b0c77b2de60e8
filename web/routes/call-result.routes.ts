import { z } from 'zod';
import type { Actor, DealService, InteractionService, TaskService } from '../../crm-core/index.js';
import { dateSchema } from '../../crm-core/index.js';
import { forbidden } from '../../kernel/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { who } from './route-common.js';

/** What the call log stored about a PBX call (absent until the call log has written it). */
export interface LoggedCall {
  readonly clientId: number | null;
  readonly answeredBy: string | null;
  readonly rang: readonly string[];
}

export interface CallResultRoutesDeps {
  readonly interactions: Pick<InteractionService, 'create'>;
  readonly tasks: Pick<TaskService, 'create'>;
  readonly deals: Pick<DealService, 'move'>;
  /** the call log row of "<pbx>:<callId>" */
  readonly findCall: (callKey: string) => Promise<LoggedCall | null>;
  /** the tracker's pbx name ("asterisk", "demo"): call keys are "<pbx>:<linkedid>" */
  readonly pbx: string;
}

export const callResultOutcomes = ['resolved', 'follow-up', 'not-interested', 'wrong-number', 'no-answer', 'other'] as const;

export const callResultSchema = z.object({
  outcome: z.enum(callResultOutcomes),
  note: z.string().trim().min(1).max(20000).optional(),
  /** the client when the call log has none (e.g. a client created from the pop's "new client" form) */
  clientId: z.number().int().positive().optional(),
  nextTask: z.object({ title: z.string().trim().min(1).max(300), dueAt: dateSchema }).optional(),
  dealStage: z.object({ dealId: z.number().int().positive(), stageId: z.number().int().positive() }).optional(),
});
export type CallResultInput = z.infer<typeof callResultSchema>;

const callParams = z.object({ callId: z.string().regex(/^[\w.-]{1,128}$/, 'expected a PBX call id') });

const supervising = new Set<Actor['role']>(['admin', 'supervisor']);

/** The result form saves only a call the user took part in (supervisors: any call). */
function assertParticipant(actor: Actor, call: LoggedCall | null): void {
  if (supervising.has(actor.role) || call === null) return;
  const parties = new Set([call.answeredBy, ...call.rang]);
  if (!actor.extensions.some((e) => parties.has(e))) throw forbidden('not a participant of this call');
}

async function saveResult(deps: CallResultRoutesDeps, actor: Actor, callId: string, input: CallResultInput) {
  const callKey = `${deps.pbx}:${callId}`;
  const call = await deps.findCall(callKey);
  assertParticipant(actor, call);
  const clientId = input.clientId ?? call?.clientId ?? null;
  // not one transaction: the part most likely refused and safe to repeat (the deal's stage) goes first,
  // the note last, so a refused form is fixed and sent again without leaving a note or task behind twice
  const deal = input.dealStage ? await deps.deals.move(actor, input.dealStage.dealId, input.dealStage.stageId) : null;
  const task = input.nextTask
    ? await deps.tasks.create(actor, {
      title: input.nextTask.title, dueAt: input.nextTask.dueAt, clientId, callKey, assigneeId: actor.userId || null,
      ...(input.dealStage ? { dealId: input.dealStage.dealId } : {}),
    })
    : null;
  const note = await deps.interactions.create(actor, {
    kind: 'note', clientId, userId: actor.userId || null, subject: `Call result: ${input.outcome}`,
    body: input.note ?? input.outcome, meta: { callKey, outcome: input.outcome },
  });
  return { callKey, note, task, deal };
}

/**
 * POST /api/calls/:callId/result — the after-call result form in one request (the "two clicks" path):
 * a note on the client's timeline, optionally the next task and a deal's new stage, each through crm-core
 * (its access rules apply). Not one transaction: each part is saved by its own service, the deal's stage
 * first and the note last (a refused deal leaves nothing behind).
 */
export function callResultRoutes(deps: CallResultRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post', path: '/api/calls/:callId/result', operationId: 'saveCallResult', tags: ['calls'], access: 'session', status: 201,
      summary: 'Save the after-call result: outcome and note, optional next task and deal stage',
      params: callParams, body: callResultSchema,
      handler: ({ actor, params, body }) => saveResult(deps, who(actor), params.callId, body),
    }),
  ];
}

