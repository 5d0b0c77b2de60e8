import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { decodePdu, encodeDeliver, encodeStatusReport, type SmsSubmit } from '../../sms/index.js';

/**
 * A GSM modem simulator speaking real AT over a socat pseudo-terminal pair: zari opens `hostPath` with the real
 * serialport driver; the simulator holds the other end. Replies follow the dialogues in
 * shared/vectors/gsm-at/pygsmmodem-dialogues.txt ("> " prompt without line end, +CMGS: <mr>, +CMTI → AT+CMGR,
 * +CDS with a PDU line). `unplug()` kills socat (the pty disappears); `plugIn()` brings it back at the same path.
 */
export type SimFault =
  | { readonly at: 'cmgs-prompt' | 'cmgs-body'; readonly action: 'unplug' | 'silent' }
  | { readonly at: 'cmgs-prompt' | 'cmgs-body'; readonly action: 'reply'; readonly line: string };

export interface SimOptions {
  /** send a +CDS delivery report this long after each accepted part (null: never) */
  readonly reportAfterMs?: number | null;
  /** TP-ST put in the reports (0 = delivered) */
  readonly reportStatus?: number;
  readonly simState?: string;
  /** delay before each final answer (a slow modem) */
  readonly replyDelayMs?: number;
}

export interface SentPdu { readonly pdu: string; readonly length: number; readonly reference: number; readonly submit: SmsSubmit }

