/**
 * Every scenario of the real Asterisk 22.10.1 transcripts, replayed through the test frame splitter →
 * mapAmiFrame → CallTracker, must produce exactly the logical calls of expected.json.
 */
import { basename } from 'node:path';
import { asExpected, comparable, expectedCalls, fixtureEvents, fixtureFrames, replay } from '../helpers/ami-frames.js';

const scenarios = Object.entries(expectedCalls());

describe('call tracker on the real Asterisk transcripts', () => {
  it('covers every scenario of expected.json', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(16);
  });

  it.each(scenarios)('%s', (name, calls) => {
    const { tracker, ended, warnings } = replay(fixtureEvents(name));
    expect(warnings).toEqual([]);
    expect(tracker.liveCalls()).toEqual([]);
    expect(ended.map(asExpected)).toEqual(calls.map(comparable));
    calls.forEach((want, i) => {
      const got = ended[i]!;
      if (want.caller_name !== undefined) expect(got.externalName).toBe(want.caller_name);
      expect(got.queue).toBe(want.queue ?? null);
      expect(got.state).toBe('ended');
      expect(got.ringingNow).toEqual([]);
      expect(got.extensionChannels).toEqual({});
      // expected.json names the file for 01 and 12 and mentions the empty one of 02; it says null for the
      // other MixMonitor'ed calls although their transcripts do set MIXMONITOR_FILENAME: the tracker reports
      // exactly the files Asterisk announced.
      const announced = fixtureFrames(name)
        .filter((f) => f.fields.Event === 'VarSet' && f.fields.Variable === 'MIXMONITOR_FILENAME')
        .map((f) => f.fields.Value);
      expect(got.recordings).toEqual(announced);
      if (want.recording?.includes('.wav') === true) {
        expect(got.recordings.map((r) => basename(r))).toContain(want.recording.split(' ')[0]);
      } else if (want.recording !== null) {
        expect(got.recordings).toHaveLength(1);
      }
    });
  });

  it('01: ring and talk time, recording path, customer channel', () => {
    const { ended } = replay(fixtureEvents('01-inbound-answered'));
    const call = ended[0]!;
    expect(call).toMatchObject({
      did: '5550100', externalNumber: '+995322123456', customerChannel: 'PJSIP/trunk-00000000',
      recordings: ['/var/spool/asterisk/monitor/1795829496.0.wav'], pbx: 'asterisk',
    });
    expect(call.answeredAt).not.toBeNull();
    expect(call.endedAt! - call.startedAt).toBeGreaterThan(0);
  });
});
