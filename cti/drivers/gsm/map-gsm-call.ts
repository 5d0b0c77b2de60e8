import type { CallEvent } from '../../domain/call-event.js';

/**
 * RING / +CLIP / NO CARRIER from a GSM modem used as a gateway → CallEvents, the way a trunk call looks to the
 * tracker: the customer's leg on the modem (endpoint `gsm-<modem>`: a trunk), then one ringing leg per
 * extension the GSM line rings. Pure state per modem; the driver feeds it and stamps times.
 */
export interface GsmLineConfig {
  /** the SIM's own number (shown as the DID), or null */
  readonly did: string | null;
  /** extensions that ring for calls on this line (their legs are what the screen pop attaches to) */
  readonly ringExtensions: readonly string[];
}

export interface GsmCallState {
  readonly callId: string;
  readonly customerLegId: string;
  readonly callerNumber: string | null;
}

export class GsmCallMapper {
  private call: GsmCallState | null = null;
  private seq = 0;

  constructor(private readonly modemId: string, private readonly line: GsmLineConfig) {}

  get active(): GsmCallState | null { return this.call; }

  /** RING / +CRING: the first one starts a call (repeats every few seconds are ignored). */
  ring(at: number): CallEvent[] {
    if (this.call) return [];
    this.seq += 1;
    const callId = `gsm-${this.modemId}-${at}-${this.seq}`;
    const customerLegId = `${callId}.0`;
    this.call = { callId, customerLegId, callerNumber: null };
    const events: CallEvent[] = [{
      type: 'leg.created', at, callId,
      leg: {
        legId: customerLegId, channel: `GSM/${this.modemId}-${this.seq}`, endpoint: `gsm-${this.modemId}`, local: false,
        callerNumber: null, callerName: null, connectedNumber: null, connectedName: null, context: 'from-gsm',
        exten: this.line.did, state: 'ring',
      },
    }];
    this.line.ringExtensions.forEach((ext, i) => events.push(...this.ringExtension(at, ext, i + 1)));
    return events;
  }

  private ringExtension(at: number, ext: string, n: number): CallEvent[] {
    const call = this.call;
    if (!call) return [];
    const legId = `${call.callId}.${n}`;
    return [
      {
        type: 'leg.created', at, callId: call.callId,
        leg: {
          legId, channel: `GSM-EXT/${ext}-${this.seq}`, endpoint: ext, local: false, callerNumber: ext, callerName: null,
          connectedNumber: call.callerNumber, connectedName: null, context: 'from-gsm', exten: ext, state: 'down',
        },
      },
      { type: 'dial.begin', at, callId: call.callId, fromLegId: call.customerLegId, toLegId: legId, dialString: ext },
      { type: 'leg.state', at, callId: call.callId, legId, state: 'ringing' },
    ];
  }

  /** +CLIP: the caller's number (may come before the first RING on some modems). */
  clip(at: number, number: string): CallEvent[] {
    const started = this.call ? [] : this.ring(at);
    const call = this.call;
    if (!call || number === '' || call.callerNumber === number) return started;
    this.call = { ...call, callerNumber: number };
    return [...started, { type: 'leg.updated', at, callId: call.callId, legId: call.customerLegId, patch: { callerNumber: number } }];
  }

  /** NO CARRIER, or the rings stopped: the caller gave up (monitor only: nobody answers on the modem). */
  hangup(at: number): CallEvent[] {
    const call = this.call;
    if (!call) return [];
    this.call = null;
    const events: CallEvent[] = [];
    this.line.ringExtensions.forEach((_, i) => {
      const legId = `${call.callId}.${i + 1}`;
      events.push({ type: 'dial.end', at, callId: call.callId, fromLegId: call.customerLegId, toLegId: legId, status: 'cancel' });
      events.push({ type: 'leg.hangup', at, callId: call.callId, legId, cause: 487, causeText: 'Request Terminated' });
    });
    events.push({ type: 'leg.hangup', at, callId: call.callId, legId: call.customerLegId, cause: 16, causeText: 'Normal Clearing' });
    return events;
  }
}
