import type { Logger } from '../kernel/index.js';
import { Emitter } from '../kernel/index.js';
import type { DeviceState } from './domain/call-event.js';
import type { CallTracker } from './domain/call-tracker.js';
import type { CallTrackerEvents, TrackedCall } from './domain/tracked-call.js';
import type { PbxDriver, PbxStatus } from './ports/pbx-driver.port.js';
import type { CallLogService } from './services/call-log.service.js';

/**
 * The CTI spine at run time: driver events → call tracker → call log; the tracker's domain events are
 * re-published on `events` for the realtime gateway and other consumers (recordings ingest). One runtime
 * per PBX connection.
 */
export interface CtiRuntimeDeps {
  readonly driver: PbxDriver;
  readonly tracker: CallTracker;
  readonly callLog: CallLogService;
  readonly logger: Logger;
}

export interface CtiEvents extends CallTrackerEvents {
  'pbx.status': PbxStatus;
}

export class CtiRuntime {
  readonly events: Emitter<CtiEvents>;
  private readonly offs: (() => void)[] = [];
  private readonly log: Logger;

  constructor(private readonly deps: CtiRuntimeDeps) {
    this.log = deps.logger.child({ component: 'cti' });
    this.events = new Emitter<CtiEvents>((error, event) => this.log.error({ err: error, event }, 'cti listener failed'));
  }

  async start(): Promise<void> {
    const { driver, tracker, callLog } = this.deps;
    this.offs.push(driver.events.on('event', (e) => tracker.handle(e)));
    this.offs.push(driver.events.on('status', (s) => this.events.emit('pbx.status', s)));
    for (const name of ['call.ringing', 'call.answered', 'call.transferred', 'call.updated', 'extension.state', 'warning'] as const) {
      this.offs.push(tracker.events.on(name, (payload) => this.events.emit(name, payload as never)));
    }
    this.offs.push(tracker.events.on('call.ended', (payload) => {
      void callLog.record(payload.call);
      this.events.emit('call.ended', payload);
    }));
    await driver.start();
  }

  async stop(): Promise<void> {
    await this.deps.driver.stop();
    for (const off of this.offs.splice(0)) off();
    await this.deps.callLog.drain();
  }

  status(): PbxStatus {
    return this.deps.driver.status();
  }

  liveCalls(): TrackedCall[] {
    return this.deps.tracker.liveCalls();
  }

  get(callId: string): TrackedCall | undefined {
    return this.deps.tracker.get(callId);
  }

  extensionStates(): Record<string, DeviceState> {
    return this.deps.tracker.extensionStatesSnapshot();
  }
}
