import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { ZariError } from '../../kernel/index.js';
import { runFfmpeg } from './ffmpeg.js';

/**
 * Runs ffmpeg through small long-lived POSIX shells instead of forking zari for every file.
 *
 * Why: `fork()` copies the page tables of the whole process, so a spawn from Node costs about 2 ms of
 * CPU per 100 MB of resident memory (measured here: 0.7 ms at 53 MB, 3.9 ms at 211 MB, 15.9 ms at
 * 896 MB), the largest per-file cost of the ingest after its Prisma writes were gone (ADR 0005
 * addendum). A shell's fork costs ≈0.3 ms; zari pays one fork per shell, once.
 *
 * Protocol: one job at a time per shell. zari writes one command line
 *   '<ffmpeg>' '<arg>'… </dev/null >/dev/null; echo "<token> $?" >&2
 * ffmpeg's stderr and then the status line arrive on the shell's stderr pipe, in order; the token is
 * random per shell, so no ffmpeg message can fake it. Arguments are single-quoted (a `'` becomes
 * `'\''`), so file names reach ffmpeg byte for byte and nothing is interpreted by the shell.
 * A shell that dies fails its job and is replaced; without /bin/sh, ffmpeg is spawned directly.
 * Idle shells hold no reference on the event loop; they exit when zari closes them or exits (EOF).
 */
type Shell = ChildProcessByStdio<Writable, null, Readable>;

interface Job {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
const TAIL = 2000;

class ShellWorker {
  readonly child: Shell;
  private readonly token = `zari-${randomBytes(12).toString('hex')}`;
  private job: Job | null = null;
  private buffer = '';
  dead = false;

  constructor(shellPath: string, private readonly onGone: (w: ShellWorker) => void) {
    this.child = spawn(shellPath, [], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => this.onData(d));
    this.child.stdin.on('error', () => undefined); // EPIPE after a death: reported by 'close'
    this.child.on('error', (e) => this.gone(new ZariError('internal', `ffmpeg launcher could not start: ${e.message}`)));
    // 'close', not 'exit': a status line already written is still read (a killed shell's orphaned ffmpeg
    // keeps the pipe open until it ends, so its job fails only then)
    this.child.on('close', (code, signal) => this.gone(new ZariError('internal', `ffmpeg launcher exited (${signal ?? `exit ${String(code)}`})`)));
    this.idle();
  }

  run(ffmpegPath: string, args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(new ZariError('internal', 'ffmpeg launcher is gone'));
        return;
      }
      this.job = { resolve, reject };
      this.busy();
      this.child.stdin.write(`${[ffmpegPath, ...args].map(quote).join(' ')} </dev/null >/dev/null; echo "${this.token} $?" >&2\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private onData(d: string): void {
    this.buffer += d;
    const at = this.buffer.indexOf(`${this.token} `);
    const end = at >= 0 ? this.buffer.indexOf('\n', at) : -1;
    const job = this.job;
    if (end < 0 || !job) {
      // ffmpeg's own messages: keep the tail
      if (this.buffer.length > 4 * TAIL) this.buffer = this.buffer.slice(-TAIL);
      return;
    }
    const code = Number(this.buffer.slice(at + this.token.length + 1, end));
    const stderr = this.buffer.slice(0, at).trim().slice(-TAIL);
    this.buffer = this.buffer.slice(end + 1);
    this.job = null;
    this.idle();
    if (code === 0) job.resolve();
    else job.reject(new ZariError('internal', `ffmpeg failed (exit ${String(code)}): ${stderr || 'no output'}`));
  }

  private gone(e: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.child.stdin.destroy();
    this.child.stderr.destroy();
    const job = this.job;
    this.job = null;
    job?.reject(e);
    this.onGone(this);
  }

  /** a job in flight keeps the process alive, an idle shell does not */
  private busy(): void {
    this.child.ref();
    refStream(this.child.stderr, true);
    refStream(this.child.stdin, true);
  }

  private idle(): void {
    this.child.unref();
    refStream(this.child.stderr, false);
    refStream(this.child.stdin, false);
  }
}

/** net.Socket (the stdio pipes) has ref/unref; other streams do not. */
function refStream(s: Readable | Writable, on: boolean): void {
  const handle = s as unknown as { ref?: () => void; unref?: () => void };
  if (on) handle.ref?.();
  else handle.unref?.();
}

export class FfmpegLauncher {
  private readonly idleShells: ShellWorker[] = [];
  private readonly all = new Set<ShellWorker>();
  private noShell = false;
  private closed = false;

  /** `keepIdle`: shells kept for the next jobs (about the number of concurrent transcodes) */
  constructor(private readonly shellPath = '/bin/sh', private readonly keepIdle = 2) {}

  /** Runs ffmpeg to completion; rejects with the tail of its stderr. */
  async run(ffmpegPath: string, args: readonly string[]): Promise<void> {
    if (this.noShell || this.closed) return runFfmpeg(ffmpegPath, args);
    const shell = this.idleShells.pop() ?? this.start();
    try {
      await shell.run(ffmpegPath, args);
    } catch (e) {
      if (!(shell.dead && this.startFailed(e))) throw e;
      // no usable shell on this system: spawn directly from now on
      this.noShell = true;
      return runFfmpeg(ffmpegPath, args);
    } finally {
      if (!shell.dead) this.giveBack(shell);
    }
  }

  close(): void {
    this.closed = true;
    for (const s of this.all) s.close();
    this.idleShells.length = 0;
  }

  private start(): ShellWorker {
    const shell = new ShellWorker(this.shellPath, (gone) => {
      this.all.delete(gone);
      const i = this.idleShells.indexOf(gone);
      if (i >= 0) this.idleShells.splice(i, 1);
    });
    this.all.add(shell);
    return shell;
  }

  private giveBack(shell: ShellWorker): void {
    if (!this.closed && this.idleShells.length < this.keepIdle) this.idleShells.push(shell);
    else shell.close();
  }

  private startFailed(e: unknown): boolean {
    return e instanceof Error && e.message.startsWith('ffmpeg launcher could not start');
  }
}
