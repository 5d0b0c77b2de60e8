/**
 * A loopback AMI server for tests: it behaves like Asterisk 22 towards one or more clients and
 * replays a recorded transcript (fixtures/asterisk/22.10.1/*.ami).
 *
 *   const lb = await startAmiLoopback({ fixture: '01-inbound-answered.ami', chunking: { seed: 7, maxChunk: 97 } });
 *   const driver = new AsteriskAmiDriver({ url: lb.url, logger });
 *   …
 *   lb.received            // every action the client sent (AmiFrame), in order, all connections
 *   lb.actions('Originate') // the same, filtered by Action
 *   await lb.waitForAction('CoreShowChannels', 2) // until the 2nd one arrived
 *   await lb.close()
 *
 * Per connection: banner (`Asterisk Call Manager/11.0.0`) → waits for `Action: Login` → if the secret
 * differs from `secret` (when given) or `refuseLogin` is set or the fixture's login answer is an Error:
 * `Response: Error` / `Message: Authentication failed` and the socket is closed (like Asterisk).
 * Else the fixture's login response (ActionID rewritten to the client's), then the rest of the
 * fixture (first connection only unless `replayOnEveryConnection`), cut into chunks by a seeded RNG
 * (`chunking`), optionally `delayMs` apart, and cut off by a socket drop after `dropAfterBytes`
 * (first connection only).
 *
 * Actions answered: Ping → Pong (unless `answerPing` is false); CoreShowChannels / DeviceStateList /
 * ExtensionStateList → the list recorded in `lists[action]` (a fixture file name: its list frames,
 * ActionIDs rewritten) or an empty list; Logoff → Goodbye + close; anything else → `Response: Success`
 * (or `responses[action]`, e.g. `{ Response: 'Error', Message: 'No such channel' }`). `onAction` may
 * take over any action (return true to skip the default answer).
 * `stop()` closes the server and every client; `restart()` listens again on the same port.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { isAbsolute, join } from 'node:path';
import { AmiFrameParser } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { asteriskFixturesDir } from './shared.js';

export const AMI_FIXTURES = asteriskFixturesDir;

export type ListAction = 'CoreShowChannels' | 'DeviceStateList' | 'ExtensionStateList';

export interface AmiLoopbackOptions {
  /** fixture file name (in AMI_FIXTURES) or absolute path; none: banner + login only */
  readonly fixture?: string;
  readonly chunking?: { readonly seed: number; readonly maxChunk: number };
  readonly delayMs?: number;
  readonly secret?: string;
  readonly refuseLogin?: boolean;
  readonly dropAfterBytes?: number;
  readonly replayOnEveryConnection?: boolean;
  readonly answerPing?: boolean;
  readonly lists?: Partial<Record<ListAction, string>>;
  readonly responses?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly onAction?: (action: AmiFrame, reply: (raw: string) => void, socket: net.Socket) => boolean;
  readonly port?: number;
}

