import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FfmpegLauncher } from '../../recordings/media/ffmpeg-launcher.js';
import { tempDir } from './helpers/fixtures.js';

/** The shells this process started (children whose command is sh). */
function shellChildren(): string[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.split(') ')[1]?.split(' ')[1] === String(process.pid) && stat.includes('(sh)');
    } catch {
      return false;
    }
  });
}

describe('ffmpeg launcher (ffmpeg started from a long-lived shell)', () => {
  const launchers: FfmpegLauncher[] = [];
  const launcher = (shell?: string): FfmpegLauncher => {
    const l = shell ? new FfmpegLauncher(shell) : new FfmpegLauncher();
    launchers.push(l);
    return l;
  };
  afterAll(() => launchers.forEach((l) => l.close()));

  it('passes every argument byte for byte: nothing is interpreted by the shell', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'src.wav');
    writeFileSync(src, 'audio');
    const names = ["it's a \"call\" $(touch pwned) `touch pwned2` $HOME; rm -rf x &\nline2 \\ * ?.wav", '-leading dash.wav', 'ünïcödé ☎.wav'];
    const l = launcher();
    for (const name of names) await l.run('/bin/cp', ['--', src, path.join(dir, name)]);
    expect(readdirSync(dir).sort()).toEqual([...names, 'src.wav'].sort());
    for (const name of names) expect(readFileSync(path.join(dir, name), 'utf8')).toBe('audio');
    expect(existsSync(path.join(process.cwd(), 'pwned'))).toBe(false);
    expect(existsSync(path.join(process.cwd(), 'pwned2'))).toBe(false);
  });

  it('rejects with the exit code and the tail of stderr, and the shell runs the next job', async () => {
    const l = launcher();
    const dir = tempDir();
    await expect(l.run('/bin/cp', [path.join(dir, 'missing.wav'), path.join(dir, 'out.wav')])).rejects.toThrow(/ffmpeg failed \(exit 1\): .*missing\.wav.*No such file/);
    writeFileSync(path.join(dir, 'a'), 'x');
    await l.run('/bin/cp', [path.join(dir, 'a'), path.join(dir, 'b')]);
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('x');
  });

  it('a shell that dies fails its job; the next job gets a new shell', async () => {
    const l = launcher();
    const before = new Set(shellChildren());
    const job = l.run('/bin/sleep', ['1']);
    let mine: string[] = [];
    for (let i = 0; i < 200 && mine.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 5));
      mine = shellChildren().filter((p) => !before.has(p));
    }
    expect(mine).toHaveLength(1);
    process.kill(Number(mine[0]), 'SIGKILL');
    await expect(job).rejects.toThrow(/ffmpeg launcher exited \(SIGKILL\)/);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'y');
    await l.run('/bin/cp', [path.join(dir, 'a'), path.join(dir, 'b')]);
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('y');
  });

  it('without a shell, starts the program directly', async () => {
    const l = launcher('/nonexistent/sh');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'z');
    await l.run('/bin/cp', [path.join(dir, 'a'), path.join(dir, "it's b")]);
    expect(readFileSync(path.join(dir, "it's b"), 'utf8')).toBe('z');
    await expect(l.run('/bin/cp', [path.join(dir, 'missing'), path.join(dir, 'c')])).rejects.toThrow(/ffmpeg failed \(exit 1\)/);
  });
});
