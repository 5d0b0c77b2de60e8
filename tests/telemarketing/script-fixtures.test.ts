import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { validateScript, scriptErrorCodes } from '../../cti/index.js';

const dir = path.join(import.meta.dirname, 'fixtures', 'scripts');
const load = (kind: 'good' | 'bad'): [string, unknown][] =>
  readdirSync(path.join(dir, kind)).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f, JSON.parse(readFileSync(path.join(dir, kind, f), 'utf8')) as unknown]);

const badFixture = z.object({ expect: z.object({ code: z.enum(scriptErrorCodes), path: z.string() }), script: z.unknown() });

describe('script fixtures', () => {
  const good = load('good');
  const bad = load('bad');

  it('has fixtures of both kinds, and every error code of the validator has a bad fixture', () => {
    expect(good.length).toBeGreaterThanOrEqual(3);
    const covered = new Set(bad.map(([, j]) => badFixture.parse(j).expect.code));
    expect([...scriptErrorCodes].filter((c) => !covered.has(c))).toEqual([]);
  });

  it.each(good)('good/%s validates', (_name, json) => {
    const r = validateScript(json);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.script.steps.length).toBeGreaterThan(0);
  });

  it.each(bad)('bad/%s fails with its expected error', (_name, json) => {
    const f = badFixture.parse(json);
    const r = validateScript(f.script);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.objectContaining({ code: f.expect.code, path: f.expect.path }));
  });
});