export interface AmiLoopback {
  readonly url: string;
  readonly port: number;
  readonly received: AmiFrame[];
  /** TCP connections accepted so far */
  readonly connections: () => number;
  answerPing: boolean;
  actions(name: string): AmiFrame[];
  waitForAction(name: string, count?: number, timeoutMs?: number): Promise<AmiFrame>;
  /** write raw bytes (e.g. an event frame) to every logged-in client */
  broadcast(raw: string): void;
  /** destroy every client socket (the server keeps listening) */
  dropClients(): void;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** mulberry32: a small seeded RNG so re-chunking is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cut `buf` at random boundaries (1…maxChunk bytes), reproducibly. */
export function rechunk(buf: Buffer, seed: number, maxChunk: number): Buffer[] {
  const random = seededRandom(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length;) {
    const n = 1 + Math.floor(random() * maxChunk);
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

export const fixturePath = (name: string): string => (isAbsolute(name) ? name : join(AMI_FIXTURES, name));

interface Transcript {
  readonly banner: string;
  readonly login: string | null;
  readonly rest: Buffer;
}

/** Split a `.ami` capture into banner line, login response frame (raw) and the rest (bytes). */
export function splitTranscript(bytes: Buffer): Transcript {
  const nl = bytes.indexOf('\n');
  const banner = bytes.toString('utf8', 0, nl + 1);
  const end = bytes.indexOf('\r\n\r\n', nl + 1);
  if (end < 0) return { banner, login: null, rest: Buffer.alloc(0) };
  return { banner, login: bytes.toString('utf8', nl + 1, end + 4), rest: bytes.subarray(end + 4) };
}

const withActionId = (raw: string, id: string): string => raw.replace(/^ActionID: .*$/m, `ActionID: ${id}`);

/** The raw frames of list `action` in a fixture (response, items, …Complete), ActionID unchanged. */
export function listFrames(fixture: string, action: ListAction): string[] {
  const frames = readFileSync(fixturePath(fixture), 'utf8').split('\r\n\r\n').map((f) => `${f}\r\n\r\n`);
  const complete = frames.find((f) => f.startsWith(`Event: ${action}Complete\r\n`));
  const id = complete === undefined ? null : /^ActionID: (.*)$/m.exec(complete)?.[1];
  if (id === null || id === undefined) return [];
  return frames.filter((f) => f.includes(`\r\nActionID: ${id}\r\n`) || f.startsWith(`ActionID: ${id}\r\n`));
}

function emptyList(action: string, id: string): string {
  return `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: ${action} will follow\r\n\r\n`
    + `Event: ${action}Complete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`;
}

const format = (fields: Readonly<Record<string, string>>): string =>
  `${Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** Replay state of one client socket during a delayed stream: answers wait for a frame boundary. */
type Held = Map<net.Socket, (string | Buffer)[]>;

class AmiLoopbackServer implements AmiLoopback {
  readonly received: AmiFrame[] = [];
  answerPing: boolean;
  port = 0;
  private readonly transcript: Transcript | null;
  private readonly clients = new Set<net.Socket>();
  private readonly loggedIn = new Set<net.Socket>();
  private readonly waiters = new Set<() => void>();
  private readonly held: Held = new Map();
  private accepted = 0;
  private server: net.Server;

  constructor(private readonly options: AmiLoopbackOptions) {
    this.transcript = options.fixture === undefined ? null : splitTranscript(readFileSync(fixturePath(options.fixture)));
    this.answerPing = options.answerPing ?? true;
    this.server = net.createServer((socket) => this.onConnection(socket));
  }

  get url(): string {
    return `ami://zari:secret@127.0.0.1:${this.port}`;
  }

  connections = (): number => this.accepted;

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      });
    });
  }

  actions(name: string): AmiFrame[] {
    return this.received.filter((f) => f.fields['Action'] === name);
  }

  waitForAction(name: string, count = 1, timeoutMs = 5000): Promise<AmiFrame> {
    return new Promise<AmiFrame>((resolve, reject) => {
      const check = (): void => {
        const found = this.actions(name)[count - 1];
        if (found === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for action ${name} #${count}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  broadcast(raw: string): void {
    for (const s of this.loggedIn) this.reply(s, raw);
  }

  dropClients(): void {
    for (const s of this.clients) s.destroy();
  }

  async stop(): Promise<void> {
    this.dropClients();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    this.server = net.createServer((socket) => this.onConnection(socket));
    await this.listen(this.port);
  }

  close(): Promise<void> {
    return this.stop();
  }

  private reply(socket: net.Socket, raw: string | Buffer): void {
    const queue = this.held.get(socket);
    if (queue !== undefined) queue.push(raw);
    else if (!socket.destroyed) socket.write(raw);
  }

  private release(socket: net.Socket): void {
    const queue = this.held.get(socket) ?? [];
    this.held.delete(socket);
    for (const raw of queue) this.reply(socket, raw);
  }

  private onConnection(socket: net.Socket): void {
    this.accepted++;
    const first = this.accepted === 1;
    this.clients.add(socket);
    socket.on('close', () => {
      this.clients.delete(socket);
      this.loggedIn.delete(socket);
    });
    socket.on('error', () => undefined);
    const parser = new AmiFrameParser();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of parser.push(chunk)) this.onAction(socket, frame, first);
    });
    socket.write(this.transcript?.banner ?? 'Asterisk Call Manager/11.0.0\r\n');
  }

  private onAction(socket: net.Socket, frame: AmiFrame, first: boolean): void {
    this.received.push(frame);
    for (const w of [...this.waiters]) w();
    if (this.options.onAction?.(frame, (raw) => this.reply(socket, raw), socket) === true) return;
    if (frame.fields['Action'] === 'Login') this.onLogin(socket, frame, first);
    else if (this.loggedIn.has(socket)) this.answer(socket, frame);
  }

  private onLogin(socket: net.Socket, frame: AmiFrame, first: boolean): void {
    const id = frame.fields['ActionID'] ?? '';
    const wrongSecret = this.options.secret !== undefined && frame.fields['Secret'] !== this.options.secret;
    const fixtureRefuses = this.transcript?.login?.startsWith('Response: Error') === true;
    if (this.options.refuseLogin === true || wrongSecret || fixtureRefuses) {
      this.reply(socket, format({ Response: 'Error', ActionID: id, Message: 'Authentication failed' }));
      socket.end();
      return;
    }
    const login = this.transcript?.login ?? 'Response: Success\r\nActionID: x\r\nMessage: Authentication accepted\r\n\r\n';
    this.reply(socket, withActionId(login, id));
    this.loggedIn.add(socket);
    if (this.transcript !== null && (first || this.options.replayOnEveryConnection === true)) {
      this.stream(socket, first ? this.options.dropAfterBytes : undefined);
    }
  }

  private answer(socket: net.Socket, frame: AmiFrame): void {
    const action = frame.fields['Action'] ?? '';
    const id = frame.fields['ActionID'] ?? '';
    if (action === 'Ping') {
      if (this.answerPing) this.reply(socket, format({ Response: 'Success', ActionID: id, Ping: 'Pong', Timestamp: '1795829496.000000' }));
    } else if (action === 'CoreShowChannels' || action === 'DeviceStateList' || action === 'ExtensionStateList') {
      const from = this.options.lists?.[action];
      const frames = from === undefined ? [] : listFrames(from, action);
      this.reply(socket, frames.length === 0 ? emptyList(action, id) : frames.map((f) => withActionId(f, id)).join(''));
    } else if (action === 'Logoff') {
      this.reply(socket, format({ Response: 'Goodbye', ActionID: id, Message: 'Thanks for all the fish.' }));
      socket.end();
    } else {
      const custom = this.options.responses?.[action] ?? {};
      this.reply(socket, format({ Response: 'Success', Message: `${action} accepted`, ...custom, ActionID: id }));
    }
  }

  /** Stream the transcript after the login answer: seeded chunks, optional delays and cut-off. */
  private stream(socket: net.Socket, drop: number | undefined): void {
    const rest = drop === undefined ? this.transcript!.rest : this.transcript!.rest.subarray(0, drop);
    const chunking = this.options.chunking;
    const random = chunking === undefined ? null : seededRandom(chunking.seed);
    const delay = this.options.delayMs ?? 0;
    const atBoundary = (pos: number): boolean => pos === 0 || rest.subarray(pos - 4, pos).toString('latin1') === '\r\n\r\n';
    let pos = 0;
    if (delay > 0) this.held.set(socket, []);
    const writeOne = (): void => {
      let end = random === null || chunking === undefined ? rest.length : Math.min(rest.length, pos + 1 + Math.floor(random() * chunking.maxChunk));
      if ((this.held.get(socket)?.length ?? 0) > 0 && !atBoundary(pos)) {
        const b = rest.indexOf('\r\n\r\n', pos);
        end = Math.min(end, b < 0 ? rest.length : b + 4);
      }
      socket.write(rest.subarray(pos, end));
      pos = end;
      if (atBoundary(pos) && this.held.has(socket)) {
        this.release(socket);
        if (pos < rest.length) this.held.set(socket, []);
      }
    };
    const done = (): void => {
      this.release(socket);
      if (drop !== undefined) socket.end();
    };
    const step = (): void => {
      if (socket.destroyed) return;
      writeOne();
      if (pos >= rest.length) done();
      else if (delay > 0) setTimeout(step, delay);
    };
    if (delay > 0) return step();
    while (pos < rest.length) writeOne();
    done();
  }
}

export async function startAmiLoopback(options: AmiLoopbackOptions = {}): Promise<AmiLoopback> {
  const server = new AmiLoopbackServer(options);
  await server.listen(options.port ?? 0);
  return server;
}
