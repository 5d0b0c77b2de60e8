import { ZariError } from '../../../kernel/index.js';
import type { AmiFrame } from './ami-frame.js';

/**
 * ActionID correlation. One entry per action in flight. A plain action settles on its `Response`;
 * a list action (`Response: Success` + `EventList: start`) collects the events that carry its
 * ActionID until the one with `EventList: Complete`. `Response: Error` rejects with pbx_rejected.
 */
export interface AmiListResult {
  readonly response: AmiFrame;
  readonly items: readonly AmiFrame[];
  readonly complete: AmiFrame | null;
}

interface Entry {
  readonly action: string;
  readonly list: boolean;
  readonly timer: NodeJS.Timeout;
  readonly onItem: ((item: AmiFrame) => void) | undefined;
  readonly resolve: (result: AmiListResult) => void;
  readonly reject: (error: ZariError) => void;
  response: AmiFrame | null;
  readonly items: AmiFrame[];
}

export interface TrackOptions {
  readonly list: boolean;
  readonly timeoutMs: number;
  readonly onItem?: (item: AmiFrame) => void;
}

const isComplete = (frame: AmiFrame): boolean => frame.fields['EventList']?.toLowerCase() === 'complete';
const isListStart = (frame: AmiFrame): boolean => frame.fields['EventList']?.toLowerCase() === 'start';

export function rejection(frame: AmiFrame, action: string): ZariError<'pbx_rejected'> {
  const message = frame.fields['Message'] ?? 'AMI action failed';
  return new ZariError('pbx_rejected', message, { action, response: frame.fields['Response'] ?? null });
}

export class AmiPendingActions {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  track(actionId: string, action: string, options: TrackOptions): Promise<AmiListResult> {
    return new Promise<AmiListResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.entries.delete(actionId);
        reject(new ZariError('pbx_unavailable', 'AMI action timed out', { action, timeoutMs: options.timeoutMs }));
      }, options.timeoutMs);
      this.entries.set(actionId, {
        action, list: options.list, timer, onItem: options.onItem, resolve, reject, response: null, items: [],
      });
    });
  }

  /** Route a frame with an ActionID; returns false when nobody waits for it (it is then an event). */
  route(actionId: string, frame: AmiFrame): boolean {
    const entry = this.entries.get(actionId);
    if (entry === undefined) return false;
    if (frame.fields['Response'] !== undefined) {
      this.onResponse(actionId, entry, frame);
      return true;
    }
    if (!entry.list) return false;
    if (isComplete(frame)) {
      this.settle(actionId, entry);
      entry.resolve({ response: entry.response ?? frame, items: entry.items, complete: frame });
      return true;
    }
    entry.items.push(frame);
    entry.onItem?.(frame);
    return true;
  }

  private onResponse(actionId: string, entry: Entry, frame: AmiFrame): void {
    const status = frame.fields['Response']?.toLowerCase();
    if (status === 'error') {
      this.settle(actionId, entry);
      entry.reject(rejection(frame, entry.action));
      return;
    }
    entry.response = frame;
    if (entry.list && isListStart(frame)) return;
    this.settle(actionId, entry);
    entry.resolve({ response: frame, items: entry.items, complete: null });
  }

  private settle(actionId: string, entry: Entry): void {
    clearTimeout(entry.timer);
    this.entries.delete(actionId);
  }

  /** The connection is gone: every action in flight fails with pbx_unavailable. */
  failAll(message: string): void {
    for (const [id, entry] of [...this.entries]) {
      this.settle(id, entry);
      entry.reject(new ZariError('pbx_unavailable', message, { action: entry.action }));
    }
  }
}
