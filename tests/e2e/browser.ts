import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fixturePath, type AmiLoopback } from '../helpers/ami-loopback.js';
import { repoRoot } from '../helpers/shared.js';

/**
 * End-to-end helpers: Debian's headless Chromium driven by playwright-core (no browser download), the
 * built SPA served by the real zari, and AMI transcripts replayed in stages over the loopback server so a
 * test can look at the screen between "ringing", "answered" and "hung up".
 */
export const chromiumPath = process.env['ZARI_CHROMIUM'] ?? '/usr/bin/chromium';
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');
export const uiBuilt = (): boolean => {
  try {
    return readFileSync(path.join(repoRoot, 'web', 'ui', 'dist', 'index.html'), 'utf8').includes('<script');
  } catch {
    return false;
  }
};

export interface E2eBrowser {
  readonly browser: Browser;
  /** a fresh context (own cookies) at 1366×768 */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<E2eBrowser> {
  // launch() gives Chromium a fresh temporary user-data-dir of its own (deleted on close)
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return { context, page };
    },
    async close() {
      await browser.close();
    },
  };
}

/** Logs in through the login form and waits for the realtime connection. */
export async function loginAs(page: Page, baseUrl: string, login: string, password: string, hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByTestId('login-form').waitFor();
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid=connection][data-state=online]').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: false });
}

/** The event frames of a transcript (no banner, no login or action responses), optionally edited. */
export function transcriptEvents(fixture: string, edit: (frame: string) => string = (f) => f): string[] {
  const text = readFileSync(fixturePath(fixture), 'utf8');
  return text.split('\r\n\r\n').filter((f) => f.startsWith('Event: ') && !/^ActionID: /m.test(f)).map((f) => `${edit(f)}\r\n\r\n`);
}

/** Replays a transcript in stages: `until(pred)` sends frames up to and including the first that matches. */
export class StagedReplay {
  private pos = 0;

  constructor(private readonly lb: AmiLoopback, private readonly frames: readonly string[]) {}

  until(match: (frame: string) => boolean, nth = 1): void {
    let seen = 0;
    let end = this.pos;
    for (; end < this.frames.length; end++) {
      if (match(this.frames[end] ?? '') && ++seen === nth) break;
    }
    if (end >= this.frames.length) throw new Error('no such frame in the transcript');
    this.send(end + 1);
  }

  rest(): void {
    this.send(this.frames.length);
  }

  private send(end: number): void {
    this.lb.broadcast(this.frames.slice(this.pos, end).join(''));
    this.pos = end;
  }
}

export const isEvent = (name: string, field?: string, value?: string) => (frame: string): boolean =>
  frame.startsWith(`Event: ${name}\r\n`) && (field === undefined || frame.includes(`\r\n${field}: ${value ?? ''}`));
