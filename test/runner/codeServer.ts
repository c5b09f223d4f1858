// Installs code-server (= VS Code 1.100.3 server + web workbench) into .vscode-test/ on first use,
// offline apart from the npm registry. See docs in /work/shared/docs/vscode-test-host.md: its
// postinstall needs (1) build headers for native modules, (2) ripgrep from a local cache instead of
// GitHub, (3) npx to answer yes by itself.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLock } from './lock';
import { runCommand } from './processes';
import { CODE_SERVER_VERSION, VSCODE_VERSION, cacheRoot, log, makeTempDir, removeDir } from './paths';
import { ensureSystemPackages, findOnPath } from './systemPackages';

// From code-server 4.100.3's lib/vscode/node_modules/@vscode/ripgrep: package.json version and
// lib/postinstall.js VERSION. The postinstall looks in os.tmpdir()/vscode-ripgrep-cache-<pkg version>.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_TAG = 'v13.0.0-10';

export interface CodeServerInstall {
  readonly dir: string;
  /** Node entry point: run as `node <entry> …` with Node 20. */
  readonly entry: string;
  readonly version: string;
}

export const installDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const markerFile = path.join(installDir, '.installed.json');
const entryFile = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vscodeModules = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');

/** Files a working install has; a missing one means a postinstall step was skipped. */
const REQUIRED_BUILD_OUTPUTS = [
  'node-pty/build/Release/pty.node',
  '@vscode/spdlog/build/Release/spdlog.node',
  'kerberos/build/Release/kerberos.node',
  'native-watchdog/build/Release/watchdog.node',
  '@vscode/ripgrep/bin/rg',
];

function installed(): CodeServerInstall | undefined {
  if (!fs.existsSync(markerFile) || !fs.existsSync(entryFile)) return undefined;
  return { dir: installDir, entry: entryFile, version: CODE_SERVER_VERSION };
}

function ripgrepTarget(): string {
  switch (process.arch) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`No offline ripgrep recipe for ${process.platform}/${process.arch}`);
  }
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks before downloading. */
async function seedRipgrepCache(): Promise<void> {
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_TAG}-${ripgrepTarget()}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  const rg = findOnPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is not installed');
  const staging = makeTempDir('rg');
  try {
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${tarball}.${process.pid}.tmp`;
    const tar = await runCommand('tar', ['czf', tmp, '-C', staging, 'rg'], { timeoutMs: 60_000 });
    if (tar.code !== 0) throw new Error(`tar failed: ${tar.output}`);
    fs.renameSync(tmp, tarball);
  } finally {
    removeDir(staging);
  }
}

/** Environment for `npm install`; nested npm runs in code-server's postinstall inherit it. */
function installEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp` and would wait for a yes
    npm_config_unsafe_perm: 'true', // code-server's postinstall.sh refuses to run as root without it
    // Install scripts not listed in allowScripts run with a warning unless strict mode is on
    // somewhere (user/global npmrc); code-server's own nested `npm install` needs them to run.
    npm_config_strict_allow_scripts: 'false',
    npm_config_ignore_scripts: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp would download Node headers; Node's own install ships them next to the binary.
  const nodeDir = path.dirname(path.dirname(process.execPath));
  if (!env.npm_config_nodedir && fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodeDir;
  }
  return env;
}

function verifyInstall(): string[] {
  const problems: string[] = [];
  if (!fs.existsSync(entryFile)) problems.push(`missing ${entryFile}`);
  for (const rel of REQUIRED_BUILD_OUTPUTS) {
    if (!fs.existsSync(path.join(vscodeModules, rel))) problems.push(`missing lib/vscode/node_modules/${rel}`);
  }
  return problems;
}

async function install(): Promise<CodeServerInstall> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is Node ${process.versions.node}).`);
  }
  await ensureSystemPackages({ forInstall: true });
  await seedRipgrepCache();
  // A folder without the marker is a half-finished install: start over.
  removeDir(installDir);
  fs.mkdirSync(installDir, { recursive: true });
  fs.writeFileSync(
    path.join(installDir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'airforce-code-server-cache',
        private: true,
        description: 'code-server for the Airforce Media test host (generated, git-ignored)',
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
      },
      null,
      2,
    )}\n`,
  );
  const logFile = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}.install.log`);
  fs.rmSync(logFile, { force: true });
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${path.relative(process.cwd(), installDir) || installDir}`);
  log(`  first run only: ~1.5 min, ~300 MB; full log in ${logFile}`);
  const started = Date.now();
  let lastStep = '';
  const result = await runCommand('npm', ['install', '--prefix', installDir, `code-server@${CODE_SERVER_VERSION}`, '--unsafe-perm', '--no-save', '--foreground-scripts'], {
    cwd: installDir,
    env: installEnv(),
    logFile,
    timeoutMs: 20 * 60_000,
    onLine: (line) => {
      // A few milestones, so a slow first run does not look stuck.
      const step = /^> (\S+)@\S+ (?:install|postinstall)/.exec(line)?.[1];
      if (step && step !== lastStep) {
        lastStep = step;
        log(`  building ${step} … (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    },
  });
  const problems = result.code === 0 && !result.timedOut ? verifyInstall() : [];
  if (result.code !== 0 || result.timedOut || problems.length) {
    const why = result.timedOut ? 'timed out' : result.code !== 0 ? `npm exited with ${result.code}` : problems.join('; ');
    const tail = result.output.split('\n').slice(-30).join('\n');
    removeDir(installDir);
    throw new Error(`code-server install failed (${why}). Last lines of ${logFile}:\n${tail}`);
  }
  const version = await runCommand(process.execPath, [entryFile, '--version'], {
    // --version writes a default config and log folder under XDG_*_HOME: keep them out of $HOME.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(installDir, '.config'), XDG_DATA_HOME: path.join(installDir, '.data') },
    timeoutMs: 60_000,
  });
  if (!version.output.includes(`Code ${VSCODE_VERSION}`)) {
    removeDir(installDir);
    throw new Error(`code-server --version did not report Code ${VSCODE_VERSION}:\n${version.output}`);
  }
  fs.writeFileSync(markerFile, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return { dir: installDir, entry: entryFile, version: CODE_SERVER_VERSION };
}

/** This process's install under way: later callers share it rather than wait on their own lock. */
let inFlight: Promise<CodeServerInstall> | undefined;

/** Returns the cached install, installing it first if needed (one installer at a time). */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const ready = installed();
  if (ready) return ready;
  if (inFlight) return inFlight;
  fs.mkdirSync(cacheRoot, { recursive: true });
  inFlight = withLock(
    `${installDir}.lock`,
    30 * 60_000,
    () => log('another run is installing code-server; waiting for it…'),
    async () => installed() ?? install(),
  ).finally(() => {
    inFlight = undefined; // a failed install is tried again by the next caller
  });
  return inFlight;
}

/** True when code-server still has to be installed (the first `npm test` of a clone). */
export function codeServerMissing(): boolean {
  return installed() === undefined;
}
