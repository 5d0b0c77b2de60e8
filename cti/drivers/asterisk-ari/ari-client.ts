import WebSocket from 'ws';
import { z } from 'zod';
import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import { mapAriEvent, type AriDialEvent } from './map-ari-event.js';

/**
 * A small typed ARI client: REST with `fetch`, events over one WebSocket (`/ari/events?app=…`).
 * ARI errors become ZariErrors here: 404 → no_such_call, other 4xx/5xx → pbx_rejected, network →
 * pbx_unavailable. It only translates; reconnecting is its owner's job (`close` event).
 */
export interface AriClientOptions {
  /** http://user:secret@host:8088/?app=zari (ZARI_ARI_URL) */
  url: string;
  logger: Logger;
  requestTimeoutMs?: number;
}

export interface AriClientEvents extends Record<string, unknown> {
  event: AriDialEvent;
  open: undefined;
  close: { code: number };
}

const channelResponse = z.object({ id: z.string(), state: z.string().optional() });
const bridgeResponse = z.object({ id: z.string() });

export class AriClient {
  readonly events: Emitter<AriClientEvents>;
  readonly app: string;
  private readonly base: string;
  private readonly auth: string;
  private ws: WebSocket | null = null;

  constructor(private readonly o: AriClientOptions) {
    const u = new URL(o.url);
    this.app = u.searchParams.get('app') ?? 'zari';
    this.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    this.base = `${u.protocol}//${u.host}`;
    this.events = new Emitter<AriClientEvents>((error) => o.logger.warn({ err: String(error) }, 'ari listener failed'));
  }

  /** Opens the event WebSocket; resolves once it is open. */
  async connect(): Promise<void> {
    const wsUrl = `${this.base.replace(/^http/, 'ws')}/ari/events?app=${encodeURIComponent(this.app)}&api_key=${encodeURIComponent(this.auth)}`;
    const ws = new WebSocket(wsUrl);
    this.ws = ws;
    ws.on('message', (data: WebSocket.RawData) => this.onMessage(data));
    ws.on('close', (code: number) => this.events.emit('close', { code }));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (err: Error) => reject(new ZariError('pbx_unavailable', `ARI events: ${err.message}`)));
    });
    this.events.emit('open', undefined);
  }

  private onMessage(data: WebSocket.RawData): void {
    let json: unknown;
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    try { json = JSON.parse(text); } catch { this.o.logger.warn('ari frame is not JSON'); return; }
    const e = mapAriEvent(json);
    if (e) this.events.emit('event', e);
  }

  async close(): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => { ws.once('close', () => resolve()); ws.close(); });
  }

  private async request<S extends z.ZodType>(method: string, path: string, query: Record<string, string>, schema: S | null): Promise<z.infer<S> | null> {
    const qs = new URLSearchParams(query).toString();
    let res: Response;
    try {
      res = await fetch(`${this.base}/ari${path}${qs ? `?${qs}` : ''}`, {
        method, headers: { authorization: `Basic ${Buffer.from(this.auth).toString('base64')}` }, signal: AbortSignal.timeout(this.o.requestTimeoutMs ?? 5000),
      });
    } catch (e) {
      throw new ZariError('pbx_unavailable', `ARI ${method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    if (res.status === 404) throw new ZariError('no_such_call', `ARI ${method} ${path}: not found`, { status: 404, body: text });
    if (!res.ok) throw new ZariError('pbx_rejected', `ARI ${method} ${path}: ${res.status}`, { status: res.status, body: text });
    if (!schema) return null;
    return schema.parse(JSON.parse(text)) as z.infer<S>;
  }

  /** Originates a channel into this Stasis app; the channel carries `channelId`. */
  async originate(req: { endpoint: string; channelId: string; callerId?: string; timeoutSeconds: number; appArgs: string }): Promise<{ id: string }> {
    const q: Record<string, string> = { endpoint: req.endpoint, app: this.app, appArgs: req.appArgs, channelId: req.channelId, timeout: String(req.timeoutSeconds) };
    if (req.callerId) q.callerId = req.callerId;
    return (await this.request('POST', '/channels', q, channelResponse)) as { id: string };
  }

  async hangup(channelId: string, reason = 'normal'): Promise<void> {
    await this.request('DELETE', `/channels/${encodeURIComponent(channelId)}`, { reason }, null);
  }

  async answer(channelId: string): Promise<void> {
    await this.request('POST', `/channels/${encodeURIComponent(channelId)}/answer`, {}, null);
  }

  async play(channelId: string, media: string): Promise<void> {
    await this.request('POST', `/channels/${encodeURIComponent(channelId)}/play`, { media }, null);
  }

  async createBridge(bridgeId: string): Promise<{ id: string }> {
    return (await this.request('POST', '/bridges', { type: 'mixing', bridgeId }, bridgeResponse)) as { id: string };
  }

  async addChannels(bridgeId: string, channels: readonly string[]): Promise<void> {
    await this.request('POST', `/bridges/${encodeURIComponent(bridgeId)}/addChannel`, { channel: channels.join(',') }, null);
  }
}
