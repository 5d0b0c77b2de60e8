import type { DeviceState } from '../../cti/index.js';
import type { Logger } from '../../kernel/index.js';
import type { ExtensionStateView } from './realtime-events.js';
import type { RealtimeNotifier } from './realtime-notifier.port.js';

export interface ExtensionLampsDeps {
  readonly notifier: RealtimeNotifier;
  /** who answers an extension (cached here for `cacheMs`) */
  readonly userOf: (extension: string) => Promise<{ id: number; name: string } | null>;
  readonly logger: Logger;
  /** changes are pushed at most once per window (leading and trailing edge); default 250 ms */
  readonly windowMs?: number;
  /** a window with more changes than this goes out as one `extension.states` batch; default 5 */
  readonly batchOver?: number;
  /** after a batch (a busy system), the next window is this long; default 1000 ms */
  readonly busyWindowMs?: number;
  readonly cacheMs?: number;
}

/**
 * Busy lamps for every socket (room `all`). A quiet office gets each change at once as `extension.state`;
 * under load (a call center: hundreds of changes a second, thousands of sockets) the changes of one window
 * are coalesced (latest state per extension) and sent as one `extension.states` batch, so the fan-out is
 * sockets × windows per second instead of sockets × changes per second; while busy, a window lasts 1 s.
 */
export class ExtensionLamps {
  private readonly pending = new Map<string, DeviceState>();
  /** the last state pushed per extension: a window whose changes cancel out (ringing → idle) sends nothing */
  private readonly sent = new Map<string, DeviceState>();
  private readonly users = new Map<string, { user: { id: number; name: string } | null; at: number }>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private busy = false;

  constructor(private readonly deps: ExtensionLampsDeps) {}

  changed(extension: string, state: DeviceState): void {
    this.pending.set(extension, state);
    if (this.timer || this.stopped) return;
    this.flush();
    this.openWindow();
  }

  /** the user of an extension from the cache (null when unknown or not looked up yet) */
  cachedUser(extension: string): { id: number; name: string } | null {
    return this.users.get(extension)?.user ?? null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private windowEnd(): void {
    this.timer = null;
    if (this.pending.size === 0 || this.stopped) {
      this.busy = false;
      return;
    }
    this.flush();
    this.openWindow();
  }

  private openWindow(): void {
    this.timer = setTimeout(() => this.windowEnd(), this.busy ? (this.deps.busyWindowMs ?? 1000) : (this.deps.windowMs ?? 250));
    this.timer.unref();
  }

  private flush(): void {
    const changes = [...this.pending].filter(([extension, state]) => this.sent.get(extension) !== state);
    this.pending.clear();
    for (const [extension, state] of changes) this.sent.set(extension, state);
    this.busy = changes.length > (this.deps.batchOver ?? 5);
    if (!(this.deps.notifier.listening?.('all') ?? true)) return;
    this.views(changes).then((views) => {
      if (this.stopped) return;
      // a batch goes to thousands of sockets: the compact form, states only (browsers know the users)
      if (views.length > (this.deps.batchOver ?? 5)) this.deps.notifier.emit('all', 'extension.states', { states: Object.fromEntries(views.map((v) => [v.extension, v.state])) });
      else for (const v of views) this.deps.notifier.emit('all', 'extension.state', v);
    }, (err: unknown) => this.deps.logger.warn({ err }, 'extension state push failed'));
  }

  private async views(changes: [string, DeviceState][]): Promise<ExtensionStateView[]> {
    const now = Date.now();
    return Promise.all(changes.map(async ([extension, state]) => {
      let cached = this.users.get(extension);
      if (!cached || now - cached.at > (this.deps.cacheMs ?? 30_000)) {
        cached = { user: await this.deps.userOf(extension), at: now };
        this.users.set(extension, cached);
      }
      return { extension, state, user: cached.user };
    }));
  }
}
