export type * from './domain/call-event.js';
export type * from './domain/tracked-call.js';
export { CallTracker, type CallTrackerDeps } from './domain/call-tracker.js';
export { capabilities, type Capability, type PbxDriver, type PbxStatus, type OriginateRequest, type PbxConnectionState } from './ports/pbx-driver.port.js';
export { DemoPbxDriver, type DemoPbxOptions } from './drivers/demo/demo-pbx.driver.js';
export { CallLogService, callKeyOf, type CallLogDeps, type CallLoggedEvent } from './services/call-log.service.js';
export { CallControlService, type CallControlDeps } from './services/call-control.service.js';
export { CtiRuntime, type CtiRuntimeDeps, type CtiEvents } from './cti-runtime.js';
