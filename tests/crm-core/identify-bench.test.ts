import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchPhone, ensureBenchData } from '../../bench/identify-data.js';
import { selectBenchmarks } from '../../bench/run.js';
import { report, run } from '../../bench/identify.bench.js';
import { createPhoneNormalizer } from '../../crm-core/index.js';

const phones = createPhoneNormalizer({ defaultRegion: 'RU', outsideLinePrefixes: [], extensionMaxDigits: 5 });

describe('identify benchmark data', () => {
  it('generates unique numbers that zari itself reads back as the same E.164', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const { cc, nsn } = benchPhone(i * 997);
      const e164 = `+${cc}${nsn}`;
      expect(phones.normalize(e164)).toMatchObject({ kind: 'external', e164, nsnRev: [...nsn].reverse().join('') });
      seen.add(e164);
    }
    expect(seen.size).toBe(3000);
  });

  it('builds a small database once and measures identify() next to the raw baseline', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zari-bench-'));
    try {
      const spec = { clients: 300, phonesPerClient: 3, activeShare: 0.5, mergedShare: 0.01, unparsedShare: 0.01 };
      const built = await ensureBenchData(dir, spec, () => undefined);
      expect(built).toMatchObject({ counts: { clients: 300, phones: 900 } });
      expect((await ensureBenchData(dir, spec, () => undefined)).buildSeconds).toBeNull(); // cached
      const result = await run({ clients: 300, lookups: 200, dataDir: dir, log: () => undefined });
      expect(result.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['identify() E.164', 'raw prepared SELECT e164 = ? (baseline)']));
      const e164Row = result.rows.find((r) => r.name === 'identify() E.164');
      expect((e164Row?.matches?.exact ?? 0) + (e164Row?.matches?.suffix ?? 0)).toBeGreaterThan(180);
      expect(report(result)).toMatch(/p99 ms/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench runner', () => {
  const files = ['identify.bench.ts', 'ami-ingest.bench.ts', 'run.ts', 'identify-data.ts'];
  it('runs every *.bench.ts, or those named', () => {
    expect(selectBenchmarks(files, [])).toEqual(['ami-ingest.bench.ts', 'identify.bench.ts']);
    expect(selectBenchmarks(files, ['identify'])).toEqual(['identify.bench.ts']);
    expect(selectBenchmarks(files, ['nothing'])).toEqual([]);
  });
});
