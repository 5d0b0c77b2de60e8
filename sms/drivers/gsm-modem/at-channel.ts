import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import { atError, parseAtError } from './at-errors.js';
import { parseUrcLine, type PduUrcHeader, type Urc } from './at-urc.js';

export interface AtChannelDeps {
  /** writes to the serial port; errors surface as a port close, which calls `close()` */
  readonly write: (data: string) => void;
  readonly logger: Logger;
  readonly defaultTimeoutMs: number;
}

export interface AtChannelEvents extends Record<string, unknown> {
  urc: Urc;
}

/** An SMS-SUBMIT in flight: `bodyWritten` tells whether the PDU + Ctrl-Z left the host (outcome may be unknown). */
interface PduJob {
  readonly pdu: string;
  readonly beforeBody: (() => Promise<void>) | null;
  promptSeen: boolean;
  bodyWritten: boolean;
  reference: number | null;
}

interface Job {
  readonly command: string;
  readonly timeoutMs: number;
  readonly dial: boolean;
  readonly pdu: PduJob | null;
  readonly lines: string[];
  resolve(lines: string[]): void;
  reject(error: ZariError): void;
  timer?: NodeJS.Timeout;
}

const ctrlZ = '\x1a';
const esc = '\x1b';

/**
 * The AT command queue of one modem: one command at a time, each with a timeout; answers are collected until a
 * final result code (OK / ERROR / +CME ERROR / +CMS ERROR); unsolicited result codes are recognised anywhere,
 * even between a command and its answer, and emitted as `urc`. `AT+CMGS` waits for the `> ` prompt, then writes
 * the PDU and Ctrl-Z. Errors: `modem_rejected` (the modem said no), `modem_unavailable` (timeout, port closed),
 * with `details.inDoubt` true when a PDU was written but its answer never came (it may have been sent).
 */
export class AtChannel {
  readonly events = new Emitter<AtChannelEvents>();
  private readonly queue: Job[] = [];
  private current: Job | null = null;
  private buffer = '';
  private pduHeader: PduUrcHeader | null = null;
  private closed = false;

  constructor(private readonly deps: AtChannelDeps) {}

  /** Runs one command; resolves with its information lines (no echo, no final code). */
  command(command: string, opts: { timeoutMs?: number; dial?: boolean } = {}): Promise<string[]> {
    return this.enqueue(command, opts.timeoutMs ?? this.deps.defaultTimeoutMs, opts.dial ?? false, null);
  }

  /**
   * `AT+CMGS=<length>`, prompt, PDU, Ctrl-Z → the TP-MR the modem assigned (`+CMGS: <mr>`). `beforeBody` runs
   * after the prompt and before the PDU is written (the queue records "this part may now leave"); if it
   * fails, the prompt is cancelled with ESC and nothing is sent.
   */
  async sendPdu(pdu: string, tpduLength: number, timeoutMs = 60_000, beforeBody: (() => Promise<void>) | null = null): Promise<number> {
    const job: PduJob = { pdu, beforeBody, promptSeen: false, bodyWritten: false, reference: null };
    await this.enqueue(`AT+CMGS=${tpduLength}`, timeoutMs, false, job);
    if (job.reference === null) {
      throw new ZariError('modem_unavailable', 'modem answered AT+CMGS without a +CMGS reference', { inDoubt: true });
    }
    return job.reference;
  }

  /** Port gone: every pending and queued command fails with `modem_unavailable`. */
  close(reason: string): void {
    this.closed = true;
    const jobs = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = null;
    this.buffer = '';
    this.pduHeader = null;
    for (const job of jobs) this.finish(job, this.unavailable(job, `modem disconnected: ${reason}`));
  }

  get pending(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  feed(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      if (this.takePrompt()) continue;
      const line = this.takeLine();
      if (line === null) return;
      if (line.trim() !== '') this.onLine(line.replace(/^\s+/, ''));
    }
  }

