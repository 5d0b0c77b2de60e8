import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AmiFrameParser } from '../../cti/drivers/asterisk-ami/ami-frame-parser.js';
import { createAmiEventFilter } from '../../cti/drivers/asterisk-ami/ami-event-filter.js';
import { mapAmiFrame, mappedAmiEvents } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import { asteriskFixturesDir } from '../helpers/shared.js';

/** The pre-decode filter drops only what the mapper would drop anyway, and never a list item or a response. */
const transcripts = readdirSync(asteriskFixturesDir).filter((f) => f.endsWith('.ami'));

describe('AMI event filter', () => {
  it.each(transcripts)('%s: filtered and unfiltered parsing map to the same PbxEvents', (file) => {
    const bytes = readFileSync(path.join(asteriskFixturesDir, file));
    const all = new AmiFrameParser().push(bytes);
    const filtered = new AmiFrameParser({ skip: createAmiEventFilter(mappedAmiEvents) });
    const kept = filtered.push(bytes);
    const events = (frames: typeof all) => frames.flatMap((f) => mapAmiFrame(f, 0));
    expect(events(kept)).toEqual(events(all));
    // responses and list items (ActionID) all survive
    const withActionId = (frames: typeof all) => frames.filter((f) => f.fields['ActionID'] !== undefined).length;
    expect(withActionId(kept)).toBe(withActionId(all));
    expect(filtered.stats.skipped + kept.length).toBe(all.length);
  });

  it('drops most of the traffic of a real call (VarSet, RTCP, Newexten noise)', () => {
    const bytes = readFileSync(path.join(asteriskFixturesDir, '01-inbound-answered.ami'));
    const parser = new AmiFrameParser({ skip: createAmiEventFilter(mappedAmiEvents) });
    const kept = parser.push(bytes);
    expect(parser.stats.skipped).toBeGreaterThan(kept.length);
    expect(kept.some((f) => f.fields['Variable'] === 'MIXMONITOR_FILENAME')).toBe(true);
  });
});
