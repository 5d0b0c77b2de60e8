/**
 * A tiny, deliberately naive AMI frame splitter for tests: an independent oracle for the real streaming
 * parser (cti/drivers/asterisk-ami/ami-frame-parser.ts). Whole transcript in, frames out: split on the
 * blank line, drop the banner line, `Key: Value` lines, repeated keys collected into `lists`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmiFrame } from '../../cti/drivers/asterisk-ami/ami-frame.js';
import { mapAmiFrame } from '../../cti/drivers/asterisk-ami/map-ami-event.js';
import type { PbxEvent } from '../../cti/domain/call-event.js';
import { CallTracker } from '../../cti/domain/call-tracker.js';
import type { TrackedCall } from '../../cti/domain/tracked-call.js';
import { silentLogger } from '../../kernel/index.js';
import { asteriskFixturesDir } from './shared.js';

/** Same location and override as the other AMI helpers and the ingest benchmark. */
export const asteriskFixtures = asteriskFixturesDir;

export function splitAmiFrames(transcript: string): AmiFrame[] {
  const frames: AmiFrame[] = [];
  for (const block of transcript.split('\r\n\r\n')) {
    const fields: Record<string, string> = {};
    let lists: Record<string, string[]> | null = null;
    for (const line of block.split('\r\n')) {
      if (line === '' || line.startsWith('Asterisk Call Manager/')) continue;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const key = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (!(key in fields)) {
        fields[key] = value;
        continue;
      }
      lists ??= {};
      (lists[key] ??= [fields[key] ?? '']).push(value);
    }
    if (Object.keys(fields).length > 0) frames.push({ fields, lists });
  }
  return frames;
}

/** The frames of one fixture transcript, e.g. `01-inbound-answered`. */
export function fixtureFrames(name: string, dir = asteriskFixtures): AmiFrame[] {
  return splitAmiFrames(readFileSync(join(dir, `${name}.ami`), 'utf8'));
}

/** Frames of a fixture, timed `stepMs` apart from `startAt` (the transcripts carry no Timestamp). */
export function timedFixtureFrames(name: string, startAt = 1_795_829_000_000, stepMs = 10): { frame: AmiFrame; at: number }[] {
  return fixtureFrames(name).map((frame, i) => ({ frame, at: startAt + i * stepMs }));
}

/** A fixture mapped to PbxEvents (frames `stepMs` apart). */
export function fixtureEvents(name: string, startAt?: number, stepMs?: number): PbxEvent[] {
  return timedFixtureFrames(name, startAt, stepMs).flatMap(({ frame, at }) => mapAmiFrame(frame, at));
}

export interface Replay {
  readonly tracker: CallTracker;
  readonly ended: TrackedCall[];
  readonly warnings: string[];
}

/** Feed events to a (new) tracker, collecting ended calls and warnings. */
export function replay(events: readonly PbxEvent[], tracker = new CallTracker({ logger: silentLogger() })): Replay {
  const ended: TrackedCall[] = [];
  const warnings: string[] = [];
  tracker.events.on('call.ended', ({ call }) => ended.push(call));
  tracker.events.on('warning', (w) => warnings.push(`${w.type}: ${w.reason}`));
  for (const e of events) tracker.handle(e);
  return { tracker, ended, warnings };
}

/** A tracked call in the vocabulary of the fixtures' expected.json. */
export function asExpected(call: TrackedCall) {
  return {
    linkedid: call.callId, direction: call.direction, from: call.from, to: call.to, rang: call.rang,
    answered_by: call.answeredBy, final_party: call.finalParty, outcome: call.outcome, missed_call: call.missed,
    transfers: call.transfers.map((t) => ({ type: t.kind, from: t.from, to: t.to })),
  };
}

export interface ExpectedCall {
  linkedid: string; direction: string; from: string; to: string; rang: string[];
  answered_by: string | null; final_party: string | null; outcome: string; missed_call: boolean;
  transfers: { type: string; from: string; to: string; by?: string }[]; recording: string | null;
  caller_name?: string; queue?: string;
}

export function expectedCalls(): Record<string, ExpectedCall[]> {
  const doc = JSON.parse(readFileSync(join(asteriskFixtures, 'expected.json'), 'utf8')) as { scenarios: Record<string, ExpectedCall[]> };
  return doc.scenarios;
}

/** The fields of expected.json that `asExpected` produces. */
export function comparable(e: ExpectedCall) {
  const { linkedid, direction, from, to, rang, answered_by, final_party, outcome, missed_call } = e;
  const transfers = e.transfers.map(({ type, from: f, to: t }) => ({ type, from: f, to: t }));
  return { linkedid, direction, from, to, rang, answered_by, final_party, outcome, missed_call, transfers };
}
