import { Emitter } from '../../kernel/index.js';
import { type SmsAddress } from './address.js';
import { type SmsDeliver } from './pdu-types.js';
import { type SmsTimestamp } from './scts.js';

/** A whole inbound message: one part, all parts of a concatenated message, or what arrived before the timeout. */
export interface InboundMessage {
  sender: SmsAddress;
  /** Texts of the received parts in sequence order (8-bit parts contribute nothing here; see `data`). */
  text: string;
  /** Payload octets of 8-bit parts, concatenated in sequence order (empty for text messages). */
  data: Uint8Array;
  /** False when the timeout expired before every part arrived. */
  complete: boolean;
  /** Sequence numbers that never arrived (empty when complete). */
  missing: number[];
  /** Concatenation reference and part count; null for a single-part message. */
  concat: { ref: number; refBits: 8 | 16; total: number } | null;
  /** The received parts in sequence order. */
  parts: SmsDeliver[];
  /** SC time stamp of the earliest part. */
  timestamp: SmsTimestamp;
}

export interface ReassemblerEvents extends Record<string, unknown> {
  message: InboundMessage;
}

export interface ReassemblerDeps {
  /** Milliseconds since the epoch; injected so tests drive time. */
  clock: () => number;
  /** How long to wait for missing parts after the first part arrived. */
  timeoutMs: number;
  /** Listener errors are reported here, never thrown into `push`. */
  onListenerError?: (error: unknown) => void;
}

interface Pending {
  first: SmsDeliver;
  total: number;
  firstSeenAt: number;
  parts: Map<number, SmsDeliver>;
}

/**
 * Reassembles concatenated SMS (TS 23.040 §9.2.3.24.1/.8) keyed by sender + reference + bits + total, so a
 * reused reference with a different part count is a different message and differing SMSCs do not matter.
 * Parts may arrive in any order; duplicate sequence numbers are ignored. `sweep()` emits messages whose
 * timeout expired as incomplete.
 */
export class SmsReassembler {
  readonly events: Emitter<ReassemblerEvents>;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: ReassemblerDeps) {
    this.events = new Emitter<ReassemblerEvents>((e) => deps.onListenerError?.(e));
  }

  /** Add one SMS-DELIVER. Returns the whole message when this part completes it (also emitted), else null. */
  push(pdu: SmsDeliver): InboundMessage | null {
    const c = pdu.userData.concat;
    if (c === null || c.total <= 1) return this.finish(build([pdu], pdu, null, 1));
    const key = `${pdu.sender.toa}:${pdu.sender.value}|${c.refBits}:${c.ref}|${c.total}`;
    let p = this.pending.get(key);
    if (!p) {
      p = { first: pdu, total: c.total, firstSeenAt: this.deps.clock(), parts: new Map() };
      this.pending.set(key, p);
    }
    if (p.parts.has(c.seq)) return null;
    p.parts.set(c.seq, pdu);
    if (p.parts.size < p.total) return null;
    this.pending.delete(key);
    return this.finish(build(sorted(p), p.first, { ref: c.ref, refBits: c.refBits, total: c.total }, p.total));
  }

  /** Emit (and return) every message whose parts are overdue, flagged incomplete. Call it from a timer. */
  sweep(): InboundMessage[] {
    const now = this.deps.clock();
    const out: InboundMessage[] = [];
    for (const [key, p] of this.pending) {
      if (now - p.firstSeenAt < this.deps.timeoutMs) continue;
      this.pending.delete(key);
      const c = p.first.userData.concat!;
      out.push(this.finish(build(sorted(p), p.first, { ref: c.ref, refBits: c.refBits, total: p.total }, p.total)));
    }
    return out;
  }

  /** Number of messages still waiting for parts. */
  get pendingCount(): number {
    return this.pending.size;
  }

  private finish(m: InboundMessage): InboundMessage {
    this.events.emit('message', m);
    return m;
  }
}

function sorted(p: Pending): SmsDeliver[] {
  return [...p.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}

function build(parts: SmsDeliver[], first: SmsDeliver, concat: InboundMessage['concat'], total: number): InboundMessage {
  const seqs = new Set(parts.map((d) => d.userData.concat?.seq ?? 1));
  const missing: number[] = [];
  for (let s = 1; s <= total; s++) if (!seqs.has(s)) missing.push(s);
  const bytes = parts.filter((d) => d.userData.text === null).flatMap((d) => Array.from(d.userData.data));
  const earliest = parts.reduce((a, d) => (d.timestamp.date < a.timestamp.date ? d : a), parts[0] ?? first);
  return {
    sender: first.sender,
    text: parts.map((d) => d.userData.text ?? '').join(''),
    data: Uint8Array.from(bytes),
    complete: missing.length === 0,
    missing,
    concat,
    parts,
    timestamp: earliest.timestamp,
  };
}
