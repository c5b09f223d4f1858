// Headless Chromium through playwright-core, with the system browser and flags that work as root
// in containers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { makeTempDir, removeDir } from './paths';
import { chromiumPath } from './systemPackages';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Opens a page on `url`; its console goes to the session's log file. */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(consoleLog?: string): Promise<BrowserSession> {
  // Chromium keeps crash reports under XDG_CONFIG_HOME and audio sockets in TMPDIR: not in $HOME or /tmp.
  const home = makeTempDir('chromium');
  const browser = await chromium
    .launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), TMPDIR: home },
      // Our own handlers stop everything in order (see processes.ts).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    })
    .catch((err: unknown) => {
      removeDir(home);
      throw err;
    });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const log = consoleLog ? fs.createWriteStream(consoleLog, { flags: 'a' }) : undefined;
  const open = async (url: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (msg: ConsoleMessage) => log?.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err: Error) => log?.write(`[pageerror] ${err.message}\n`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return page;
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => undefined);
    log?.end();
    removeDir(home);
  };
  return { browser, context, open, close };
}
