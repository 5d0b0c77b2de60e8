/**
 * The AMI mapper: one AMI frame → zero or more PbxEvents. Pure (no state, no I/O).
 *
 * Cost model: every frame costs one Map lookup on `Event`; frames that are not events (responses),
 * and events zari does not use (RTCP, security, Cdr, DialState, MusicOnHold, …), end there.
 * VarSet (≈47 % of traffic) is rejected on its `Variable` name before anything else is read.
 */
import type { PbxEvent } from '../../domain/call-event.js';
import type { AmiFrame } from './ami-frame.js';
import {
  mapBridgeEnter, mapBridgeLeave, mapCoreShowChannel, mapDialBegin, mapDialEnd, mapHangup, mapHold,
  mapNewCallerid, mapNewchannel, mapNewConnectedLine, mapNewexten, mapNewstate, mapUnhold, none,
  type AmiEventMapper,
} from './map-ami-call.js';
import {
  mapAgentConnect, mapAttendedTransfer, mapBlindTransfer, mapDeviceStateChange, mapExtensionStatus,
  mapLocalPair, mapMixMonitorStart, mapMixMonitorStop, mapQueueCallerAbandon, mapQueueCallerJoin,
  mapQueueCallerLeave, mapVarSet,
} from './map-ami-feature.js';

const mappers: ReadonlyMap<string, AmiEventMapper> = new Map<string, AmiEventMapper>([
  ['VarSet', mapVarSet],
  ['Newchannel', mapNewchannel],
  ['Newstate', mapNewstate],
  ['NewCallerid', mapNewCallerid],
  ['NewConnectedLine', mapNewConnectedLine],
  ['Newexten', mapNewexten],
  ['DialBegin', mapDialBegin],
  ['DialEnd', mapDialEnd],
  ['BridgeEnter', mapBridgeEnter],
  ['BridgeLeave', mapBridgeLeave],
  ['Hold', mapHold],
  ['Unhold', mapUnhold],
  ['Hangup', mapHangup],
  ['QueueCallerJoin', mapQueueCallerJoin],
  ['QueueCallerLeave', mapQueueCallerLeave],
  ['QueueCallerAbandon', mapQueueCallerAbandon],
  ['AgentConnect', mapAgentConnect],
  ['BlindTransfer', mapBlindTransfer],
  ['AttendedTransfer', mapAttendedTransfer],
  ['LocalBridge', mapLocalPair],
  ['LocalOptimizationBegin', mapLocalPair],
  ['LocalOptimizationEnd', mapLocalPair],
  ['MixMonitorStart', mapMixMonitorStart],
  ['MixMonitorStop', mapMixMonitorStop],
  ['DeviceStateChange', mapDeviceStateChange],
  ['ExtensionStatus', mapExtensionStatus],
  ['CoreShowChannel', mapCoreShowChannel],
]);

/** Event names the mapper understands (everything else is dropped on the first lookup). */
export const mappedAmiEvents: readonly string[] = [...mappers.keys()];

/**
 * Map one AMI frame. `receivedAt` (epoch ms) is used when the frame has no `Timestamp` field.
 * The returned array must be treated as read-only (the empty result is shared).
 */
export function mapAmiFrame(frame: AmiFrame, receivedAt: number): PbxEvent[] {
  const name = frame.fields.Event;
  if (name === undefined) return none;
  const mapper = mappers.get(name);
  return mapper === undefined ? none : mapper(frame.fields, receivedAt);
}
