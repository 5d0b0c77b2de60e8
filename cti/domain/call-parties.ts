/**
 * Who is who in a call: its origin leg, direction, the outside party's leg ("anchor"), from / to, and
 * the extension behind a leg (following Local ;1/;2 halves). Derived from the legs on demand: a call has
 * a handful of legs, so this is cheap and can never go stale.
 */
import { legExtension, type CallRecord, type LegRecord } from './call-model.js';
import type { ClassifyEndpoint } from './endpoint-classifier.js';
import type { CallDirection } from './tracked-call.js';

/** The first real (non-Local) leg; for a call made only of Local halves, its first leg. */
export function originLeg(call: CallRecord): LegRecord | undefined {
  const origin = call.legs.get(call.originLegId);
  if (origin !== undefined && origin.kind !== 'local') return origin;
  for (const leg of call.legs.values()) if (leg.kind !== 'local') return leg;
  return origin;
}

function firstTrunk(call: CallRecord): LegRecord | undefined {
  for (const leg of call.legs.values()) if (leg.kind === 'trunk') return leg;
  return undefined;
}

export function callDirection(call: CallRecord, classify: ClassifyEndpoint): CallDirection {
  const origin = originLeg(call);
  if (origin === undefined) return 'internal';
  const kind = origin.kind === 'local' ? classify(null, origin.callerNumber) : origin.kind;
  if (kind === 'trunk') return 'inbound';
  return firstTrunk(call) !== undefined ? 'outbound' : 'internal';
}

/** The leg of the outside party (inbound: the caller; outbound: the callee) or, internal, the caller. */
export function anchorLeg(call: CallRecord, direction: CallDirection): LegRecord | undefined {
  return direction === 'outbound' ? firstTrunk(call) : originLeg(call);
}

/** `PJSIP/0551234567@trunk`, `0551234567@trunk` → `0551234567`. */
export function dialedNumber(dialString: string | null): string | null {
  if (dialString === null) return null;
  const at = dialString.indexOf('@');
  const target = at < 0 ? dialString : dialString.slice(0, at);
  const slash = target.lastIndexOf('/');
  const n = slash < 0 ? target : target.slice(slash + 1);
  return n.startsWith('sip:') ? n.slice(4) : n || null;
}

const realExten = (exten: string | null): string | null => (exten === null || exten === 's' ? null : exten);

export interface CallParties {
  readonly direction: CallDirection;
  readonly anchor: LegRecord | undefined;
  readonly from: string | null;
  readonly to: string | null;
  readonly externalNumber: string | null;
  readonly externalName: string | null;
}

export function callParties(call: CallRecord, classify: ClassifyEndpoint): CallParties {
  const direction = callDirection(call, classify);
  const origin = originLeg(call);
  const anchor = anchorLeg(call, direction);
  if (direction === 'inbound') {
    const number = origin?.callerNumber ?? null;
    return { direction, anchor, from: number, to: call.did, externalNumber: number, externalName: origin?.callerName ?? null };
  }
  const from = legExtension(origin) ?? origin?.callerNumber ?? null;
  if (direction === 'outbound') {
    const number = dialedNumber(anchor?.dialString ?? null) ?? realExten(origin?.exten ?? null);
    return { direction, anchor, from, to: number, externalNumber: number, externalName: null };
  }
  const to = call.rang.find((ext) => ext !== from) ?? realExten(origin?.exten ?? null);
  return { direction, anchor, from, to, externalNumber: null, externalName: null };
}

/** The extension a leg stands for: itself, or behind a Local pair, the extension bridged to the other half. */
export function extensionBehind(call: CallRecord, leg: LegRecord, depth = 0): string | null {
  if (leg.kind === 'extension') return leg.endpoint;
  if (leg.kind !== 'local' || leg.localPeer === null || depth > 3) return null;
  const peer = call.legs.get(leg.localPeer);
  if (peer === undefined || peer.bridgeId === null) return null;
  for (const other of call.legs.values()) {
    if (other === peer || other.bridgeId !== peer.bridgeId || other.phase === 'gone') continue;
    const ext = extensionBehind(call, other, depth + 1);
    if (ext !== null) return ext;
  }
  return null;
}

/** The extension the anchor leg is bridged with right now, if any. */
export function bridgedParty(call: CallRecord, anchor: LegRecord | undefined): string | null {
  if (anchor === undefined || anchor.bridgeId === null) return null;
  let found: string | null = null;
  for (const other of call.legs.values()) {
    if (other === anchor || other.bridgeId !== anchor.bridgeId || other.phase === 'gone') continue;
    found = extensionBehind(call, other) ?? found;
  }
  return found;
}
