import { decodePdu, encodeDeliver, SmsReassembler, type InboundMessage, type SmsDeliver } from '../../sms/index.js';
import { loadSmsFixture } from './fixtures.js';

const vectors = loadSmsFixture<{ id: string; pdu_hex: string }[]>('vectors.json');
const deliver = (hex: string): SmsDeliver => {
  const p = decodePdu(hex);
  if (p.type !== 'SMS-DELIVER') throw new Error('deliver expected');
  return p;
};
const vector = (id: string): SmsDeliver => deliver(vectors.find((v) => v.id === id)!.pdu_hex);

/** Deterministic shuffle (seeded LCG) so a failure is reproducible. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function setup(timeoutMs = 60_000): { r: SmsReassembler; emitted: InboundMessage[]; clock: { now: number } } {
  const clock = { now: 1_000_000 };
  const r = new SmsReassembler({ clock: () => clock.now, timeoutMs });
  const emitted: InboundMessage[] = [];
  r.events.on('message', (m) => emitted.push(m));
  return { r, emitted, clock };
}

const texts: [number, string][] = [
  [3, `Georgian: ${'გამარჯობა მეგობარო! '.repeat(8)}`],
  [4, `GSM-7 with escapes {[€]} ${'lorem ipsum dolor sit amet ~|^ '.repeat(14)}`],
  [5, `Cyrillic and emoji 🙂 ${'Привет, как дела? '.repeat(15)}`],
];

describe('reassembly of concatenated SMS', () => {
  it.each(texts)('reassembles %i parts delivered in shuffled order', (parts, text) => {
    const enc = encodeDeliver({ from: '+995555123456', text, timestamp: '2026-11-28T10:00:00+04:00', concatRef: 42 });
    expect(enc.parts).toHaveLength(parts);
    const { r, emitted } = setup();
    const results = shuffled(enc.parts, parts * 7919).map((p) => r.push(deliver(p.pdu)));
    expect(results.slice(0, -1).every((x) => x === null)).toBe(true);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ text, complete: true, missing: [], concat: { ref: 42, refBits: 8, total: parts } });
    expect(r.pendingCount).toBe(0);
  });

  it('ignores duplicate parts', () => {
    const enc = encodeDeliver({ from: 'Bank', text: 'x'.repeat(400), timestamp: '2026-11-28T10:00:00Z', concatRef: 9 });
    const { r, emitted } = setup();
    const [a, b, c] = enc.parts.map((p) => deliver(p.pdu));
    for (const p of [a!, a!, b!, a!, c!, c!]) r.push(p);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.parts).toHaveLength(3);
    expect(emitted[0]!.text).toBe('x'.repeat(400));
  });

  it('emits an incomplete message, flagged, when the timeout expires', () => {
    const enc = encodeDeliver({ from: '+79161234567', text: 'Ж'.repeat(300), timestamp: '2026-11-28T10:00:00+03:00', concatRef: 5 });
    const { r, emitted, clock } = setup(30_000);
    r.push(deliver(enc.parts[0]!.pdu));
    r.push(deliver(enc.parts[2]!.pdu));
    clock.now += 29_999;
    expect(r.sweep()).toEqual([]);
    clock.now += 1;
    const [m] = r.sweep();
    expect(m).toMatchObject({ complete: false, missing: [2, 4, 5].slice(0, enc.parts.length - 2) });
    expect(m!.text).toBe(enc.parts[0]!.text + enc.parts[2]!.text);
    expect(emitted).toEqual([m]);
    expect(r.pendingCount).toBe(0);
  });

  it('passes single-part messages (and concat IEs with total 1) straight through', () => {
    const { r, emitted } = setup();
    expect(r.push(vector('gsmmodem-decode-06'))?.text).toMatch(/^Hello!You have R 19.50/);
    expect(emitted).toHaveLength(1);
  });

  it('reassembles real 16-bit-ref parts and keeps a reused ref with another total apart (node-pdu vectors)', () => {
    const { r, emitted } = setup();
    for (const id of ['nodepdu-15', 'nodepdu-10', 'nodepdu-12', 'nodepdu-13', 'nodepdu-11', 'nodepdu-09', 'nodepdu-14']) r.push(vector(id));
    expect(emitted.map((m) => m.text).sort()).toEqual(['Hello, world!', 'Hi, world!', "What's up, man?"]);
  });

  it('joins parts whose SMSC differs (ModemManager vectors)', () => {
    const { r } = setup();
    r.push(vector('mm-decode-12'));
    const m = r.push(vector('mm-decode-11'));
    expect(m?.text).toBe(
      'This is a very long test designed to exercise multi part capability. It should show up as one message, not as two, as the underlying encoding represents that the parts are related to one another. ',
    );
  });
});
