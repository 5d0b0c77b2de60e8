import net from 'node:net';
import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import { formatAction, parseAmiUrl, type AmiActionFields, type AmiTarget } from './ami-action.js';
import type { PbxConnectionState } from '../../ports/pbx-driver.port.js';
import type { AmiFrame } from './ami-frame.js';
import { AmiFrameParser } from './ami-frame-parser.js';
import type { AmiFrameSkip } from './ami-event-filter.js';
import { AmiPendingActions, rejection, type AmiListResult } from './ami-pending.js';

export type { AmiListResult } from './ami-pending.js';

/**
 * One supervised AMI TCP session.
 *
 *   connecting ──banner, Login ok──▶ connected ──socket closed / Ping unanswered──▶ disconnected
 *       ▲   └──Login refused──▶ auth_failed ──after authFailedRetryMs (default 60 s; null = never)──┐
 *       └───────────── after backoff: min(maxMs, baseMs·2^attempt) · (0.5…1.0 jitter) ◀────────────┘
 *   stop() from any state ──▶ stopped
 *
 * - Login uses `Events: on`; the secret is never logged.
 * - `action()` resolves with the Response frame; `list()` with the response and the list items
 *   (events carrying the ActionID) up to `EventList: Complete`. `Response: Error` rejects with
 *   ZariError('pbx_rejected', <Message>); not connected or connection lost: 'pbx_unavailable'.
 * - Frames not answering an action in flight are emitted as `frame`, in wire order.
 * - Keep-alive: `Ping` every keepAliveMs; no answer within keepAliveTimeoutMs → socket destroyed,
 *   reconnect.
 */
/** the port's connection states, value for value */
export type AmiConnectionState = PbxConnectionState;

export interface AmiBackoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** delay before trying again after a refused login; null: give up (state stays auth_failed) */
  readonly authFailedRetryMs: number | null;
}

export interface AmiConnectionOptions {
  readonly url: string;
  readonly logger: Logger;
  readonly keepAliveMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly actionTimeoutMs?: number;
  /** time allowed from TCP connect to a login answer */
  readonly loginTimeoutMs?: number;
  readonly backoff?: Partial<AmiBackoff>;
  readonly random?: () => number;
  /** events to drop before decoding (the driver passes what its mapper does not use) */
  readonly skip?: AmiFrameSkip;
}

export interface AmiConnectionEvents extends Record<string, unknown> {
  frame: AmiFrame;
  state: { readonly state: AmiConnectionState; readonly error: string | null };
  /** logged in; `session` counts successful logins from 1 */
  ready: { readonly session: number };
}

export const defaultBackoff: AmiBackoff = { baseMs: 500, maxMs: 30_000, authFailedRetryMs: 60_000 };

export class AmiConnection {
  readonly events: Emitter<AmiConnectionEvents>;
  /** TCP connection attempts so far */
  attempts = 0;
  /** successful logins so far */
  sessions = 0;
  private readonly target: AmiTarget;
  private readonly log: Logger;
  private readonly backoff: AmiBackoff;
  private readonly pending = new AmiPendingActions();
  private stateValue: AmiConnectionState = 'disconnected';
  private lastErrorValue: string | null = null;
  private socket: net.Socket | null = null;
  private loggedIn = false;
  private authFailed = false;
  private stopped = true;
  private failures = 0;
  private seq = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private loginTimer: NodeJS.Timeout | null = null;
  private loginId: string | null = null;

  constructor(private readonly options: AmiConnectionOptions) {
    this.target = parseAmiUrl(options.url);
    this.log = options.logger;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.events = new Emitter<AmiConnectionEvents>((error, event) => {
      this.log.error({ err: error, event }, 'ami listener failed');
    });
  }

  get state(): AmiConnectionState {
    return this.stateValue;
  }

