import { ZariError, forbidden, notFound, type Db } from '../../kernel/index.js';
import type { Actor } from '../../crm-core/index.js';
import { publicIdSchema } from '../domain/recording.js';

/**
 * Who may do what with a recording (ADR 0011). One table; the web edge asks before every play,
 * download, score and legal-hold change, and audits plays and downloads.
 *
 *   play      admin, supervisor: any; the call's own participants (the extension that answered or
 *             talked last, the user the call is logged to); a manager with 'recordings:clients' the
 *             calls of the clients they are responsible for ('clients:all' widens it to every client)
 *   download  admin, supervisor: any; a manager with 'recordings:clients' for their clients
 *   score, legal-hold, usage, review   admin, supervisor
 */
export const recordingOps = ['play', 'download', 'score', 'legal-hold', 'usage', 'review'] as const;
export type RecordingOp = (typeof recordingOps)[number];

/** What the policy needs to know about one recording's call. */
export interface RecordingSubject {
  /** extensions of the call's own participants */
  readonly participants: readonly string[];
  /** the user the call is logged to */
  readonly userId: number | null;
  /** the call's client and its responsible manager */
  readonly clientId: number | null;
  readonly clientResponsibleUserId: number | null;
}

const everything: ReadonlySet<Actor['role']> = new Set(['admin', 'supervisor']);

export function isRecordingAdmin(actor: Actor): boolean {
  return everything.has(actor.role);
}

function managerOfClient(actor: Actor, s: RecordingSubject): boolean {
  if (actor.role !== 'manager' || !actor.grants.includes('recordings:clients')) return false;
  if (s.clientId === null) return false;
  return actor.grants.includes('clients:all') || s.clientResponsibleUserId === actor.userId;
}

function participant(actor: Actor, s: RecordingSubject): boolean {
  return (s.userId !== null && s.userId === actor.userId) || actor.extensions.some((e) => s.participants.includes(e));
}

/** The policy as a pure function (the authorization matrix test enumerates it through HTTP). */
export function mayRecording(actor: Actor, op: RecordingOp, subject: RecordingSubject | null): boolean {
  if (isRecordingAdmin(actor)) return true;
  if (!subject) return false;
  if (op === 'play') return participant(actor, subject) || managerOfClient(actor, subject);
  if (op === 'download') return managerOfClient(actor, subject);
  return false;
}

const extensionLike = /^[0-9A-Za-z*#+-]{1,20}$/;

function participantsOf(call: { answeredBy: string | null; direction: string | null; meta: string }): string[] {
  const out = new Set<string>();
  if (call.answeredBy) out.add(call.answeredBy);
  // the caller of an inbound call is the outside party, not one of ours
  const keys = call.direction === 'inbound' ? ['finalParty'] : ['finalParty', 'from'];
  try {
    const m = JSON.parse(call.meta) as Record<string, unknown>;
    for (const k of keys) {
      const v = m[k];
      if (typeof v === 'string' && extensionLike.test(v) && v.length <= 8) out.add(v);
    }
  } catch {
    // a broken meta adds no one
  }
  return [...out];
}

/** Loads a recording's subject from its call (Interaction) and client, and checks the policy. */
export class RecordingAccessService {
  constructor(private readonly deps: { readonly db: Db }) {}

  async subjectOf(publicId: string): Promise<{ id: number; subject: RecordingSubject }> {
    if (!publicIdSchema.safeParse(publicId).success) throw notFound('recording', publicId);
    const db = this.deps.db;
    const rec = await db.recording.findUnique({ where: { publicId }, select: { id: true, interactionId: true, clientId: true, callKey: true } });
    if (!rec) throw notFound('recording', publicId);
    const call = rec.interactionId !== null
      ? await db.interaction.findUnique({ where: { id: rec.interactionId } })
      : rec.callKey ? await db.interaction.findUnique({ where: { callKey: rec.callKey } }) : null;
    const clientId = rec.clientId ?? call?.clientId ?? null;
    const client = clientId !== null ? await db.client.findUnique({ where: { id: clientId }, select: { responsibleUserId: true } }) : null;
    return {
      id: rec.id,
      subject: {
        participants: call ? participantsOf(call) : [],
        clientId,
        userId: call?.userId ?? null,
        clientResponsibleUserId: client?.responsibleUserId ?? null,
      },
    };
  }

  /** Throws forbidden unless `actor` may do `op` with the recording; returns the row id. */
  async authorize(actor: Actor, op: RecordingOp, publicId: string): Promise<number> {
    const { id, subject } = await this.subjectOf(publicId);
    if (!mayRecording(actor, op, subject)) throw forbidden(`you may not ${op} this recording`);
    return id;
  }

  /** For operations that have no single recording (usage report, review queue). */
  authorizeGlobal(actor: Actor, op: Extract<RecordingOp, 'usage' | 'review'>): void {
    if (!mayRecording(actor, op, null)) throw new ZariError('forbidden', `you may not ${op} recordings`);
  }
}
