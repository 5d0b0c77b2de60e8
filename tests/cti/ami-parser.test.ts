import { readdirSync, readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared.js';
import { join } from 'node:path';
import { AmiFrameParser, amiVersion } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import { commandOutput, getField } from '../../cti/drivers/asterisk-ami/ami-frame-decode.js';
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { AMI_FIXTURES, rechunk } from '../helpers/ami-loopback.js';

const VECTORS = process.env['ZARI_AMI_VECTORS'] ?? sharedPath('vectors', 'ami');

interface Cases {
  multivalue: { raw: string; expect: Record<string, unknown> }[];
  protocol_chunks: { chunks: string[] };
  goami2_streams: Record<string, { file: string; packets: number; events: string[] }>;
  goami2_parse: { raw: string; fields?: number; expect?: Record<string, string>; error?: string; lookup_case_insensitive?: Record<string, string>; roundtrip_exact?: boolean }[];
  amiws_command_output: { raw: string; expect: Record<string, string> }[];
  amiws_stream_scan: { cases: { buf: string; first_packet_len: number }[] };
  amiws_banner: { raw: string; version: number[] }[];
  pami_chanvariable: { name: string; raw?: string }[];
}

const cases = JSON.parse(readFileSync(join(VECTORS, 'ami-cases.json'), 'utf8')) as Cases;

/** Parse a whole byte string (pushed as one chunk) plus the unterminated tail. */
function parseAll(bytes: Buffer | string, parser = new AmiFrameParser()): AmiFrame[] {
  return [...parser.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8')), ...parser.finish()];
}

function parseChunks(chunks: readonly Buffer[]): AmiFrame[] {
  const parser = new AmiFrameParser();
  const out: AmiFrame[] = [];
  for (const c of chunks) out.push(...parser.push(c));
  return [...out, ...parser.finish()];
}

/** `ChanVariable: a=b` values → { a: 'b' } */
function vars(frame: AmiFrame, key: string): Record<string, string> {
  const values = frame.lists?.[key] ?? (frame.fields[key] === undefined ? [] : [frame.fields[key]]);
  return Object.fromEntries(values.map((v) => {
    const eq = v.indexOf('=');
    return eq < 0 ? [v, ''] : [v.slice(0, eq), v.slice(eq + 1)];
  }));
}

describe('AMI frame parser: vectors from ami-cases.json', () => {
  it('collects repeated keys into lists (LF-only lines)', () => {
    const [frame] = parseAll(cases.multivalue[0]!.raw);
    expect(frame?.fields['Value']).toBe('X');
    expect(frame?.lists?.['Value']).toEqual(['X', 'Y']);
  });

  it('reads a Response: Follows body', () => {
    const [frame] = parseAll(cases.multivalue[1]!.raw);
    expect(frame?.fields['Response']).toBe('Follows');
    expect(commandOutput(frame!)?.trim()).toBe('--- blah ---');
  });

  it('keeps ChanVariable values, including empty ones', () => {
    const [frame] = parseAll(cases.multivalue[2]!.raw);
    expect(vars(frame!, 'ChanVariable')).toEqual(cases.multivalue[2]!.expect['ChanVariable']);
  });

  it('parses every protocol chunk as one message', () => {
    const parser = new AmiFrameParser();
    for (const chunk of cases.protocol_chunks.chunks) expect(parser.push(Buffer.from(chunk))).toHaveLength(1);
  });

  it.each(Object.entries(cases.goami2_streams))('goami2 capture %s: packet count and first-field values', (_name, c) => {
    const frames = parseAll(readFileSync(join(VECTORS, c.file)));
    expect(frames).toHaveLength(c.packets);
    const first = new Set(frames.map((f) => Object.values(f.fields)[0]));
    expect([...first].sort()).toEqual([...c.events].sort());
  });

  it.each(cases.goami2_parse.filter((c) => c.error === undefined))('goami2 packet with $fields fields', (c) => {
    const [frame, ...more] = parseAll(c.raw);
    expect(more).toHaveLength(0);
    const count = Object.keys(frame!.fields).length + Object.values(frame!.lists ?? {}).reduce((n, l) => n + l.length - 1, 0);
    expect(count).toBe(c.fields);
    for (const [k, v] of Object.entries(c.lookup_case_insensitive ?? {})) expect(getField(frame!, k)).toBe(v);
    for (const [k, v] of Object.entries(c.expect ?? {})) {
      if (k.startsWith('var:')) expect(vars(frame!, 'ChanVariable')[k.slice(4)]).toBe(v);
      else expect(getField(frame!, k)).toBe(v);
    }
    if (c.roundtrip_exact === true) {
      expect(Object.entries(frame!.fields).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n').toBe(c.raw);
    }
  });

  it('goami2 error cases: no throw; nothing, or the valid lines only', () => {
    const [empty, truncated, foo, noColon] = cases.goami2_parse.filter((c) => c.error !== undefined);
    expect(parseAll(empty!.raw)).toEqual([]);
    const p = new AmiFrameParser();
    expect(p.push(Buffer.from(truncated!.raw))).toEqual([]);
    const fooParser = new AmiFrameParser();
    expect(parseAll(foo!.raw, fooParser)).toEqual([]);
    expect(fooParser.stats.malformedLines).toBe(1);
    const bad = new AmiFrameParser();
    const frames = parseAll(noColon!.raw, bad);
    expect(frames).toEqual([{ fields: { Event: 'MoH', Priv: 'all' }, lists: null }]);
    expect(bad.stats.malformedLines).toBe(1);
  });

  it.each(cases.amiws_command_output)('command output (amiws) %#', (c) => {
    const [frame, ...more] = parseAll(c.raw);
    expect(more).toHaveLength(0);
    for (const [k, v] of Object.entries(c.expect)) expect(frame?.fields[k]).toBe(v);
  });

  it.each(cases.amiws_stream_scan.cases)('stream scan: first packet of $first_packet_len bytes', (c) => {
    const parser = new AmiFrameParser();
    const frames = parser.push(Buffer.from(c.buf));
    if (c.first_packet_len <= 4) expect(frames).toHaveLength(0);
    else expect(frames.length).toBeGreaterThanOrEqual(1);
    const blankLines = c.buf.split('\r\n\r\n').length - 1;
    expect(frames.length).toBe(c.first_packet_len <= 4 ? 0 : blankLines);
  });

  it.each(cases.amiws_banner)('banner $raw', (c) => {
    const seen: string[] = [];
    const parser = new AmiFrameParser({ onBanner: (b) => seen.push(b) });
    expect(parser.push(Buffer.from(`${c.raw}Response: Success\r\nActionID: 1\r\n\r\n`))).toHaveLength(1);
    expect(seen).toEqual([c.raw.trim()]);
    expect(amiVersion(parser.banner!)).toEqual(c.version);
  });

  it('PAMI: ChanVariable(<channel>) sub-headers keep their channel in the key', () => {
    const raw = cases.pami_chanvariable[2]!.raw!;
    const [frame] = parseAll(raw);
    expect(vars(frame!, 'ChanVariable')).toEqual({ var1: '', var2: 'value2' });
    expect(vars(frame!, 'ChanVariable(Local/0@pbx_dial_callroute_to_endpoint-00000008;2)')).toEqual({ var3: 'value3', var4: 'value4', var5: 'value5' });
    expect(vars(frame!, 'ChanVariable(SIP/jw1034-00000010)')).toEqual({ var12: 'value12', var22: 'value22', var32: 'value32' });
  });

  it('PAMI: a list item without an Event header, and the banner with no blank line after it', () => {
    const list = parseAll(cases.pami_chanvariable[3]!.raw!);
    expect(list.map((f) => f.fields)).toEqual([
      { Response: 'Success', ActionID: '1432.123', Eventlist: 'start', Message: 'Channels will follow' },
      { Channel: 'pepe', Count: 'Blah' },
      { Event: 'CoreShowChannelsComplete', EventList: 'Complete', ListItems: '0', ActionID: '1432.123' },
    ]);
    const parser = new AmiFrameParser();
    const frames = parseAll(cases.pami_chanvariable[5]!.raw!, parser);
    expect(parser.banner).toBe('Asterisk Call Manager/1.1');
    expect(frames.map((f) => f.fields['Response'])).toEqual(['Success', 'Goodbye']);
  });

  it('keeps escaped \\r\\n inside values and values containing ": "', () => {
    const [frame] = parseAll('Event: PresenceStateChange\r\nMessage: away,things,stuff\\r\\nthings\r\nText: a: b: c\r\nEmpty: \r\n\r\n');
    expect(frame?.fields).toEqual({ Event: 'PresenceStateChange', Message: 'away,things,stuff\\r\\nthings', Text: 'a: b: c', Empty: '' });
  });

  it('never coerces values (Uniqueid, +995…)', () => {
    const [frame] = parseAll('Event: Newchannel\r\nUniqueid: 1795829496.10\r\nCallerIDNum: +995322123456\r\n\r\n');
    expect(frame?.fields['Uniqueid']).toBe('1795829496.10');
    expect(frame?.fields['CallerIDNum']).toBe('+995322123456');
  });
});

describe('AMI frame parser: panoramisk fixtures', () => {
  const dir = join(VECTORS, 'panoramisk-fixtures');
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));

  it.each(files)('%s: whole = 1-byte chunks = random chunks', (file) => {
    const bytes = readFileSync(join(dir, file));
    const whole = parseAll(bytes);
    expect(whole.length).toBeGreaterThanOrEqual(1);
    expect(parseChunks(rechunk(bytes, 1, 1))).toEqual(whole);
    expect(parseChunks(rechunk(bytes, 42, 50))).toEqual(whole);
  });

  /** the server's messages for the fixture's ActionID (the client's action, when recorded, excluded) */
  const replies = (file: string): AmiFrame[] => parseAll(readFileSync(join(dir, file)))
    .filter((f) => getField(f, 'Action') === undefined && getField(f, 'ActionID') === 'action/transaction_uid/1/1');

  it('expected message counts for QueueStatus (9 incl. the Response), PJSIPShowEndpoint (7)', () => {
    expect(replies('queue_status.txt')).toHaveLength(9);
    expect(replies('queue_add.txt').length).toBeGreaterThanOrEqual(1);
    expect(replies('pjsip_show_endpoint.txt')).toHaveLength(7);
  });

  it('command core show version: one Response: Follows whose body is the version line', () => {
    const [reply, ...more] = replies('command_core_show_version.txt');
    expect(more).toHaveLength(0);
    expect(reply?.fields['Response']).toBe('Follows');
    expect(commandOutput(reply!)).toMatch(/^Asterisk 11\.11\.0\+xivo.* 19:30:37 UTC\n$/);
  });

  it('AsyncAGI result, login failure, originate', () => {
    const agi = parseAll(readFileSync(join(dir, 'asyncagi_get_var.txt'))).filter((f) => f.fields['Event'] === 'AsyncAGI' || f.fields['Event'] === 'AsyncAGIExec');
    expect(decodeURIComponent(agi.at(-1)?.fields['Result'] ?? '')).toBe('200 result=1 (SIP/000000)\n');
    const failed = parseAll(readFileSync(join(dir, 'login_failed.txt')));
    expect(failed.at(-1)?.fields['Response']).toBe('Error');
    const originate = parseAll(readFileSync(join(dir, 'originate_sync.txt')));
    expect(originate.at(-1)?.fields['Message']).toBe('Originate successfully queued');
  });
});

describe('AMI frame parser: Asterisk 22.10.1 transcripts', () => {
  const files = readdirSync(AMI_FIXTURES).filter((f) => f.endsWith('.ami'));

  it.each(files)('%s: whole = 1-byte = random chunks; one frame per blank line', (file) => {
    const bytes = readFileSync(join(AMI_FIXTURES, file));
    const parser = new AmiFrameParser();
    const whole = parseAll(bytes, parser);
    expect(parser.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(parser.stats.malformedLines).toBe(0);
    expect(whole).toHaveLength(bytes.toString('latin1').split('\r\n\r\n').length - 1);
    expect(parseChunks(rechunk(bytes, 7, 1))).toEqual(whole);
    for (const seed of [1, 2, 3]) expect(parseChunks(rechunk(bytes, seed, 1 + seed * 300))).toEqual(whole);
  });

  it('keeps ChanVariable-style repeats and every field of a real event', () => {
    const frames = parseAll(readFileSync(join(AMI_FIXTURES, '01-inbound-answered.ami')));
    const first = frames.find((f) => f.fields['Event'] === 'Newchannel');
    expect(first?.fields).toMatchObject({ Channel: 'PJSIP/trunk-00000000', CallerIDNum: '+995322123456', CallerIDName: 'Acme Ltd', Uniqueid: '1795829496.0', Linkedid: '1795829496.0' });
  });
});

describe('AMI frame parser: UTF-8 and limits', () => {
  const frame = 'Event: Newchannel\r\nCallerIDName: ნინო ბერიძე — Zoë 😀\r\nUniqueid: 1.2\r\n\r\n';
  const bytes = Buffer.from(`Asterisk Call Manager/11.0.0\r\n${frame}${frame}`, 'utf8');

  it('decodes multi-byte characters split at every possible byte', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const frames = parseChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(frames).toHaveLength(2);
      expect(frames[1]?.fields['CallerIDName']).toBe('ნინო ბერიძე — Zoë 😀');
    }
  });

  it('drops a frame over 1 MiB without a terminator and resyncs at the next blank line', () => {
    const huge = Buffer.alloc(1_500_000, 0x41);
    const stream = Buffer.concat([Buffer.from('Event: A\r\nX: 1\r\n\r\nEvent: Big\r\nData: '), huge, Buffer.from('\r\n\r\nEvent: After\r\nY: 2\r\n\r\n')]);
    for (const chunk of [stream.length, 65_536, 1000]) {
      const parser = new AmiFrameParser();
      const frames = parseChunks(rechunk(stream, 1, chunk));
      const p2 = parseAll(stream, parser);
      expect(frames.map((f) => f.fields['Event'])).toEqual(['A', 'After']);
      expect(p2.map((f) => f.fields['Event'])).toEqual(['A', 'After']);
      expect(parser.stats.oversizedFrames).toBe(1);
    }
  });

  it('tolerates bare \\n line ends, stray blank lines and a bare-LF frame inside a CRLF stream', () => {
    const frames = parseAll('Event: A\r\nK: 1\r\n\r\n\r\nEvent: B\nK: 2\n\nEvent: C\r\nK: 3\r\n\r\n');
    expect(frames.map((f) => f.fields['Event'])).toEqual(['A', 'B', 'C']);
  });
});
