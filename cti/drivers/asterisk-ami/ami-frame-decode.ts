import type { AmiFrame } from './ami-frame.js';

/**
 * Decoding of one frame's text (already cut at its blank line by the parser) into AmiFrame values.
 * String scanning only: `indexOf` per line, no regular expressions, no per-line allocations beyond
 * the key and value slices.
 */
export interface DecodeCounters {
  malformedLines: number;
}

const END_COMMAND = '--END COMMAND--';

interface Builder {
  fields: Record<string, string>;
  lists: Record<string, string[]> | null;
  count: number;
}

const newBuilder = (): Builder => ({ fields: {}, lists: null, count: 0 });

function addField(b: Builder, key: string, value: string): void {
  const prev = b.fields[key];
  // typeof check: inherited Object.prototype members (toString, constructor…) are functions, not strings
  if (typeof prev !== 'string') {
    b.fields[key] = value;
  } else {
    b.lists ??= {};
    const list = b.lists[key];
    if (list === undefined) b.lists[key] = [prev, value];
    else list.push(value);
  }
  b.count++;
}

function flush(b: Builder, out: AmiFrame[]): number {
  if (b.count === 0) return 0;
  out.push({ fields: b.fields, lists: b.lists });
  return 1;
}

/** Offset of the key/value separator in text[start, lineEnd): `: ` preferred, bare `:` tolerated. */
function separator(text: string, start: number, lineEnd: number): number {
  const c = text.indexOf(': ', start);
  if (c >= 0 && c < lineEnd) return c;
  const bare = text.indexOf(':', start);
  return bare >= 0 && bare < lineEnd ? bare : -1;
}

/**
 * Decode `text` (one frame; may hold several if it contains inner blank lines) and push the frames
 * to `out`. Returns how many frames were pushed.
 */
export function decodeFrame(text: string, counters: DecodeCounters, out: AmiFrame[]): number {
  const n = text.length;
  let b = newBuilder();
  let pushed = 0;
  let i = 0;
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = n;
    const lineEnd = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (lineEnd === i) {
      pushed += flush(b, out);
      b = newBuilder();
    } else if (b.count === 0 && isFollowsLine(text, i, lineEnd)) {
      addField(b, 'Response', text.slice(i + 10, lineEnd));
      i = decodeFollows(text, nl + 1, b, counters);
      pushed += flush(b, out);
      b = newBuilder();
      continue;
    } else {
      const c = separator(text, i, lineEnd);
      const key = c > i ? text.slice(i, c) : '';
      if (key === '' || key === '__proto__') counters.malformedLines++;
      else addField(b, key, text.slice(text.charCodeAt(c + 1) === 32 ? c + 2 : c + 1, lineEnd));
    }
    i = nl + 1;
  }
  return pushed + flush(b, out);
}

function isFollowsLine(text: string, start: number, lineEnd: number): boolean {
  return lineEnd - start === 17 && text.slice(start, lineEnd).toLowerCase() === 'response: follows';
}

/** A header line: `Key: value` with a key without spaces (command-output lines do not qualify). */
function headerKeyEnd(text: string, start: number, lineEnd: number): number {
  const c = separator(text, start, lineEnd);
  if (c <= start) return -1;
  const space = text.indexOf(' ', start);
  return space >= 0 && space < c ? -1 : c;
}

/**
 * The rest of a `Response: Follows` frame: header lines, then the command output (raw, line ends
 * kept) up to `--END COMMAND--`, stored as `Output`. An `Output:` header starts the body too
 * (AMI 2.x transitional form). Returns the offset after the frame (or after the end marker line).
 */
function decodeFollows(text: string, start: number, b: Builder, counters: DecodeCounters): number {
  const n = text.length;
  let i = start;
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = n;
    const lineEnd = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (lineEnd === i) return nl + 1;
    const c = headerKeyEnd(text, i, lineEnd);
    const key = c > 0 ? text.slice(i, c) : '';
    if (key === '' || key === 'Output') {
      const bodyStart = key === '' ? i : text.charCodeAt(c + 1) === 32 ? c + 2 : c + 1;
      return readBody(text, bodyStart, b, counters);
    }
    if (key === '__proto__') counters.malformedLines++;
    else addField(b, key, text.slice(text.charCodeAt(c + 1) === 32 ? c + 2 : c + 1, lineEnd));
    i = nl + 1;
  }
  return n;
}

function readBody(text: string, bodyStart: number, b: Builder, counters: DecodeCounters): number {
  const marker = text.indexOf(END_COMMAND, bodyStart);
  if (marker < 0) {
    // no end marker (a lone message): the body is the rest of the text
    addField(b, 'Output', text.slice(bodyStart));
    return text.length;
  }
  addField(b, 'Output', text.slice(bodyStart, marker));
  const nl = text.indexOf('\n', marker);
  if (nl < 0) return text.length;
  // anything after the end-marker line that belongs to this frame is unexpected; count it
  const rest = text.indexOf('\n', nl + 1);
  const tail = text.slice(nl + 1, rest < 0 ? text.length : rest).trim();
  if (tail !== '') counters.malformedLines++;
  return nl + 1;
}

/** True when every line of a frame's text looks like a header (a `Response: Follows` with no body). */
export function isHeaderOnly(text: string): boolean {
  const n = text.length;
  let i = text.indexOf('\n') + 1;
  if (i === 0) return true;
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = n;
    const lineEnd = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (lineEnd > i) {
      const c = headerKeyEnd(text, i, lineEnd);
      if (c < 0 || text.slice(i, c) === 'Output') return false;
    }
    i = nl + 1;
  }
  return true;
}

/** Command output of a `Command` action's response: old style (`Output` body) or new style (repeated `Output:`). */
export function commandOutput(frame: AmiFrame): string | null {
  const list = frame.lists?.['Output'];
  if (list !== undefined) return list.join('\n');
  return frame.fields['Output'] ?? null;
}

/** Case-insensitive field lookup (exact key first; AMI keys are case-insensitive, clients vary: `Actionid`). */
export function getField(frame: AmiFrame, name: string): string | undefined {
  const exact = frame.fields[name];
  if (typeof exact === 'string') return exact;
  const lower = name.toLowerCase();
  for (const key of Object.keys(frame.fields)) if (key.toLowerCase() === lower) return frame.fields[key];
  return undefined;
}