export class ModemSim {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'zari-modem-'));
  readonly hostPath = path.join(this.dir, 'host');
  private readonly simPath = path.join(this.dir, 'modem');
  readonly sent: SentPdu[] = [];
  readonly commands: string[] = [];
  readonly faults: SimFault[] = [];
  readonly stored = new Map<number, string>();
  private socat: ChildProcess | null = null;
  private port: SerialPort | null = null;
  private input = '';
  private body: { length: number } | null = null;
  private mr = 0;
  private nextIndex = 1;

  constructor(readonly opts: SimOptions = {}) {}

  static async start(opts: SimOptions = {}): Promise<ModemSim> {
    const sim = new ModemSim(opts);
    await sim.plugIn();
    return sim;
  }

  async plugIn(): Promise<void> {
    this.socat = spawn('socat', [`pty,raw,echo=0,link=${this.simPath}`, `pty,raw,echo=0,link=${this.hostPath}`], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(existsSync(this.simPath) && existsSync(this.hostPath)); i++) await sleep(10);
    const port = new SerialPort({ path: this.simPath, baudRate: 115200, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (chunk: Buffer) => this.onData(chunk.toString('latin1')));
    port.on('error', () => undefined);
    this.port = port;
    this.input = '';
    this.body = null;
  }

  /** The device disappears: socat dies, both pty ends close. */
  async unplug(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    const proc = this.socat;
    this.socat = null;
    if (proc && proc.exitCode === null) {
      await new Promise<void>((r) => { proc.once('exit', () => r()); proc.kill('SIGTERM'); });
    }
    for (let i = 0; i < 100 && existsSync(this.hostPath); i++) await sleep(10);
  }

  async stop(): Promise<void> {
    await this.unplug();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A network SMS arrives: stored on the SIM, announced with +CMTI (one per part). */
  receive(from: string, text: string, concatRef?: number): void {
    const enc = encodeDeliver({ from, text, timestamp: '2026-11-28T10:00:00+04:00', smsc: '+995599000000', ...(concatRef === undefined ? {} : { concatRef }) });
    for (const part of enc.parts) {
      const index = this.nextIndex++;
      this.stored.set(index, part.pdu);
      this.line(`+CMTI: "SM",${index}`);
    }
  }

  /** An incoming voice call: RING + +CLIP (as after AT+CLIP=1), `hangup()` sends NO CARRIER. */
  ring(number: string): void {
    this.line('RING');
    this.line(`+CLIP: "${number}",${number.startsWith('+') ? 145 : 129},,,,0`);
  }

  hangup(): void {
    this.line('NO CARRIER');
  }

  /** A raw line from the modem (URCs, noise). */
  line(text: string): void {
    this.write(`\r\n${text}\r\n`);
  }

  private write(text: string): void {
    this.port?.write(Buffer.from(text, 'latin1'));
  }

  private onData(chunk: string): void {
    this.input += chunk;
    for (;;) {
      const esc = this.input.indexOf('\x1b');
      if (esc >= 0) {
        // ESC cancels a pending AT+CMGS body (and any partial command), as on a real modem
        this.input = this.input.slice(esc + 1);
        this.body = null;
        continue;
      }
      if (this.body) {
        const end = this.input.indexOf('\x1a');
        if (end < 0) return;
        const pdu = this.input.slice(0, end).trim();
        this.input = this.input.slice(end + 1);
        const { length } = this.body;
        this.body = null;
        void this.onBody(pdu, length);
        continue;
      }
      const end = this.input.indexOf('\r');
      if (end < 0) return;
      const cmd = this.input.slice(0, end).trim();
      this.input = this.input.slice(end + 1);
      if (cmd) void this.onCommand(cmd);
    }
  }

  private takeFault(at: SimFault['at']): SimFault | undefined {
    const i = this.faults.findIndex((f) => f.at === at);
    return i < 0 ? undefined : this.faults.splice(i, 1)[0];
  }

  /** true when the fault consumed the exchange */
  private async applyFault(at: SimFault['at']): Promise<boolean> {
    const fault = this.takeFault(at);
    if (!fault) return false;
    if (fault.action === 'unplug') await this.unplug();
    else if (fault.action === 'reply') this.line(fault.line);
    return true;
  }

  private async onBody(pdu: string, length: number): Promise<void> {
    if (await this.applyFault('cmgs-body')) return;
    const decoded = decodePdu(pdu);
    if (decoded.type !== 'SMS-SUBMIT' || decoded.tpduLength !== length) {
      this.line('+CMS ERROR: 304');
      return;
    }
    const reference = this.mr;
    this.mr = (this.mr + 1) % 256;
    this.sent.push({ pdu, length, reference, submit: decoded });
    await this.final([`+CMGS: ${reference}`]);
    const after = this.opts.reportAfterMs;
    if (after !== undefined && after !== null) setTimeout(() => this.report(reference, decoded.recipient.value), after).unref();
  }

  /** A delivery report (+CDS, direct) for a part the simulator accepted. */
  report(reference: number, recipient: string, status = this.opts.reportStatus ?? 0): void {
    const r = encodeStatusReport({ reference, recipient, status, timestamp: '2026-11-28T10:00:00+04:00', dischargeTime: '2026-11-28T10:00:05+04:00', smsc: '+995599000000' });
    this.write(`\r\n+CDS: ${r.tpduLength}\r\n${r.pdu}\r\n`);
  }

  private async final(lines: string[], code = 'OK'): Promise<void> {
    if (this.opts.replyDelayMs) await sleep(this.opts.replyDelayMs);
    this.write([...lines, code].map((l) => `\r\n${l}\r\n`).join(''));
  }

  private async onCommand(cmd: string): Promise<void> {
    this.commands.push(cmd);
    const cmgs = /^AT\+CMGS=(\d+)$/i.exec(cmd);
    if (cmgs) {
      if (await this.applyFault('cmgs-prompt')) return;
      this.body = { length: Number(cmgs[1]) };
      this.write('\r\n> ');
      return;
    }
    const simple = this.answer(cmd);
    if (simple === null) await this.final([], 'ERROR');
    else if (typeof simple === 'string') await this.final([], simple);
    else await this.final(simple);
    if (/^AT\+CUSD=1/.test(cmd)) this.line('+CUSD: 0,"Balance: 12.50 GEL",15');
  }

  /** lines before OK; a string = a final error line; null = ERROR */
  private answer(cmd: string): string[] | string | null {
    const upper = cmd.toUpperCase();
    if (/^AT(Z|E0|\+CMEE=1|\+CMGF=0|\+CSMP=.*|\+CPMS=.*|\+CNMI=.*|\+CLIP=1|\+CRC=1|\+CUSD=.*)?$/.test(upper)) return [];
    if (upper === 'AT+CPIN?') return this.opts.simState && this.opts.simState !== 'READY' ? '+CME ERROR: 11' : ['+CPIN: READY'];
    if (upper === 'AT+CSQ') return ['+CSQ: 21,99'];
    if (upper === 'AT+CREG?') return ['+CREG: 0,1'];
    if (upper === 'AT+COPS?') return ['+COPS: 0,0,"SimNet GE",2'];
    const cmgr = /^AT\+CMGR=(\d+)$/.exec(upper);
    if (cmgr) {
      const pdu = this.stored.get(Number(cmgr[1]));
      return pdu ? [`+CMGR: 0,,${decodePdu(pdu).tpduLength}`, pdu] : '+CMS ERROR: 321';
    }
    const cmgd = /^AT\+CMGD=(\d+)/.exec(upper);
    if (cmgd) return this.stored.delete(Number(cmgd[1])) ? [] : '+CMS ERROR: 321';
    if (upper === 'AT+CMGL=4') return [...this.stored].flatMap(([i, pdu]) => [`+CMGL: ${i},0,,${decodePdu(pdu).tpduLength}`, pdu]);
    return null;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns true (or fails after `timeoutMs`). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
