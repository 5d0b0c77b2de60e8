import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/http.js';
import { sineWav } from '../recordings/helpers/fixtures.js';
import { launchBrowser, screenshot, type E2eBrowser } from './browser.js';

/**
 * The recording player in real headless Chromium: the server-rendered page loads the waveform from the
 * peaks, plays the Opus stream over HTTP Range requests, seeks by clicking the waveform and changes the
 * playback speed. The server must have seen a Range request, and currentTime must move.
 */
describe('recording player (Chromium)', () => {
  let t: TestApp;
  let browser: E2eBrowser;
  let publicId: string;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const rec = t.zari.recordings;
    if (!rec) throw new Error('recordings not wired');
    writeFileSync(path.join(rec.spoolDir, 'player-1.wav'), sineWav({ sampleRate: 8000, channels: 1, seconds: 20, amp: 0.4 }));
    publicId = (await rec.ingest.ingestFile('player-1.wav', { callKey: 'asterisk:777.1' })).recording.publicId;
    const sup = await t.createUser('supervisor');
    cookie = sup.client.cookie ?? '';
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('plays, seeks through Range requests and changes speed', async () => {
    const { context, page } = await browser.newPage();
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: t.baseUrl }]);
    const audioRequests: Request[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/api/recordings/${publicId}/audio`)) audioRequests.push(r);
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.baseUrl}/recordings/${publicId}/player`);
    await page.locator('#player[data-ready=true]').waitFor();
    await page.waitForFunction(() => (document.getElementById('audio') as HTMLAudioElement).readyState >= 1);
    expect(await page.getByTestId('meta').textContent()).toContain('Duration 0:20');
    // the waveform was drawn from the peaks: the canvas is not blank
    const painted = await page.evaluate(() => {
      const c = document.getElementById('waveform') as HTMLCanvasElement;
      const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n += 1;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);

    // seek: click the waveform at 75 %
    const box = await page.getByTestId('waveform').boundingBox();
    if (!box) throw new Error('no waveform box');
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.waitForFunction(() => (document.getElementById('audio') as HTMLAudioElement).currentTime > 14);
    // speed, then play (the click above is the user gesture) and watch the time move
    await page.getByTestId('speed').selectOption('1.5');
    expect(await page.evaluate(() => (document.getElementById('audio') as HTMLAudioElement).playbackRate)).toBe(1.5);
    const at = await page.evaluate(() => (document.getElementById('audio') as HTMLAudioElement).currentTime);
    await page.evaluate(() => (document.getElementById('audio') as HTMLAudioElement).play());
    await page.waitForFunction((t0) => (document.getElementById('audio') as HTMLAudioElement).currentTime > t0 + 0.5, at, { timeout: 10_000 });
    await screenshot(page, 'recording-player');

    // the browser asked with Range, the server answered 206 and audited the play
    const ranged = audioRequests.filter((r) => (r.headers()['range'] ?? '').startsWith('bytes='));
    expect(ranged.length).toBeGreaterThan(0);
    const statuses = await Promise.all(ranged.map(async (r) => (await r.response())?.status()));
    expect(statuses).toContain(206);
    const audit = await t.db.prisma.auditLog.findFirst({ where: { action: 'recording.play', entityId: publicId } });
    expect(audit?.details).toMatch(/"range":"bytes=/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
