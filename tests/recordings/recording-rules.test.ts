import type { Actor } from '../../crm-core/index.js';
import {
  decideRecording, mayRecording, parseByteRange, parseOverrides, parseQaCriteria, recordingPolicyOf, weightedScore,
  type RecordingOp, type RecordingSubject,
} from '../../recordings/index.js';
import { spoolNameOf } from '../../zari-recordings.js';

/** The pure rules behind recordings: Range parsing, the access policy, the recording policy, QA scores. */
describe('parseByteRange', () => {
  it.each([
    [undefined, 1000, null],
    ['bytes=0-0', 1000, { start: 0, end: 0 }],
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=500-600', 1000, { start: 500, end: 600 }],
    ['bytes=900-5000', 1000, { start: 900, end: 999 }],
    ['bytes=-1', 1000, { start: 999, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    [' bytes=1-2 ', 1000, { start: 1, end: 2 }],
  ] as const)('%j of %d bytes → %j', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it.each(['bytes=1000-', 'bytes=2-1', 'bytes=-0', 'bytes=-', 'bytes=', 'bytes=a-b', 'bits=0-1', 'bytes=0-1,2-3', 'bytes=0x10-', 'bytes=1.5-2', 'bytes=-1-2', 'bytes=0-1; x'])(
    '%j → 416', (header) => {
      expect(() => parseByteRange(header, 1000)).toThrow(expect.objectContaining({ code: 'range_not_satisfiable', status: 416 }) as Error);
    });

  it('refuses any range of an empty file', () => {
    expect(() => parseByteRange('bytes=0-', 0)).toThrow(expect.objectContaining({ code: 'range_not_satisfiable' }) as Error);
    expect(() => parseByteRange('bytes=-10', 0)).toThrow(expect.objectContaining({ code: 'range_not_satisfiable' }) as Error);
  });
});

describe('mayRecording', () => {
  const actor = (role: Actor['role'], extras: Partial<Actor> = {}): Actor => ({ userId: 7, role, grants: [], extensions: [], ...extras });
  const mine: RecordingSubject = { participants: ['201'], userId: 3, clientId: 10, clientResponsibleUserId: 7 };
  const theirs: RecordingSubject = { participants: ['202'], userId: 4, clientId: 11, clientResponsibleUserId: 8 };
  const noClient: RecordingSubject = { participants: ['202'], userId: 4, clientId: null, clientResponsibleUserId: null };
  const ops: RecordingOp[] = ['play', 'download', 'score', 'legal-hold', 'usage', 'review'];
  const allowed = (a: Actor, s: RecordingSubject | null): RecordingOp[] => ops.filter((op) => mayRecording(a, op, s));

  it.each([
    ['admin', actor('admin'), theirs, ops],
    ['supervisor', actor('supervisor'), null, ops],
    ['participant by extension', actor('operator', { extensions: ['201'] }), mine, ['play']],
    ['participant by logged user', actor('operator', { userId: 3 }), mine, ['play']],
    ['operator of another call', actor('operator', { extensions: ['201'] }), theirs, []],
    ['manager + grant, own client', actor('manager', { grants: ['recordings:clients'] }), mine, ['play', 'download']],
    ['manager + grant, other client', actor('manager', { grants: ['recordings:clients'] }), theirs, []],
    ['manager + grant + clients:all, other client', actor('manager', { grants: ['recordings:clients', 'clients:all'] }), theirs, ['play', 'download']],
    ['manager + grant + clients:all, no client', actor('manager', { grants: ['recordings:clients', 'clients:all'] }), noClient, []],
    ['manager without grant, own client', actor('manager'), mine, []],
    ['secretary', actor('secretary', { extensions: ['202'] }), mine, []],
    ['telemarketer with no subject', actor('telemarketer'), null, []],
  ] as const)('%s', (_label, a, s, expected) => {
    expect(allowed(a, s)).toEqual(expected);
  });
});

describe('recording policy', () => {
  const policy = recordingPolicyOf({
    recordPolicy: 'on-demand', recordPolicyByDirection: ['inbound:always', 'internal:never'],
    recordPolicyByQueue: ['support:always', 'hr:never'], recordPolicyByExtension: ['301:never', '205:always'],
  });
  it.each([
    [{ direction: 'outbound', queue: null, extensions: ['201'] }, 'on-demand'],
    [{ direction: 'inbound', queue: null, extensions: ['201'] }, 'always'],
    [{ direction: 'internal', queue: null, extensions: ['201'] }, 'never'],
    [{ direction: 'internal', queue: 'support', extensions: ['201'] }, 'always'],
    [{ direction: 'inbound', queue: 'hr', extensions: ['201'] }, 'never'],
    [{ direction: 'inbound', queue: 'support', extensions: ['301'] }, 'never'],
    [{ direction: 'internal', queue: null, extensions: ['205'] }, 'always'],
    [{ direction: 'inbound', queue: null, extensions: ['205', '301'] }, 'never'],
  ] as const)('%j → %s', (call, mode) => {
    expect(decideRecording(policy, call)).toBe(mode);
  });
  it.each([['inbound'], ['inbound:sometimes'], [':always'], ['201:']])('refuses the override %j', (entry) => {
    expect(() => parseOverrides([entry], 'direction')).toThrow(/invalid direction recording override/);
  });
});

describe('QA scorecard', () => {
  const criteria = parseQaCriteria(['greeting:1', 'solution:3']);
  it('is the weighted mean of 0–100 criteria, rounded', () => {
    expect(weightedScore(criteria, { greeting: 100, solution: 0 })).toBe(25);
    expect(weightedScore(criteria, { greeting: 0, solution: 100 })).toBe(75);
    expect(weightedScore(criteria, { greeting: 33, solution: 67 })).toBe(59);
  });
  it('needs every criterion and no other', () => {
    expect(() => weightedScore(criteria, { greeting: 100 })).toThrow(/does not match/);
    expect(() => weightedScore(criteria, { greeting: 1, solution: 1, tone: 1 })).toThrow(/does not match/);
  });
  it.each([[[]], [['greeting']], [['greeting:0']], [['Greeting:5']], [['a:1', 'a:2']]])('refuses criteria %j', (entries) => {
    expect(() => parseQaCriteria(entries)).toThrow();
  });
});

describe('spoolNameOf', () => {
  it.each([
    ['/var/spool/asterisk/monitor/1795829496.0.wav', '1795829496.0.wav'],
    ['C:\\\\rec\\\\q-1.WAV', 'q-1.WAV'],
    ['1795829496.0.wav', '1795829496.0.wav'],
    ['/var/spool/asterisk/monitor/../../../etc/passwd', null],
    ['/var/spool/asterisk/monitor/x.gsm', null],
    ['', null],
  ])('%j → %j', (pbxPath, name) => {
    expect(spoolNameOf(pbxPath)).toBe(name);
  });
});