  get lastError(): string | null {
    return this.lastErrorValue;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    if (socket !== null) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (this.loggedIn) socket.end(formatAction('Logoff', this.nextId()));
      else socket.destroy();
      const force = setTimeout(() => socket.destroy(), 1000);
      await closed;
      clearTimeout(force);
    }
    this.setState('stopped', this.lastErrorValue);
  }

  /** Destroy the current socket (e.g. a failed resync); the usual reconnect follows. */
  drop(reason: string): void {
    if (this.socket === null) return;
    this.lastErrorValue = reason;
    this.socket.destroy();
  }

  /** Send an action; resolves with its Response frame. */
  async action(name: string, fields: AmiActionFields = {}, timeoutMs?: number): Promise<AmiFrame> {
    const result = await this.send(name, fields, { list: false, timeoutMs: timeoutMs ?? this.actionTimeout() });
    return result.response;
  }

  /** Send a list action; `onItem` sees every item as it arrives (wire order with other events). */
  list(name: string, fields: AmiActionFields = {}, opts: { timeoutMs?: number; onItem?: (f: AmiFrame) => void } = {}): Promise<AmiListResult> {
    return this.send(name, fields, {
      list: true,
      timeoutMs: opts.timeoutMs ?? this.actionTimeout(),
      ...(opts.onItem !== undefined ? { onItem: opts.onItem } : {}),
    });
  }

  private actionTimeout(): number {
    return this.options.actionTimeoutMs ?? 10_000;
  }

  private send(name: string, fields: AmiActionFields, opts: { list: boolean; timeoutMs: number; onItem?: (f: AmiFrame) => void }): Promise<AmiListResult> {
    const socket = this.socket;
    if (socket === null || !this.loggedIn) {
      return Promise.reject(new ZariError('pbx_unavailable', 'AMI not connected', { action: name, state: this.stateValue }));
    }
    const id = this.nextId();
    const bytes = formatAction(name, id, fields);
    const done = this.pending.track(id, name, opts);
    socket.write(bytes);
    return done;
  }

  private nextId(): string {
    this.seq++;
    return `zari-${this.sessions}-${this.seq}`;
  }

  private connect(): void {
    this.attempts++;
    this.setState('connecting', this.lastErrorValue);
    const parser = new AmiFrameParser({ onBanner: (banner) => this.onBanner(socket, banner), ...(this.options.skip ? { skip: this.options.skip } : {}) });
    const socket = net.connect({ host: this.target.host, port: this.target.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of parser.push(chunk)) {
        if (socket !== this.socket) return;
        this.route(socket, frame);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.lastErrorValue = error.code ?? error.message;
    });
    socket.on('close', () => this.onClose(socket, parser));
    this.loginTimer = setTimeout(() => {
      this.lastErrorValue = 'login timed out';
      socket.destroy();
    }, this.options.loginTimeoutMs ?? 10_000);
  }

  private onBanner(socket: net.Socket, banner: string): void {
    this.log.debug({ banner }, 'ami banner');
    this.loginId = `zari-login-${this.attempts}`;
    const fields = { Username: this.target.username, Secret: this.target.secret, Events: 'on' };
    socket.write(formatAction('Login', this.loginId, fields));
  }

  /** Handled synchronously: Asterisk closes the socket right after a refusal, the close must see it. */
  private onLoginResponse(socket: net.Socket, frame: AmiFrame): void {
    this.loginId = null;
    if (this.loginTimer !== null) clearTimeout(this.loginTimer);
    this.loginTimer = null;
    if (frame.fields['Response']?.toLowerCase() !== 'success') {
      const reason = rejection(frame, 'Login').message;
      this.authFailed = true;
      this.lastErrorValue = reason;
      this.log.error({ host: this.target.host, port: this.target.port, username: this.target.username, reason }, 'ami login refused');
      socket.destroy();
      return;
    }
    this.loggedIn = true;
    this.authFailed = false;
    this.failures = 0;
    this.sessions++;
    this.lastErrorValue = null;
    this.log.info({ host: this.target.host, port: this.target.port, session: this.sessions }, 'ami logged in');
    this.setState('connected', null);
    this.startKeepAlive(socket);
    this.events.emit('ready', { session: this.sessions });
  }

  private route(socket: net.Socket, frame: AmiFrame): void {
    const id = frame.fields['ActionID'];
    if (id !== undefined) {
      if (id === this.loginId && frame.fields['Response'] !== undefined) return this.onLoginResponse(socket, frame);
      if (this.pending.route(id, frame)) return;
    }
    if (frame.fields['Response'] !== undefined) {
      this.log.debug({ actionId: id ?? null }, 'ami response without a waiting action');
      return;
    }
    this.events.emit('frame', frame);
  }

  private startKeepAlive(socket: net.Socket): void {
    const every = this.options.keepAliveMs ?? 15_000;
    const timeoutMs = this.options.keepAliveTimeoutMs ?? Math.max(1000, Math.min(every, 10_000));
    let inFlight = false;
    this.pingTimer = setInterval(() => {
      if (inFlight || socket !== this.socket) return;
      inFlight = true;
      this.action('Ping', {}, timeoutMs)
        .catch((error: unknown) => {
          if (socket !== this.socket || socket.destroyed) return;
          this.lastErrorValue = 'keep-alive timeout';
          this.log.warn({ timeoutMs, reason: error instanceof Error ? error.message : String(error) }, 'ami keep-alive failed');
          socket.destroy();
        })
        .finally(() => {
          inFlight = false;
        });
    }, every);
  }

  private onClose(socket: net.Socket, parser: AmiFrameParser): void {
    if (socket !== this.socket) return;
    this.socket = null;
    const wasLoggedIn = this.loggedIn;
    this.loggedIn = false;
    this.clearTimers();
    this.pending.failAll('AMI connection lost');
    const { malformedLines, oversizedFrames } = parser.stats;
    if (malformedLines + oversizedFrames > 0) this.log.warn({ malformedLines, oversizedFrames }, 'ami stream had malformed input');
    if (this.stopped) return;
    if (this.authFailed) {
      this.setState('auth_failed', this.lastErrorValue);
      const retry = this.backoff.authFailedRetryMs;
      if (retry !== null) this.retryTimer = setTimeout(() => this.connect(), retry);
      return;
    }
    if (wasLoggedIn) this.log.warn({ reason: this.lastErrorValue }, 'ami connection lost');
    this.setState('disconnected', this.lastErrorValue ?? 'connection closed');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const { baseMs, maxMs } = this.backoff;
    const cap = Math.min(maxMs, baseMs * 2 ** Math.min(this.failures, 30));
    const delay = Math.round(cap * (0.5 + 0.5 * (this.options.random ?? Math.random)()));
    this.failures++;
    this.log.info({ delayMs: delay, attempt: this.failures }, 'ami reconnect scheduled');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private clearTimers(): void {
    for (const t of [this.retryTimer, this.loginTimer]) if (t !== null) clearTimeout(t);
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.loginTimer = null;
    this.pingTimer = null;
  }

  private setState(state: AmiConnectionState, error: string | null): void {
    if (state === this.stateValue && error === this.lastErrorValue) return;
    this.stateValue = state;
    this.lastErrorValue = error;
    this.events.emit('state', { state, error });
  }
}
