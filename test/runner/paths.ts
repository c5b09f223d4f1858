// Fixed locations and versions the runners agree on.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repo root, from out/test/<dir>/<file>.js. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cacheRoot = path.join(repoRoot, '.vscode-test');
export const resultsDir = path.join(repoRoot, 'test-results');
export const integrationIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');

/** code-server 4.100.3 ships VS Code 1.100.3 and is the last line that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
export const EXTENSION_ID = 'airforce.airforce-media';
export const TEST_KEY = 'sk-air-test-0000';

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `airforce-${prefix}-`));
}

export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A leftover temp dir is not worth failing a run for.
  }
}

export function log(message: string): void {
  process.stdout.write(`[runner] ${message}\n`);
}
