// The production bundles, built by `node esbuild.mjs --production --outdir <tmp>` (exactly what
// ships): dist/extension.js, the activation path, and dist/extension-lazy.js, everything behind
// lazy.ts and coreLoader.ts. Their sizes; the cold load of each (require including compile, in a
// fresh Node process, `vscode` stubbed: coldLoadChild.ts), median of 20; and the in-process evaluation of
// extension.js (banner → footer, the part of activation before activate() is called; the whole of
// activation is measured in VS Code by test/integration/foundation.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColdLoad } from './coldLoadChild';
import { spread, type Spread } from './downloadFigures';

export interface BundleFigures {
  /** dist/extension.js */
  activation: FileFigures;
  /** dist/extension-lazy.js */
  lazy: FileFigures;
  /** Banner → footer markers of one evaluation of extension.js in this process, with `vscode` stubbed. */
  evaluationMs: number;
  coldLoads: number;
}

export interface FileFigures {
  bytes: number;
  kib: number;
  /** Wall time of the require in a fresh process, over COLD_LOADS processes. */
  coldLoadMs: Spread;
  /** CPU time of the same requires. */
  coldLoadCpuMs: Spread;
}

const root = join(__dirname, '..', '..');
export const COLD_LOADS = 20;

/** One cold load of `file` in a fresh Node process (coldLoadChild.js). */
export function coldLoad(file: string): ColdLoad {
  const out = execFileSync(process.execPath, [join(__dirname, 'coldLoadChild.js'), file], { encoding: 'utf8' });
  const run = JSON.parse(out) as ColdLoad;
  if (!Number.isFinite(run.ms) || !Number.isFinite(run.cpuMs)) throw new Error(`cold load of ${file} printed ${JSON.stringify(out.slice(0, 200))}`);
  return run;
}

type Loader = (request: string, ...rest: unknown[]) => unknown;
interface CompilableModule {
  filename: string;
  paths: string[];
  _compile(code: string, filename: string): void;
}

/** Evaluates the bundle text once as a fresh CommonJS module; any use of `vscode` while loading throws. */
export function evaluateBundle(code: string): number {
  const internals = Module as unknown as { _load: Loader; _nodeModulePaths(dir: string): string[] };
  const load = internals._load;
  const vscodeStub = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? undefined : fail(key)) });
  internals._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
  };
  const g = globalThis as { __airforceLoadStart?: number; __airforceLoadEnd?: number };
  try {
    const filename = join(root, 'dist', 'extension.bench.js');
    const mod = new (Module as unknown as new (id: string) => CompilableModule)(filename);
    mod.filename = filename;
    mod.paths = internals._nodeModulePaths(join(root, 'dist'));
    g.__airforceLoadStart = g.__airforceLoadEnd = undefined;
    mod._compile(code, filename);
    const ms = (g.__airforceLoadEnd ?? NaN) - (g.__airforceLoadStart ?? NaN);
    if (!Number.isFinite(ms)) throw new Error('the bundle has no load markers');
    return ms;
  } finally {
    internals._load = load;
  }
}

function fail(key: string | symbol): never {
  throw new Error(`evaluating the bundle used vscode.${String(key)}`);
}

export function measureBundle(coldLoads = COLD_LOADS): BundleFigures {
  const dir = mkdtempSync(join(tmpdir(), 'airforce-bench-bundle-'));
  try {
    execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', dir], { cwd: root, stdio: 'inherit' });
    const figures = (name: string): FileFigures => {
      const file = join(dir, name);
      const bytes = statSync(file).size;
      const loads = Array.from({ length: coldLoads }, () => coldLoad(file));
      return { bytes, kib: bytes / 1024, coldLoadMs: spread(loads.map((l) => l.ms)), coldLoadCpuMs: spread(loads.map((l) => l.cpuMs)) };
    };
    const activation = figures('extension.js');
    const lazy = figures('extension-lazy.js');
    return { activation, lazy, evaluationMs: evaluateBundle(readFileSync(join(dir, 'extension.js'), 'utf8')), coldLoads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
