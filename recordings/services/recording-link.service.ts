import path from 'node:path';
import type { Db, Logger } from '../../kernel/index.js';
import type { RecordingLink } from '../domain/recording.js';

/**
 * Links recordings to their call (Interaction), and so to the client: the recording row gets the
 * interaction and client ids, the interaction gets `recordingId` = the recording's publicId (its first
 * recording; later ones of the same call are found by callKey). The call log may store the call a moment
 * after the recording is ingested (or the other way round): linking is idempotent and retried.
 */
export class RecordingLinkService {
  private readonly log: Logger;

  constructor(private readonly deps: { readonly db: Db; readonly logger: Logger; readonly pbx?: string }) {
    this.log = deps.logger.child({ ctx: 'recordings.link' });
  }

  /** Links one recording by its callKey; false while the call is not logged yet. */
  async link(publicId: string): Promise<boolean> {
    const db = this.deps.db;
    const rec = await db.recording.findUnique({ where: { publicId }, select: { id: true, callKey: true, interactionId: true, clientId: true } });
    if (!rec?.callKey) return false;
    const call = await db.interaction.findUnique({ where: { callKey: rec.callKey }, select: { id: true, clientId: true, recordingId: true } });
    if (!call) return false;
    if (rec.interactionId !== call.id || (rec.clientId === null && call.clientId !== null)) {
      await db.recording.update({ where: { id: rec.id }, data: { interactionId: call.id, clientId: rec.clientId ?? call.clientId } });
    }
    if (call.recordingId === null) {
      await db.interaction.updateMany({ where: { id: call.id, recordingId: null }, data: { recordingId: publicId } });
    }
    this.log.debug({ recording: publicId, interactionId: call.id }, 'recording linked to its call');
    return true;
  }

  /** Retries `link` until the call log has stored the call (or gives up; `linkPending` catches up later). */
  async linkWhenLogged(publicId: string, attempts = 20, waitMs = 250, stop: () => boolean = () => false): Promise<boolean> {
    for (let i = 0; i < attempts && !stop(); i += 1) {
      if (await this.link(publicId)) return true;
      await new Promise((r) => setTimeout(r, waitMs).unref());
    }
    return false;
  }

  /**
   * The latest committed recordings whose call is logged but not linked yet (no interaction id, or the
   * interaction has no recordingId): links them. Run after the backlog scan and with the retention job.
   */
  async linkPending(limit = 500): Promise<number> {
    const db = this.deps.db;
    const rows = await db.recording.findMany({
      where: { state: 'committed', callKey: { not: null } }, select: { publicId: true, callKey: true, interactionId: true }, take: limit, orderBy: { id: 'desc' },
    });
    const keys = rows.map((r) => r.callKey).filter((k): k is string => k !== null);
    const open = new Set((await db.interaction.findMany({ where: { callKey: { in: keys }, recordingId: null }, select: { callKey: true } })).map((i) => i.callKey));
    let linked = 0;
    for (const r of rows.reverse()) {
      if (r.interactionId === null || open.has(r.callKey)) linked += Number(await this.link(r.publicId));
    }
    if (linked) this.log.info({ linked }, 'recordings linked to their calls');
    return linked;
  }

  /**
   * A backlog file with no row yet → its call: the call whose PBX-announced recordings name this file
   * (Interaction.meta.recordings), else Asterisk's `${UNIQUEID}.wav` convention (callKey `<pbx>:<uniqueid>`).
   */
  async resolveLink(relPath: string): Promise<RecordingLink | null> {
    const name = path.posix.basename(relPath);
    const db = this.deps.db;
    const byName = await db.interaction.findFirst({ where: { kind: 'call', meta: { contains: `/${name}"` } }, select: { id: true, callKey: true, clientId: true } })
      ?? await db.interaction.findFirst({ where: { kind: 'call', meta: { contains: `"${name}"` } }, select: { id: true, callKey: true, clientId: true } });
    if (byName) return { callKey: byName.callKey, interactionId: byName.id, clientId: byName.clientId };
    const stem = name.replace(/\.wav$/i, '');
    const callKey = `${this.deps.pbx ?? 'asterisk'}:${stem}`;
    const byKey = await db.interaction.findUnique({ where: { callKey }, select: { id: true, clientId: true } });
    return byKey ? { callKey, interactionId: byKey.id, clientId: byKey.clientId } : null;
  }
}
