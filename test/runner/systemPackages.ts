// Debian packages the test host needs. Installed with apt-get when running as root (CI containers),
// otherwise the run stops with the exact command to type.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './processes';
import { log } from './paths';

interface Requirement {
  readonly aptPackage: string;
  readonly why: string;
  readonly present: () => boolean;
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

const onPath = (command: string) => (): boolean => findOnPath(command) !== undefined;

/** Always needed: the browser that drives the workbench, rg for code-server, unzip to read the .vsix. */
const RUNTIME: readonly Requirement[] = [
  { aptPackage: 'chromium', why: 'headless browser for the workbench', present: () => fs.existsSync(chromiumPath()) },
  { aptPackage: 'ripgrep', why: "code-server's search binary (installed offline)", present: onPath('rg') },
  { aptPackage: 'unzip', why: 'lists the .vsix entries', present: onPath('unzip') },
];

/** Only needed while installing code-server: its native modules are compiled on this machine. */
const BUILD: readonly Requirement[] = [
  { aptPackage: 'libkrb5-dev', why: "gssapi.h for code-server's kerberos module", present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') },
  { aptPackage: 'make', why: 'node-gyp builds', present: onPath('make') },
  { aptPackage: 'g++', why: 'node-gyp builds', present: onPath('g++') },
  { aptPackage: 'python3', why: 'node-gyp builds', present: onPath('python3') },
];

export function chromiumPath(): string {
  return process.env.AIRFORCE_CHROMIUM ?? '/usr/bin/chromium';
}

let aptUpdated = false;

export async function ensureSystemPackages(options: { readonly forInstall?: boolean } = {}): Promise<void> {
  const wanted = options.forInstall ? [...RUNTIME, ...BUILD] : RUNTIME;
  const missing = wanted.filter((r) => !r.present());
  if (missing.length === 0) return;
  const names = missing.map((r) => r.aptPackage);
  const command = `apt-get update && apt-get install -y ${names.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !findOnPath('apt-get')) {
    const lines = missing.map((r) => `  - ${r.aptPackage}: ${r.why}`).join('\n');
    throw new Error(`Missing system packages:\n${lines}\nInstall them with:\n  sudo sh -c '${command}'`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update …');
    const update = await runCommand('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
    if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.output.slice(-2000)}`);
    aptUpdated = true;
  }
  log(`apt-get install -y ${names.join(' ')} …`);
  const install = await runCommand('apt-get', ['install', '-y', ...names], {
    env,
    timeoutMs: 15 * 60_000,
  });
  if (install.code !== 0) throw new Error(`apt-get install failed:\n${install.output.slice(-2000)}`);
  const still = wanted.filter((r) => !r.present()).map((r) => r.aptPackage);
  if (still.length) throw new Error(`Still missing after apt-get install: ${still.join(', ')}`);
}
