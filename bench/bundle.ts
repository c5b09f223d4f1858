// The production bundle, built in memory with the options of `node esbuild.mjs --production`: its
// size (the target is 200 KiB) and how long evaluating it takes (the part of activation
// that happens before activate() is called; the whole of activation is measured in VS Code by
// test/integration/foundation.test.ts).
import Module from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export interface BundleFigures {
  bytes: number;
  kib: number;
  /** Banner → footer markers of one evaluation in this process, with `vscode` stubbed. */
  evaluationMs: number;
}

const root = join(__dirname, '..', '..');

/** The options of `node esbuild.mjs --production` for dist/extension.js (the unit test uses them too). */
export function productionExtensionOptions(repoRoot: string): esbuild.BuildOptions {
  return {
    entryPoints: [join(repoRoot, 'src', 'extension.ts')],
    outfile: join(repoRoot, 'dist', 'extension.js'),
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: 'globalThis.__airforceLoadStart=performance.now();' },
    footer: { js: 'globalThis.__airforceLoadEnd=performance.now();' },
  };
}

export async function buildProductionBundle(): Promise<string> {
  const result = await esbuild.build({ ...productionExtensionOptions(root), write: false });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  if (!js) throw new Error('esbuild produced no extension.js');
  return js.text;
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

export async function measureBundle(): Promise<BundleFigures> {
  const code = await buildProductionBundle();
  const bytes = Buffer.byteLength(code);
  return { bytes, kib: bytes / 1024, evaluationMs: evaluateBundle(code) };
}
