/**
 * Runs every bench/*.bench.ts module's exported `run()` in sequence, one after another (never in
 * parallel: each measures against a baseline in the same process and needs the CPU to itself).
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- identify     only those whose file name contains "identify" (several names allowed)
 *
 * A module exports `run(): Promise<R>` and, optionally, `report(result: R): string`; without `report`
 * the result is printed as JSON. A failing benchmark is reported and the others still run; the exit
 * code is 1 if any failed.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { isMainModule } from './cli.js';

const benchModule = z.object({
  run: z.custom<() => Promise<unknown>>((v) => typeof v === 'function', 'exports no run()'),
  report: z.custom<(result: unknown) => string>((v) => typeof v === 'function').optional(),
});

export function selectBenchmarks(files: readonly string[], filters: readonly string[]): string[] {
  const benches = files.filter((f) => f.endsWith('.bench.ts')).sort();
  if (filters.length === 0) return benches;
  return benches.filter((f) => filters.some((name) => f.slice(0, -'.bench.ts'.length).includes(name)));
}

async function runOne(file: string): Promise<boolean> {
  const started = performance.now();
  console.log(`\n=== ${file} ===`);
  try {
    const mod = benchModule.parse(await import(pathToFileURL(path.join(import.meta.dirname, file)).href));
    const result = await mod.run();
    console.log(mod.report ? mod.report(result) : JSON.stringify(result, null, 2));
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    console.error(`${file} failed:`, error);
    return false;
  }
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = selectBenchmarks(readdirSync(import.meta.dirname), filters);
  if (selected.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  let failed = 0;
  for (const file of selected) if (!(await runOne(file))) failed++;
  if (failed > 0) process.exitCode = 1;
}

if (isMainModule(import.meta.url)) await main();
