import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asteriskFixturesDir } from './shared.js';

/**
 * A call kept live on the loopback Asterisk: 01-inbound-answered cut right after both legs entered the bridge
 * (the call is up, answered by 201), the rest of it to send later, and what Asterisk answers to
 * CoreShowChannels while that call is up (the shape of 14-core-show-channels-live, ids rewritten).
 */
const fixture = (name: string): string => readFileSync(path.join(asteriskFixturesDir, name), 'latin1');

export function splitAnsweredCall(): { head: string; tail: string } {
  const text = fixture('01-inbound-answered.ami');
  const second = text.indexOf('Event: BridgeEnter', text.indexOf('Event: BridgeEnter') + 1);
  const end = text.indexOf('\r\n\r\n', second) + 4;
  const tail = text.slice(end);
  return { head: text.slice(0, end), tail: tail.slice(0, tail.indexOf('Response: Goodbye')) };
}

/** Writes a transcript to a temp file (the loopback server replays files). */
export function tempTranscript(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'zari-ami-')), 'transcript.ami');
  writeFileSync(file, text, 'latin1');
  return file;
}

export function liveChannelsReply(actionId: string): string {
  const text = fixture('14-core-show-channels-live.ami');
  const start = text.indexOf('Response: Success\r\nActionID: csc-1');
  const end = text.indexOf('\r\n\r\n', text.indexOf('Event: CoreShowChannelsComplete')) + 4;
  return text.slice(start, end).replaceAll('csc-1', actionId)
    .replaceAll('trunk-00000022', 'trunk-00000000').replaceAll('201-00000023', '201-00000001')
    .replaceAll('1795829703.36', '1795829496.0').replaceAll('1795829703.37', '1795829496.1');
}

export const emptyChannelsReply = (actionId: string): string =>
  `Response: Success\r\nActionID: ${actionId}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n`
  + `Event: CoreShowChannelsComplete\r\nActionID: ${actionId}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`;

/** Polls `probe` until it returns something truthy. */
export async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
