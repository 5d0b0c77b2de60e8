/**
 * The naive test splitter (tests/helpers/ami-frames.ts) as an oracle for the streaming AmiFrameParser:
 * every transcript, fed in awkward chunk sizes, gives the same frames either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmiFrameParser } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { asteriskFixtures, splitAmiFrames } from '../helpers/ami-frames.js';

const names = ['01-inbound-answered', '06-attended-transfer-ami-atxfer', '09-click-to-dial', '14-core-show-channels-live', '16-device-state-list', '20-fax-receive-local'];

const plain = (f: AmiFrame) => ({ fields: { ...f.fields }, lists: f.lists === null ? null : { ...f.lists } });

describe('AmiFrameParser agrees with the test splitter', () => {
  it.each(names)('%s', (name) => {
    const bytes = readFileSync(join(asteriskFixtures, `${name}.ami`));
    const oracle = splitAmiFrames(bytes.toString('utf8')).map(plain);
    for (const chunk of [1, 7, 4096]) {
      const parser = new AmiFrameParser();
      const frames: AmiFrame[] = [];
      for (let i = 0; i < bytes.length; i += chunk) frames.push(...parser.push(bytes.subarray(i, i + chunk)));
      expect(frames.map(plain)).toEqual(oracle);
    }
  });
});
