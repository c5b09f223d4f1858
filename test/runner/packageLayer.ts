// Layer 2 of `npm test`: `npm run package` builds airforce-media.vsix; its entries hold no sources,
// tests, node_modules or source maps; and code-server installs it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './codeServer';
import { makeTempDir, removeDir, repoRoot } from './paths';
import { runCommand } from './processes';
import { errorText, formatResult, layerFrom, type LayerResult, type TestResult } from './results';

export const VSIX = path.join(repoRoot, 'airforce-media.vsix');

/** Entries that must not ship: sources, tests, dependencies (bundled by esbuild), source maps. */
export function forbiddenEntries(entries: readonly string[]): string[] {
  return entries.filter((e) => /^extension\/(src|test|node_modules)\//.test(e) || e.endsWith('.map'));
}

// Everything the extension loads at run time: a .vsix without one of these installs but breaks.
const REQUIRED_ENTRIES = [
  'extension/package.json',
  'extension/package.nls.json',
  'extension/dist/extension.js',
  // Everything behind lazy.ts and coreLoader.ts: without it activation works, the first command fails.
  'extension/dist/extension-lazy.js',
  // music-metadata: without it an operation on a workspace file cannot price the file.
  'extension/dist/media-metadata.js',
  'extension/dist/webview/panel.js',
  'extension/dist/webview/compare.js',
  'extension/media/panel.css',
  'extension/media/panel-kinds.css',
  'extension/media/panel-results.css',
  'extension/media/base.css',
  'extension/media/compare.css',
  'extension/media/airforce.svg',
  // The Marketplace and the Extensions view show it.
  'extension/media/icon.png',
];

async function listEntries(vsix: string): Promise<string[]> {
  const res = await runCommand('unzip', ['-Z1', vsix], { timeoutMs: 60_000 });
  if (res.code !== 0) throw new Error(`unzip -Z1 failed: ${res.output.slice(-500)}`);
  return res.output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A check that could not run because an earlier one failed: no stack, just why. */
class NotRun extends Error {}

async function check(title: string, tests: TestResult[], body: () => Promise<void>): Promise<boolean> {
  const started = Date.now();
  let result: TestResult;
  try {
    await body();
    result = { layer: 'package', title, ok: true, durationMs: Date.now() - started };
  } catch (err) {
    const error = err instanceof NotRun ? err.message : errorText(err);
    result = { layer: 'package', title, ok: false, durationMs: Date.now() - started, error };
  }
  tests.push(result);
  process.stdout.write(`${formatResult(result)}\n`);
  return result.ok;
}

export async function runPackageLayer(): Promise<LayerResult> {
  const tests: TestResult[] = [];
  const built = await check('npm run package produces airforce-media.vsix', tests, async () => {
    fs.rmSync(VSIX, { force: true });
    const res = await runCommand('npm', ['run', 'package'], { cwd: repoRoot, timeoutMs: 5 * 60_000 });
    if (res.code !== 0 || res.timedOut) {
      throw new Error(`npm run package ${res.timedOut ? 'timed out' : `exited with ${res.code}`}:\n${res.output.split('\n').slice(-15).join('\n')}`);
    }
    if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} was not written`);
  });
  await checkVsix(VSIX, built, tests);
  // `package` leaves a production bundle in dist/; restore the development build `pretest` made, so
  // the integration layer runs the same bundle as `npm run test:integration`.
  const rebuild = await runCommand(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, timeoutMs: 2 * 60_000 });
  if (rebuild.code !== 0 && built) {
    // Only news when packaging itself built fine; otherwise the same build error is already counted.
    return layerFrom('package', tests, `could not rebuild the development dist/ after packaging (esbuild exited ${rebuild.code}): ${rebuild.output.slice(-800)}`);
  }
  return layerFrom('package', tests);
}

/** The checks on a built .vsix: its entries, and that code-server installs it. */
export async function checkVsix(vsix: string, built: boolean, tests: TestResult[]): Promise<void> {
  let entries: string[] = [];
  await check('the .vsix holds package.json, dist/extension.js and dist/extension-lazy.js', tests, async () => {
    if (!built) throw new NotRun('not run: no .vsix to inspect');
    entries = await listEntries(vsix);
    const missing = REQUIRED_ENTRIES.filter((e) => !entries.includes(e));
    if (missing.length) throw new Error(`missing entries: ${missing.join(', ')}`);
    process.stdout.write(`  ${path.basename(vsix)}: ${entries.length} entries, ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB\n`);
  });
  await check('the .vsix has no src/, test/, node_modules/ or .map entries', tests, async () => {
    if (!entries.length) throw new NotRun('not run: no entries to inspect');
    const bad = forbiddenEntries(entries);
    if (bad.length) throw new Error(`should not ship: ${bad.slice(0, 20).join(', ')}${bad.length > 20 ? ', …' : ''}`);
  });
  await check('code-server installs the .vsix', tests, async () => {
    if (!built) throw new NotRun('not run: no .vsix to install');
    const cs = await ensureCodeServer();
    const temp = makeTempDir('vsix');
    try {
      const extensionsDir = path.join(temp, 'extensions');
      const res = await runCommand(process.execPath, [cs.entry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(temp, 'user-data')], {
        env: { ...process.env, XDG_CONFIG_HOME: path.join(temp, 'config'), XDG_DATA_HOME: path.join(temp, 'data') },
        timeoutMs: 2 * 60_000,
      });
      if (res.code !== 0 || !/successfully installed/i.test(res.output)) {
        throw new Error(`--install-extension exited with ${res.code}:\n${res.output.slice(-1000)}`);
      }
      const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      const installedDir = path.join(extensionsDir, `airforce.airforce-media-${version}`);
      for (const bundle of ['extension.js', 'extension-lazy.js', 'media-metadata.js']) {
        if (!fs.existsSync(path.join(installedDir, 'dist', bundle))) throw new Error(`${installedDir}/dist/${bundle} is missing`);
      }
    } finally {
      removeDir(temp);
    }
  });
}
