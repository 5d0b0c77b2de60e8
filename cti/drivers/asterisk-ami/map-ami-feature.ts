/**
 * AMI feature events → CallEvent / PbxStateEvent: queues, transfers, Local channel pairs, MixMonitor,
 * device and extension states. Pure functions.
 */
import { amiValue, deviceExtension, deviceState, eventTime, extensionState } from './map-ami-fields.js';
import { none, type AmiEventMapper } from './map-ami-call.js';

function num(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

export const mapQueueCallerJoin: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, Queue: queue } = f;
  if (callId === undefined || legId === undefined || queue === undefined) return none;
  return [{ type: 'queue.joined', at: eventTime(f, receivedAt), callId, legId, queue, position: num(f.Position) }];
};

export const mapQueueCallerLeave: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, Queue: queue } = f;
  if (callId === undefined || legId === undefined || queue === undefined) return none;
  return [{ type: 'queue.left', at: eventTime(f, receivedAt), callId, legId, queue }];
};

export const mapQueueCallerAbandon: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, Queue: queue } = f;
  if (callId === undefined || legId === undefined || queue === undefined) return none;
  return [{ type: 'queue.abandoned', at: eventTime(f, receivedAt), callId, legId, queue, holdSeconds: num(f.HoldTime) }];
};

export const mapAgentConnect: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId, Queue: queue, DestUniqueid: memberLegId } = f;
  if (callId === undefined || legId === undefined || queue === undefined || memberLegId === undefined) return none;
  return [{
    type: 'queue.connected', at: eventTime(f, receivedAt), callId, legId, queue, memberLegId,
    member: f.MemberName ?? f.Interface ?? '', holdSeconds: num(f.HoldTime),
  }];
};

/** REFER or AMI BlindTransfer. (AMI Redirect emits nothing: the tracker detects it.) */
export const mapBlindTransfer: AmiEventMapper = (f, receivedAt) => {
  const callId = f.TransfereeLinkedid ?? f.TransfererLinkedid;
  const target = f.Extension;
  if (callId === undefined || target === undefined) return none;
  return [{
    type: 'transfer.blind', at: eventTime(f, receivedAt), callId,
    transfererLegId: f.TransfererUniqueid ?? null, transfereeLegId: f.TransfereeUniqueid ?? null,
    target, success: f.Result === 'Success',
  }];
};

export const mapAttendedTransfer: AmiEventMapper = (f, receivedAt) => {
  const callId = f.TransfereeLinkedid ?? f.OrigTransfererLinkedid ?? f.SecondTransfererLinkedid;
  if (callId === undefined) return none;
  return [{
    type: 'transfer.attended', at: eventTime(f, receivedAt), callId,
    transfererLegId: f.OrigTransfererUniqueid ?? f.SecondTransfererUniqueid ?? null,
    transfereeLegId: f.TransfereeUniqueid ?? null,
    targetLegId: f.TransferTargetUniqueid ?? null,
    success: f.Result === 'Success',
    targetNumber: amiValue(f.TransferTargetCallerIDNum) ?? amiValue(f.SecondTransfererConnectedLineNum),
  }];
};

/** LocalBridge and LocalOptimizationBegin/End all name the same ;1/;2 pair. */
export const mapLocalPair: AmiEventMapper = (f, receivedAt) => {
  const { LocalOneUniqueid: legId1, LocalTwoUniqueid: legId2 } = f;
  const callId = f.LocalOneLinkedid ?? f.LocalTwoLinkedid;
  if (legId1 === undefined || legId2 === undefined || callId === undefined) return none;
  return [{ type: 'leg.local-pair', at: eventTime(f, receivedAt), callId, legId1, legId2 }];
};

export const mapMixMonitorStart: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  return [{ type: 'recording.started', at: eventTime(f, receivedAt), callId, legId, file: null }];
};

export const mapMixMonitorStop: AmiEventMapper = (f, receivedAt) => {
  const { Linkedid: callId, Uniqueid: legId } = f;
  if (callId === undefined || legId === undefined) return none;
  return [{ type: 'recording.stopped', at: eventTime(f, receivedAt), callId, legId }];
};

/** VarSet: only MIXMONITOR_FILENAME matters (≈47 % of AMI traffic is VarSet: check the name first). */
export const mapVarSet: AmiEventMapper = (f, receivedAt) => {
  if (f.Variable !== 'MIXMONITOR_FILENAME') return none;
  const { Linkedid: callId, Uniqueid: legId } = f;
  const file = amiValue(f.Value);
  if (callId === undefined || legId === undefined || file === null) return none;
  return [{ type: 'recording.file', at: eventTime(f, receivedAt), callId, legId, file }];
};

/** Also the list items of DeviceStateList (same event name, with ActionID). */
export const mapDeviceStateChange: AmiEventMapper = (f, receivedAt) => {
  const device = f.Device;
  if (device === undefined) return none;
  return [{
    type: 'device.state', at: eventTime(f, receivedAt), device,
    extension: deviceExtension(device), state: deviceState(f.State),
  }];
};

export const mapExtensionStatus: AmiEventMapper = (f, receivedAt) => {
  const extension = f.Exten;
  if (extension === undefined || extension === '') return none;
  return [{
    type: 'extension.state', at: eventTime(f, receivedAt), extension,
    context: amiValue(f.Context), state: extensionState(f.Status),
  }];
};
