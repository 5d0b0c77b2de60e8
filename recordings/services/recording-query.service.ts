import type { Readable } from 'node:stream';
import { ZariError, notFound } from '../../kernel/index.js';
import { publicIdSchema, type RecordingView } from '../domain/recording.js';
import { mp3Args, spawnFfmpegPipe } from '../media/ffmpeg.js';
import type { ByteRange, OpenedObject } from '../ports/recording-store.port.js';
import { toView, type RecordingRow } from './map-recording.js';
import type { RecordingDeps } from './recording-deps.js';

type QueryDeps = Pick<RecordingDeps, 'db' | 'store' | 'ffmpegPath'>;

/**
 * Reading recordings by their public id. This service does NOT check access: the caller (web edge)
 * must authorise the user for the recording's call/client and audit the play or download first.
 */
export class RecordingQueryService {
  constructor(private readonly deps: QueryDeps) {}

  async get(publicId: string): Promise<RecordingView> {
    return toView(await this.row(publicId));
  }

  async listByCall(callKey: string): Promise<RecordingView[]> {
    const rows = await this.deps.db.recording.findMany({ where: { callKey }, orderBy: { id: 'asc' } });
    return rows.map(toView);
  }

  /** Size and media type of the stored audio (for HTTP Range answers) without opening it. */
  async audioInfo(publicId: string): Promise<{ sizeBytes: number; contentType: string }> {
    const row = await this.row(publicId);
    if (row.state !== 'committed' || !row.storageKey || row.audioDeletedAt) throw notFound('recording audio', publicId);
    const st = await this.deps.store.stat(row.storageKey);
    if (!st) throw notFound('recording audio', publicId);
    return { sizeBytes: st.sizeBytes, contentType: row.container === 'wav' ? 'audio/wav' : row.container === 'ogg' ? 'audio/ogg' : 'application/octet-stream' };
  }

  /** The stored audio, optionally a byte range (HTTP Range). */
  async openAudio(publicId: string, range?: ByteRange): Promise<OpenedObject> {
    const row = await this.row(publicId);
    if (row.state !== 'committed' || !row.storageKey || row.audioDeletedAt) throw notFound('recording audio', publicId);
    return this.deps.store.open(row.storageKey, range);
  }

  /** An MP3 copy for download, transcoded on the fly from the stored audio. */
  async exportMp3(publicId: string): Promise<Readable> {
    const ffmpeg = this.deps.ffmpegPath;
    if (!ffmpeg) throw new ZariError('capability_missing', 'MP3 export needs ffmpeg (set FFMPEG_PATH)');
    const audio = await this.openAudio(publicId);
    const child = spawnFfmpegPipe(ffmpeg, mp3Args());
    audio.stream.pipe(child.stdin);
    child.stdin.on('error', () => audio.stream.destroy());
    return child.stdout;
  }

  private async row(publicId: string): Promise<RecordingRow> {
    if (!publicIdSchema.safeParse(publicId).success) throw notFound('recording', publicId);
    const row = await this.deps.db.recording.findUnique({ where: { publicId } });
    if (!row) throw notFound('recording', publicId);
    return row;
  }
}
