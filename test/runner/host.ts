// One code-server on a free loopback port with throw-away user data, extensions and (unless given)
// workspace, plus a headless Chromium window on the workbench. The extension under development
// loads from its folder via the workbench's `payload` parameter; with `extensionTestsPath` the
// extension host also calls that module's run() (the @vscode/test-electron contract).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser';
import { ensureCodeServer } from './codeServer';
import { installExtensionFolder, installLanguagePack } from './languagePack';
import { freePort, waitForHttp } from './net';
import { makeTempDir, removeDir } from './paths';
import { onCleanup, startProcess, type Managed } from './processes';

export interface HostOptions {
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath?: string;
  /** Folder to open; a temp folder (removed at the end) when not given. */
  readonly workspace?: string;
  /** Written to <user-data-dir>/User/settings.json on top of quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Added to code-server's environment; its extension hosts inherit it. */
  readonly env?: Readonly<Record<string, string>>;
  /** Port to bind on 127.0.0.1; a free one when not given. */
  readonly port?: number;
  /** Keep user data here (npm start); a temp folder when not given. */
  readonly userDataDir?: string;
  /** Open headless Chromium on the workbench (default true). */
  readonly browser?: boolean;
  /** code-server.log and browser-console.log go here when given. */
  readonly logDir?: string;
  /** Each line code-server (and the extension hosts it runs) prints. */
  readonly onServerLine?: (line: string) => void;
  /** Display language (code-server --locale); anything but English needs its pack in languagePacks. */
  readonly locale?: string;
  /** Language pack folders (see languagePack.ts) installed into this session before it starts. */
  readonly languagePacks?: readonly string[];
  /** Other extension folders (test fixtures) installed into this session before it starts. */
  readonly extensions?: readonly string[];
}

export interface Host {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly workspace: string;
  /** The URL the browser opened (or would open). */
  readonly workbenchUrl: string;
  readonly page?: Page;
  readonly session?: BrowserSession;
  /** Resolves when code-server exits on its own. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Workbench defaults that keep welcome pages, tips and update checks out of the way. */
const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // No workbench tooltip fades in over a screenshot or a computed style: parking the mouse needs no wait.
  'workbench.hover.delay': 600_000,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  // Workspaces under .vscode-test/ sit inside this repo's git folder: no "open the parent repository?" toast.
  'git.openRepositoryInParentFolders': 'never',
};

export function workbenchUrl(port: number, workspace: string, payload: { readonly extensionDevelopmentPath?: string; readonly extensionTestsPath?: string }): string {
  const remote = (abs: string): string => `vscode-remote://127.0.0.1:${port}${abs}`;
  const pairs: [string, string][] = [];
  if (payload.extensionDevelopmentPath) pairs.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  if (payload.extensionTestsPath) pairs.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: workspace });
  if (pairs.length) query.set('payload', JSON.stringify(pairs));
  return `http://127.0.0.1:${port}/?${query.toString()}`;
}

export async function startHost(options: HostOptions): Promise<Host> {
  const cs = await ensureCodeServer();
  const port = options.port ?? (await freePort());
  const temp = makeTempDir('host');
  const workspace = options.workspace ?? path.join(temp, 'workspace');
  const userDataDir = options.userDataDir ?? path.join(temp, 'user-data');
  const extensionsDir = path.join(temp, 'extensions');
  for (const dir of [workspace, extensionsDir, path.join(userDataDir, 'User'), path.join(temp, 'tmp')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2)}\n`);
  // Our own config file, so code-server does not write a default one with a password into $HOME.
  const config = path.join(temp, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // code-server keeps state under XDG_DATA_HOME, and it and the extension hosts leave IPC sockets in
  // TMPDIR: keep both in the temp dir that stop() removes.
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: path.join(temp, 'xdg-data'), TMPDIR: path.join(temp, 'tmp'), ...options.env };

  let server: Managed | undefined;
  let session: BrowserSession | undefined;
  let stopping: Promise<void> | undefined;
  // Every caller (the runner, Ctrl-C, a failed start) waits for the same, complete stop.
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      unregister();
      await session?.close();
      await server?.stop();
      removeDir(temp);
    })());
  const unregister = onCleanup(stop);

  try {
    const target = {
      codeServerEntry: cs.entry,
      extensionsDir,
      userDataDir,
      // The install CLI writes a default config.yaml under XDG_CONFIG_HOME: not into $HOME.
      env: { ...serverEnv, XDG_CONFIG_HOME: path.join(temp, 'xdg-config') },
    };
    for (const pack of options.languagePacks ?? []) await installLanguagePack(pack, target);
    for (const extension of options.extensions ?? []) await installExtensionFolder(extension, target);
    server = startProcess(
      'code-server',
      process.execPath,
      [
        cs.entry,
        '--config',
        config,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        userDataDir,
        ...(options.locale ? ['--locale', options.locale] : []),
        workspace,
      ],
      {
        env: serverEnv,
        logFile: options.logDir ? path.join(options.logDir, 'code-server.log') : undefined,
        onLine: options.onServerLine,
      },
    );
    const running = server;
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, 60_000, () => running.child.exitCode === null);
    const wbUrl = workbenchUrl(port, workspace, options);
    let page: Page | undefined;
    if (options.browser !== false) {
      session = await launchBrowser(options.logDir ? path.join(options.logDir, 'browser-console.log') : undefined);
      page = await session.open(wbUrl);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    }
    return { url, port, workspace, workbenchUrl: wbUrl, page, session, exited: running.exited, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
