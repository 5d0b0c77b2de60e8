import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import { parseCmgrResponse } from '../../pdu/cmgr-response.js';
import { decodePdu } from '../../pdu/decode-pdu.js';
import type { SmsPdu, SmsStatusReport } from '../../pdu/pdu-types.js';
import { SmsReassembler, type InboundMessage } from '../../pdu/reassembly.js';
import { AtChannel } from './at-channel.js';
import type { Urc } from './at-urc.js';
import { parseCops, parseCreg, parseCsq, type ModemHealth } from './modem-health.js';
import { defaultInitSteps, runInit, type InitStep } from './modem-init.js';
import { openSerialPort, type OpenSerialLink, type SerialLink } from './serial-link.js';

export type ModemState = 'connecting' | 'ready' | 'disconnected' | 'stopped';

export interface ModemStatus {
  readonly id: string;
  readonly path: string;
  readonly state: ModemState;
  readonly since: number;
  readonly lastError: string | null;
  readonly reconnects: number;
  readonly health: ModemHealth | null;
}

export interface ModemOwnerEvents extends Record<string, unknown> {
  status: ModemStatus;
  /** a whole inbound SMS (parts joined) */
  message: { modemId: string; message: InboundMessage };
  /** a delivery report for a part this modem sent (correlate on `report.reference`) */
  report: { modemId: string; report: SmsStatusReport };
  ring: { modemId: string; callType: string | null };
  clip: { modemId: string; number: string; toa: number | null };
  hangup: { modemId: string; line: string };
}

export interface ModemOwnerDeps {
  readonly id: string;
  readonly path: string;
  readonly logger: Logger;
  readonly baudRate?: number;
  readonly open?: OpenSerialLink;
  readonly initSteps?: readonly InitStep[];
  readonly commandTimeoutMs?: number;
  readonly sendTimeoutMs?: number;
  /** reconnect backoff: first delay, doubled up to max */
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  /** how long concatenated parts wait for each other */
  readonly reassemblyTimeoutMs?: number;
  readonly clock?: () => number;
  /** signal/registration refresh while ready (default 60 s; 0: only on demand) */
  readonly healthIntervalMs?: number;
}

/**
 * The one owner of a modem's serial port: AT queue, init, URC handling (+CMTI → AT+CMGR → AT+CMGD, +CMT, +CDS,
 * RING/+CLIP/NO CARRIER), health and reconnection (the device may disappear and come back). Translates only:
 * never touches the database.
 */
export class ModemOwner {
  readonly events = new Emitter<ModemOwnerEvents>((error) => this.deps.logger.error({ err: error }, 'modem listener failed'));
  private link: SerialLink | null = null;
  private at: AtChannel | null = null;
  private state: ModemState = 'disconnected';
  private since: number;
  private lastError: string | null = null;
  private reconnects = 0;
  private health: ModemHealth | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private readonly reassembler: SmsReassembler;
  private readonly sweeper: NodeJS.Timeout;
  private readonly clock: () => number;
  /** SIM indexes being read, so +CMTI and the AT+CMGL sweep never handle one message twice */
  private readonly reading = new Set<number>();

  constructor(private readonly deps: ModemOwnerDeps) {
    this.clock = deps.clock ?? Date.now;
    this.since = this.clock();
    this.delayMs = deps.reconnectMinMs ?? 1000;
    const timeoutMs = deps.reassemblyTimeoutMs ?? 120_000;
    this.reassembler = new SmsReassembler({ clock: this.clock, timeoutMs });
    this.reassembler.events.on('message', (message) => this.events.emit('message', { modemId: deps.id, message }));
    this.sweeper = setInterval(() => this.reassembler.sweep(), Math.max(1000, timeoutMs / 4)).unref();
  }

  get id(): string { return this.deps.id; }

  status(): ModemStatus {
    const { id, path } = this.deps;
    return { id, path, state: this.state, since: this.since, lastError: this.lastError, reconnects: this.reconnects, health: this.health };
  }

  /** Opens the port and initialises; on failure keeps retrying in the background (resolves either way). */
  async start(): Promise<void> {
    if (this.state === 'stopped') return;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.setState('stopped', null);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    clearInterval(this.sweeper);
    this.at?.close('stopped');
    await this.link?.close();
    this.link = null;
  }

  /** Sends one SMS-SUBMIT part; resolves with the modem's TP-MR. */
  async sendPdu(pdu: string, tpduLength: number, beforeBody: (() => Promise<void>) | null = null): Promise<number> {
    return this.channel().sendPdu(pdu, tpduLength, this.deps.sendTimeoutMs ?? 60_000, beforeBody);
  }

  /** Raw AT command (answer lines without the final code). */
  async command(command: string, timeoutMs?: number): Promise<string[]> {
    return this.channel().command(command, timeoutMs === undefined ? {} : { timeoutMs });
  }

  /** Signal (+CSQ), registration (+CREG) and operator (+COPS). */
  async checkHealth(): Promise<ModemHealth> {
    const csq = parseCsq(await this.command('AT+CSQ'));
    const registration = parseCreg(await this.command('AT+CREG?'));
    const operator = parseCops(await this.command('AT+COPS?').catch(() => []));
    this.health = { signalDbm: csq.dbm, signalRssi: csq.rssi, registration, operator };
    return this.health;
  }

