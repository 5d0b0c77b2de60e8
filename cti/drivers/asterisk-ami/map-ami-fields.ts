/**
 * Field helpers of the AMI mapper: channel names, channel states, dial statuses, device states,
 * timestamps. Pure and allocation-light (called for every call event on the hot ingest path).
 */
import type { DeviceState, DialStatus, LegInfo, LegState } from '../../domain/call-event.js';

export type AmiFields = Readonly<Record<string, string>>;

/** AMI writes `<unknown>` or an empty value for "not set". */
export function amiValue(v: string | undefined): string | null {
  if (v === undefined || v === '' || v === '<unknown>') return null;
  return v;
}

/** `Timestamp: 1795829496.123456` (timestampevents=yes) in epoch ms, else the receipt time. */
export function eventTime(f: AmiFields, receivedAt: number): number {
  const ts = f.Timestamp;
  if (ts === undefined) return receivedAt;
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : receivedAt;
}

/** `PJSIP/201-00000001` → `201`; `Local/301@internal-00000000;1` → null (local). */
export function channelEndpoint(channel: string): string | null {
  if (channel.startsWith('Local/')) return null;
  const slash = channel.indexOf('/');
  const dash = channel.lastIndexOf('-');
  return channel.slice(slash + 1, dash > slash ? dash : channel.length) || null;
}

export function isLocalChannel(channel: string): boolean {
  return channel.startsWith('Local/');
}

/** AMI ChannelState numbers (include/asterisk/channelstate.h). */
const channelStates: Readonly<Record<string, LegState>> = {
  '0': 'down', '1': 'other', '2': 'dialing', '3': 'dialing', '4': 'ring',
  '5': 'ringing', '6': 'up', '7': 'busy', '8': 'dialing', '9': 'ring',
};

export function legState(code: string | undefined): LegState {
  return (code !== undefined && channelStates[code]) || 'other';
}

const dialStatuses: Readonly<Record<string, DialStatus>> = {
  ANSWER: 'answer', CANCEL: 'cancel', NOANSWER: 'noanswer', BUSY: 'busy', CONGESTION: 'congestion',
  CHANUNAVAIL: 'chanunavail', DONTCALL: 'dontcall', TORTURE: 'torture', INVALIDARGS: 'invalidargs',
};

export function dialStatus(v: string | undefined): DialStatus {
  return (v !== undefined && dialStatuses[v]) || 'unknown';
}

const deviceStates: Readonly<Record<string, DeviceState>> = {
  NOT_INUSE: 'idle', INUSE: 'inuse', BUSY: 'busy', RINGING: 'ringing', RINGINUSE: 'ringing',
  ONHOLD: 'onhold', UNAVAILABLE: 'unavailable', INVALID: 'unknown', UNKNOWN: 'unknown',
};

export function deviceState(v: string | undefined): DeviceState {
  return (v !== undefined && deviceStates[v]) || 'unknown';
}

/** ExtensionStatus `Status` bit field: 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold. */
export function extensionState(code: string | undefined): DeviceState {
  const n = Number(code);
  if (!Number.isInteger(n) || n < 0) return 'unknown';
  if (n === 0) return 'idle';
  if (n & 8) return 'ringing';
  if (n & 16) return 'onhold';
  if (n & 4) return 'unavailable';
  if (n & 2) return 'busy';
  return 'inuse';
}

/** `PJSIP/201` → `201`; `Queue:support` / `Custom:x` → null (not a phone). */
export function deviceExtension(device: string): string | null {
  const slash = device.indexOf('/');
  if (slash <= 0 || device.startsWith('Local/')) return null;
  return device.slice(slash + 1) || null;
}

/** The leg described by the channel fields of a frame, optionally under a prefix (`Dest`, `Transferee`). */
export function legInfo(f: AmiFields, p = ''): LegInfo | null {
  const channel = f[`${p}Channel`];
  const legId = f[`${p}Uniqueid`];
  if (channel === undefined || legId === undefined) return null;
  return {
    legId,
    channel,
    endpoint: channelEndpoint(channel),
    local: isLocalChannel(channel),
    callerNumber: amiValue(f[`${p}CallerIDNum`]),
    callerName: amiValue(f[`${p}CallerIDName`]),
    connectedNumber: amiValue(f[`${p}ConnectedLineNum`]),
    connectedName: amiValue(f[`${p}ConnectedLineName`]),
    context: amiValue(f[`${p}Context`]),
    exten: amiValue(f[`${p}Exten`]),
    state: legState(f[`${p}ChannelState`]),
  };
}
