/**
 * AMI channel-level events → CallEvent: Newchannel, Newstate, NewCallerid, NewConnectedLine, Newexten,
 * DialBegin/DialEnd, BridgeEnter/Leave, Hold/Unhold, Hangup, CoreShowChannel. Pure functions.
 */
import type { PbxEvent } from '../../domain/call-event.js';
import { amiValue, dialStatus, eventTime, legInfo, legState, type AmiFields } from './map-ami-fields.js';

export type AmiEventMapper = (f: AmiFields, receivedAt: number) => PbxEvent[];

/** The shared "nothing to report" result: frozen, so a caller that pushes to it fails loudly. */
export const none: PbxEvent[] = Object.freeze([]) as unknown as PbxEvent[];

export const mapNewchannel: AmiEventMapper = (f, receivedAt) => {
  const leg = legInfo(f);
  const callId = f.Linkedid;
  if (leg === null || callId === undefined) return none;
  return [{ type: 'leg.created', at: eventTime(f, receivedAt), callId, leg }];
};

/** A CoreShowChannel list item is a live channel found by a resync. */
export const mapCoreShowChannel: AmiEventMapper = (f, receivedAt) => {
  const leg = legInfo(f);
  const callId = f.Linkedid;
  if (leg === null || callId === undefined) return none;
  return [{ type: 'leg.created', at: eventTime(f, receivedAt), callId, leg, resync: true }];
};

export const mapNewstate: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  return [{ type: 'leg.state', at: eventTime(f, receivedAt), callId, legId, state: legState(f.ChannelState) }];
};

export const mapNewCallerid: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  const patch = { callerNumber: amiValue(f.CallerIDNum), callerName: amiValue(f.CallerIDName) };
  return [{ type: 'leg.updated', at: eventTime(f, receivedAt), callId, legId, patch }];
};

export const mapNewConnectedLine: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  const patch = { connectedNumber: amiValue(f.ConnectedLineNum), connectedName: amiValue(f.ConnectedLineName) };
  return [{ type: 'leg.updated', at: eventTime(f, receivedAt), callId, legId, patch }];
};

/** Only priority 1 matters: the leg entered a new context/extension (Goto, Redirect, transfer). */
export const mapNewexten: AmiEventMapper = (f, receivedAt) => {
  if (f.Priority !== '1') return none;
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  const patch = { context: amiValue(f.Context), exten: amiValue(f.Exten) };
  return [{ type: 'leg.updated', at: eventTime(f, receivedAt), callId, legId, patch }];
};

/** Originate's first DialBegin/DialEnd carry only Dest* fields: `fromLegId` is null then. */
export const mapDialBegin: AmiEventMapper = (f, receivedAt) => {
  const toLegId = f.DestUniqueid;
  const callId = f.Linkedid ?? f.DestLinkedid;
  if (toLegId === undefined || callId === undefined) return none;
  return [{
    type: 'dial.begin', at: eventTime(f, receivedAt), callId,
    fromLegId: f.Uniqueid ?? null, toLegId, dialString: amiValue(f.DialString),
  }];
};

export const mapDialEnd: AmiEventMapper = (f, receivedAt) => {
  const toLegId = f.DestUniqueid;
  const callId = f.Linkedid ?? f.DestLinkedid;
  if (toLegId === undefined || callId === undefined) return none;
  return [{
    type: 'dial.end', at: eventTime(f, receivedAt), callId,
    fromLegId: f.Uniqueid ?? null, toLegId, status: dialStatus(f.DialStatus),
  }];
};

export const mapBridgeEnter: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, BridgeUniqueid: bridgeId } = f;
  if (callId === undefined || legId === undefined || bridgeId === undefined) return none;
  return [{ type: 'leg.bridged', at: eventTime(f, receivedAt), callId, legId, bridgeId }];
};

export const mapBridgeLeave: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, BridgeUniqueid: bridgeId } = f;
  if (callId === undefined || legId === undefined || bridgeId === undefined) return none;
  return [{ type: 'leg.unbridged', at: eventTime(f, receivedAt), callId, legId, bridgeId }];
};

function holdMapper(held: boolean): AmiEventMapper {
  return (f, receivedAt) => {
    const { Linkedid: callId, Uniqueid: legId } = f;
    if (callId === undefined || legId === undefined) return none;
    return [{ type: 'leg.hold', at: eventTime(f, receivedAt), callId, legId, held }];
  };
}

export const mapHold = holdMapper(true);
export const mapUnhold = holdMapper(false);

export const mapHangup: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  const cause = Number(f.Cause);
  return [{
    type: 'leg.hangup', at: eventTime(f, receivedAt), callId, legId,
    cause: Number.isFinite(cause) ? cause : 0, causeText: amiValue(f['Cause-txt']),
  }];
};
