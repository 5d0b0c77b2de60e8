import { pathToFileURL } from 'node:url';

/** True when the module at `moduleUrl` is the script node was started with (a bench run on its own). */
export const isMainModule = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

/** `--name 123` on the command line, as a finite number; undefined when absent or not a number. */
export function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}
