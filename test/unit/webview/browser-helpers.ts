// The browser harness shared by the webview app tests (the Generate panel's and the comparison
// grid's): the app bundle built from source, a local server for the page the host builds, one
// headless Chromium page with acquireVsCodeApi faked, and every CSP violation, script error or
// failed load in the page failing the test. Each app says what its server serves.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, afterEach, before } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SHOTS = path.join(ROOT, 'test-results');

export const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : false;

/** Answers one request with 200, the type and the body. */
export type Send = (type: string, body: string | Buffer) => void;

export interface BrowserHarnessOptions {
  /** The app's entry point, relative to the repository root. */
  entry: string;
  viewport: { width: number; height: number };
  /** Chromium switches on top of the quiet defaults. */
  args?: string[];
  /** Serves one path of the app's page; false when it does not know it (then: 404). */
  serve(url: URL, send: Send): boolean;
}

export interface BrowserHarness {
  /** Registers the browser's set-up and tear-down; call inside the describe. */
  use(): void;
  page(): Page;
  /** The server's address (for URLs the page loads). */
  base(): string;
  /** The app bundle as built for the tests. */
  bundle(): string;
  /** CSP violations, script errors and failed loads seen in the page since the last navigation. */
  readonly seen: string[];
  /** Loads the page afresh (theme and state in the URL) and waits for the app's first message. */
  navigate(theme: string, state?: unknown): Promise<Page>;
}

export function browserHarness(options: BrowserHarnessOptions): BrowserHarness {
  let server: http.Server | undefined;
  let base = '';
  let browser: Browser | undefined;
  /** One page for all tests (a new page costs ~300 ms); each test navigates it afresh. */
  let page: Page | undefined;
  let bundle = '';
  let navigations = 0;
  const seen: string[] = [];

  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const send: Send = (type, body) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const url = new URL(req.url ?? '/', base);
    if (options.serve(url, send)) return;
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404);
    res.end();
  };

  const current = (): Page => {
    assert.ok(page, 'the browser is not started yet (use it inside a test)');
    return page;
  };

  return {
    seen,
    page: current,
    base: () => base,
    bundle: () => bundle,
    use() {
      before(async () => {
        const built = await esbuild.build({
          entryPoints: [path.join(ROOT, options.entry)],
          bundle: true,
          write: false,
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
          logLevel: 'silent',
        });
        bundle = built.outputFiles[0]!.text;
        server = http.createServer(serve);
        await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.args ?? [])],
        });
        mkdirSync(SHOTS, { recursive: true });
        const context = await browser.newContext({ viewport: options.viewport });
        page = await context.newPage();
        page.setDefaultTimeout(5000);
        page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error') seen.push(`console: ${m.text()}`);
        });
        // Runs before the app on every navigation: the fake VS Code API, with the state from the URL hash.
        await page.addInitScript(() => {
          const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi: () => unknown };
          const hash = decodeURIComponent(location.hash.slice(1));
          w.__posted = [];
          w.__state = hash ? JSON.parse(hash) : undefined;
          w.acquireVsCodeApi = () => ({
            postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
            getState: () => w.__state,
            setState: (s: unknown) => {
              w.__state = JSON.parse(JSON.stringify(s));
            },
          });
          document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
        });
      });

      after(async () => {
        await browser?.close();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      });

      // Every test: no CSP violation, no script error, no failed load in the page.
      afterEach(() => {
        assert.deepEqual(seen.splice(0), [], 'no CSP violation, script error or failed load');
      });
    },
    async navigate(theme, state) {
      const p = current();
      seen.length = 0;
      const hash = state === undefined ? '' : `#${encodeURIComponent(JSON.stringify(state))}`;
      await p.goto(`${base}/?theme=${theme}&n=${++navigations}${hash}`);
      await p.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      return p;
    },
  };
}

/** Posts a host message into the page and waits until the app has handled it. */
export async function postToPage(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  // Message events are async: wait for the app to have handled it (one round through the event loop).
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
}

/** Every message the app posted to the host since the page loaded. */
export const postedBy = <T = Record<string, unknown>>(page: Page): Promise<T[]> => page.evaluate(() => (window as unknown as { __posted: T[] }).__posted);
