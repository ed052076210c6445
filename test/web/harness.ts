import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The web app's end-to-end harness: a real `segmint serve` on a loopback port (its clock
// fixed, so relative windows and charts are the same on every run), Debian's chromium
// driven by playwright-core, and screenshots into test-output/screenshots.

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Served {
  readonly url: string;
  readonly adminKey: string;
  readonly data: string;
  close(): Promise<void>;
}

/** `segmint serve --port 0 --json` on a fresh data directory; resolves once it listens. */
export async function serve(opts: { now?: string } = {}): Promise<Served> {
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web/index.html is missing: build the web app first (npm install, or npm run build:web)');
  }
  const data = mkdtempSync(join(tmpdir(), 'segmint-web-'));
  const args = [join(ROOT, 'bin', 'segmint.js'), 'serve', '--data', data, '--port', '0', '--json', ...(opts.now ? ['--now', opts.now] : [])];
  const proc: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  let text = '';
  const info = await new Promise<{ url: string; adminKey: string }>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`segmint serve exited with ${code}: ${stderr}`)));
    const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    rl.on('line', (line) => {
      text += line;
      if (line.startsWith('}')) {
        rl.close();
        resolve(JSON.parse(text) as { url: string; adminKey: string });
      }
    });
  });
  proc.removeAllListeners('exit');
  return {
    url: info.url, adminKey: info.adminKey, data,
    close: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A JSON request to the server with the admin key (or another). */
export async function call<T = unknown>(s: Served, method: string, path: string, body?: unknown, key = s.adminKey): Promise<T> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

export const WIDE = { width: 1280, height: 860 };
export const NARROW = { width: 390, height: 844 };

/** A browser context signed in with the admin key (as the sign-in page leaves it). */
export async function signedIn(browser: Browser, s: Served, viewport = WIDE): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport, baseURL: s.url, locale: 'en-GB', timezoneId: 'Europe/Zurich', acceptDownloads: true });
  await ctx.addInitScript((key: string) => { sessionStorage.setItem('segmint.key', key); }, s.adminKey);
  // Generous: the machine running the suite may be busy with other work.
  ctx.setDefaultTimeout(60_000);
  ctx.setDefaultNavigationTimeout(60_000);
  return ctx;
}

/** A full-page screenshot into test-output/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // From the top, the pointer out of the way (no hover tooltips), charts done animating.
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(600);
  await page.screenshot({ path, fullPage: true });
  return path;
}
