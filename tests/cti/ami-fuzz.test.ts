import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmiFrameParser } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { AMI_FIXTURES, rechunk, seededRandom } from '../helpers/ami-loopback.js';

const source = readFileSync(join(AMI_FIXTURES, '06-attended-transfer-ami-atxfer.ami'), 'utf8');
const realFrames = source.slice(source.indexOf('\n') + 1).split('\r\n\r\n').filter((f) => f !== '');
const NOISE = ['\r', '\n', ':', ': ', '\r\n', '\0', '\u00ff', 'ნ', '😀', 'Response: Follows\r\n', '--END COMMAND--', ' ', 'Event', '\r\n\r\n'];

/** A broken frame: a real one truncated, with bytes flipped or noise inserted, sometimes unterminated. */
function brokenFrame(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let f = pick(realFrames);
  f = f.slice(0, Math.floor(random() * (f.length + 1)));
  const edits = Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (f.length + 1));
    f = random() < 0.5 ? f.slice(0, at) + pick(NOISE) + f.slice(at) : f.slice(0, at) + f.slice(at + 1 + Math.floor(random() * 20));
  }
  const r = random();
  if (r < 0.1) return f; // unterminated: runs into the next one
  if (r < 0.2) return `${f}\n\n`;
  if (r < 0.25) return Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))).toString('latin1');
  return `${f}\r\n\r\n`;
}

const VALID = 'Event: Hangup\r\nChannel: PJSIP/201-00000001\r\nUniqueid: 1795829496.1\r\nLinkedid: 1795829496.0\r\nCause: 16\r\nCause-txt: Normal Clearing\r\n\r\n';

function run(chunks: readonly Buffer[]): { frames: AmiFrame[]; parser: AmiFrameParser } {
  const parser = new AmiFrameParser();
  const frames: AmiFrame[] = [];
  for (const c of chunks) frames.push(...parser.push(c));
  return { frames, parser };
}

describe('AMI frame parser fuzz', () => {
  const random = seededRandom(20261128);
  const garbage = Array.from({ length: 10_000 }, () => brokenFrame(random)).join('');
  // the stream resyncs at a blank line: a frame left open by the garbage is closed before the valid one
  const stream = Buffer.from(`Asterisk Call Manager/11.0.0\r\n${garbage}\r\n\r\n${VALID}`, 'utf8');

  it('10,000 malformed/truncated frames then one valid frame: no throw, the valid frame is parsed', () => {
    const { frames, parser } = run([stream]);
    expect(frames.at(-1)?.fields).toEqual({
      Event: 'Hangup', Channel: 'PJSIP/201-00000001', Uniqueid: '1795829496.1', Linkedid: '1795829496.0', Cause: '16', 'Cause-txt': 'Normal Clearing',
    });
    expect(parser.stats.malformedLines).toBeGreaterThan(100);
    expect(frames.length).toBeGreaterThan(5000);
  });

  it('gives the same frames whatever the chunking', () => {
    const whole = run([stream]).frames;
    for (const [seed, max] of [[1, 7], [2, 300], [3, 5000]] as const) {
      expect(run(rechunk(stream, seed, max)).frames).toEqual(whole);
    }
  });

  it('survives pure random bytes', () => {
    const r = seededRandom(7);
    const bytes = Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(r() * 256)));
    const { frames } = run([...rechunk(bytes, 9, 4000), Buffer.from(`\r\n\r\n${VALID}`)]);
    expect(frames.at(-1)?.fields['Event']).toBe('Hangup');
  });
});