  private enqueue(command: string, timeoutMs: number, dial: boolean, pdu: PduJob | null): Promise<string[]> {
    if (this.closed) return Promise.reject(new ZariError('modem_unavailable', 'modem port is closed', { command, inDoubt: false }));
    return new Promise<string[]>((resolve, reject) => {
      this.queue.push({ command, timeoutMs, dial, pdu, lines: [], resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    job.timer = setTimeout(() => {
      if (this.current !== job) return;
      this.current = null;
      this.finish(job, this.unavailable(job, `modem did not answer ${job.command} within ${job.timeoutMs} ms`));
      this.next();
    }, job.timeoutMs);
    this.deps.write(`${job.command}\r`);
  }

  private unavailable(job: Job, message: string): ZariError {
    return new ZariError('modem_unavailable', message, { command: job.command, inDoubt: job.pdu?.bodyWritten ?? false });
  }

  private finish(job: Job, result: string[] | ZariError): void {
    clearTimeout(job.timer);
    if (result instanceof ZariError) job.reject(result);
    else job.resolve(result);
  }

  private complete(result: string[] | ZariError): void {
    const job = this.current;
    if (!job) return;
    this.current = null;
    this.finish(job, result);
    this.next();
  }

  /** The `> ` prompt has no line end: recognise it at the start of the buffer while AT+CMGS waits for it. */
  private takePrompt(): boolean {
    const job = this.current;
    const pdu = job?.pdu;
    if (!job || !pdu || pdu.promptSeen) return false;
    const m = /^[\r\n]*> ?/.exec(this.buffer);
    if (!m) return false;
    this.buffer = this.buffer.slice(m[0].length);
    pdu.promptSeen = true;
    void this.writeBody(job, pdu);
    return true;
  }

  private async writeBody(job: Job, pdu: PduJob): Promise<void> {
    try {
      await pdu.beforeBody?.();
    } catch (err) {
      this.deps.write(esc);
      if (this.current === job) this.complete(new ZariError('modem_unavailable', `PDU not written: ${err instanceof Error ? err.message : String(err)}`, { command: job.command, inDoubt: false }));
      return;
    }
    if (this.current !== job || this.closed) return; // timed out or port gone meanwhile: nothing was written
    pdu.bodyWritten = true;
    this.deps.write(`${pdu.pdu}${ctrlZ}`);
  }

  /** Next line (CR, LF or CRLF ended). A +CUSD string may contain line breaks inside its quotes. */
  private takeLine(): string | null {
    const end = /[\r\n]/.exec(this.buffer);
    if (!end) return null;
    let stop = end.index;
    const head = this.buffer.slice(0, stop);
    if (/^\s*\+CUSD:/i.test(head) && (head.split('"').length - 1) % 2 === 1) {
      const close = this.buffer.indexOf('"', stop);
      if (close < 0) return null;
      const after = /[\r\n]/.exec(this.buffer.slice(close));
      if (!after) return null;
      stop = close + after.index;
    }
    const line = this.buffer.slice(0, stop);
    this.buffer = this.buffer.slice(stop).replace(/^(\r\n|\r|\n)/, '');
    return line;
  }

  /** `raw` keeps trailing blanks (`+CME ERROR: ` is an error, `+CME ERROR:` is not, as in ModemManager). */
  private onLine(raw: string): void {
    const job = this.current;
    const line = raw.trimEnd();
    if (this.pduHeader) {
      this.events.emit('urc', { type: this.pduHeader, pdu: line });
      this.pduHeader = null;
      return;
    }
    if (job && line === job.command) return; // echo (before ATE0)
    if (line === 'OK' || (job?.dial && line.startsWith('CONNECT'))) {
      this.complete(job?.lines ?? []);
      return;
    }
    const error = parseAtError(raw);
    const callEnd = error && ['no_carrier', 'busy', 'no_answer', 'no_dialtone'].includes(error.kind);
    if (error && job && (!callEnd || job.dial)) {
      this.complete(atError(job.command, error));
      return;
    }
    const urc = parseUrcLine(line);
    if (urc && 'header' in urc) this.pduHeader = urc.header;
    else if (urc) this.events.emit('urc', urc);
    else if (job) this.collect(job, line);
    else this.deps.logger.debug({ line }, 'unsolicited modem line ignored');
  }

  private collect(job: Job, line: string): void {
    const ref = job.pdu ? /^\+CMGS:\s*(\d+)/.exec(line) : null;
    if (ref && job.pdu) job.pdu.reference = Number(ref[1]);
    job.lines.push(line);
  }
}