  /** A USSD request (e.g. the balance, "*100#"): resolves with the network's text. */
  async ussd(code: string, timeoutMs = 20_000): Promise<string> {
    if (!/^[0-9*#]{1,40}$/.test(code)) throw new ZariError('validation_failed', 'a USSD code is digits, * and #');
    const at = this.channel();
    const answer = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { off(); reject(new ZariError('modem_unavailable', `no USSD answer to ${code}`)); }, timeoutMs);
      const off = at.events.on('urc', (urc) => {
        if (urc.type !== 'ussd' || urc.status > 1) return;
        clearTimeout(timer);
        off();
        resolve(urc.text);
      });
    });
    await at.command(`AT+CUSD=1,"${code}",15`);
    return answer;
  }

  private channel(): AtChannel {
    if (!this.at || this.state !== 'ready') {
      throw new ZariError('modem_unavailable', `modem ${this.deps.id} is ${this.state}`, { modemId: this.deps.id, inDoubt: false });
    }
    return this.at;
  }

  private setState(state: ModemState, error: string | null): void {
    if (this.state === 'stopped' && state !== 'stopped') return;
    this.state = state;
    this.since = this.clock();
    if (error !== null) this.lastError = error;
    this.events.emit('status', this.status());
  }

  private async connect(): Promise<void> {
    this.setState('connecting', null);
    const at = new AtChannel({ write: (d) => this.link?.write(d), logger: this.deps.logger, defaultTimeoutMs: this.deps.commandTimeoutMs ?? 5000 });
    try {
      this.link = await (this.deps.open ?? openSerialPort)(this.deps.path, this.deps.baudRate ?? 115200, {
        onData: (text) => at.feed(text),
        onClose: (reason) => this.lost(at, reason),
      });
      this.at = at;
      at.events.on('urc', (urc) => this.onUrc(at, urc));
      this.link.write('\x1b'); // ESC: cancel an AT+CMGS prompt a previous process may have left open
      const init = await runInit(at, this.deps.initSteps ?? defaultInitSteps, this.deps.commandTimeoutMs ?? 5000);
      if (init.skipped.length > 0) this.deps.logger.info({ modem: this.deps.id, skipped: init.skipped }, 'modem refused optional init steps');
      this.delayMs = this.deps.reconnectMinMs ?? 1000;
      this.setState('ready', null);
      this.deps.logger.info({ modem: this.deps.id, path: this.deps.path }, 'modem ready');
      this.readStored(at);
      this.watchHealth();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      at.close(reason);
      await this.link?.close();
      this.link = null;
      this.at = null;
      this.scheduleReconnect(reason);
    }
  }

  private watchHealth(): void {
    const every = this.deps.healthIntervalMs ?? 60_000;
    const probe = (): void => {
      if (this.state !== 'ready') return;
      this.checkHealth().then(() => this.events.emit('status', this.status()))
        .catch((err: unknown) => this.deps.logger.debug({ modem: this.deps.id, err }, 'modem health check failed'));
    };
    probe();
    if (every <= 0 || this.healthTimer) return;
    this.healthTimer = setInterval(probe, every);
    this.healthTimer.unref();
  }

  private lost(at: AtChannel, reason: string): void {
    at.close(reason);
    if (this.at !== at) return;
    this.at = null;
    this.link = null;
    this.deps.logger.warn({ modem: this.deps.id, reason }, 'modem disconnected');
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    if (this.state === 'stopped') return;
    this.setState('disconnected', reason);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.deps.reconnectMaxMs ?? 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconnects += 1;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private onUrc(at: AtChannel, urc: Urc): void {
    const modemId = this.deps.id;
    switch (urc.type) {
      case 'sms-stored':
      case 'report-stored': void this.readAndDelete(at, urc.index); break;
      case 'sms-deliver':
      case 'status-report': this.onPdu(urc.pdu, true); break;
      case 'ring': this.events.emit('ring', { modemId, callType: urc.callType }); break;
      case 'clip': this.events.emit('clip', { modemId, number: urc.number, toa: urc.toa }); break;
      case 'hangup': this.events.emit('hangup', { modemId, line: urc.line }); break;
      case 'ussd': break;
    }
  }

  private onPdu(hex: string, smsc: boolean): void {
    try {
      this.route(decodePdu(hex, { smsc, lenient: true }));
    } catch (err) {
      this.deps.logger.warn({ modem: this.deps.id, err, pdu: hex }, 'undecodable PDU from modem dropped');
    }
  }

  private route(pdu: SmsPdu): void {
    if (pdu.type === 'SMS-DELIVER') this.reassembler.push(pdu);
    else if (pdu.type === 'SMS-STATUS-REPORT') this.events.emit('report', { modemId: this.deps.id, report: pdu });
  }

  /** +CMTI/+CDSI: read the stored message, hand it on, then delete it from the SIM. */
  private async readAndDelete(at: AtChannel, index: number): Promise<void> {
    if (this.reading.has(index)) return;
    this.reading.add(index);
    try {
      const lines = await at.command(`AT+CMGR=${index}`);
      this.route(parseCmgrResponse(lines).pdu);
      await at.command(`AT+CMGD=${index},0`);
    } catch (err) {
      this.deps.logger.warn({ modem: this.deps.id, index, err }, 'stored SMS could not be read');
    } finally {
      this.reading.delete(index);
    }
  }

  /** After (re)connecting: messages that arrived while nobody listened (AT+CMGL=4 = all). */
  private readStored(at: AtChannel): void {
    at.command('AT+CMGL=4', { timeoutMs: 15_000 }).then(async (lines) => {
      const indexes: number[] = [];
      lines.forEach((line, i) => {
        // received messages only (stat 0 unread, 1 read): stored outgoing ones on the SIM are not ours to delete
        const m = /^\+CMGL:\s*(\d+)\s*,\s*([01])\s*,/.exec(line);
        const pdu = lines[i + 1];
        if (!m || pdu === undefined || this.reading.has(Number(m[1]))) return;
        indexes.push(Number(m[1]));
      });
      for (const index of indexes) await this.readAndDelete(at, index);
    }).catch((err: unknown) => this.deps.logger.debug({ modem: this.deps.id, err }, 'AT+CMGL not available'));
  }
}
