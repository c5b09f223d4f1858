// The shipped bundle: its size, and that loading it evaluates almost nothing (activation runs in
// every window; the API client, zod schemas and webview host load on first use).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import * as esbuild from 'esbuild';
import { productionExtensionOptions } from '../../bench/bundle';

const root = path.resolve(__dirname, '..', '..', '..');
// A guard against regressions, not the goal: the media-kinds issue sets 200 KiB for the finished
// product, which is missed. With the Generate panel's five kinds, spending and the budget, Compare,
// the storyboard and the ru/it machinery it measured 308.0 KiB (our code ~266 KiB minified, zod
// ~42 KiB); announcing each job once, ever (shared marks, batch summaries) brought it to 314.1 KiB;
// the guard sits about 3 KiB above.
const LIMIT_KIB = 317;

async function buildProduction(): Promise<string> {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airforce-bundle-')), 'extension.js');
  await esbuild.build({ ...productionExtensionOptions(root), outfile });
  return outfile;
}

test(`the production bundle stays under ${LIMIT_KIB} KiB`, async () => {
  const file = await buildProduction();
  const kib = fs.statSync(file).size / 1024;
  console.log(`# dist/extension.js (production): ${kib.toFixed(1)} KiB (limit ${LIMIT_KIB} KiB)`);
  assert.ok(kib < LIMIT_KIB, `bundle is ${kib.toFixed(1)} KiB`);
  const text = fs.readFileSync(file, 'utf8');
  // undici would install a process-wide dispatcher in the shared extension host and bypass the proxy.
  assert.ok(!/\bundici\b/.test(text), 'undici is not bundled');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('loading the bundle evaluates no schemas, client or webview code', async () => {
  const file = await buildProduction();
  // A stand-in for the vscode module: loading must not touch it at all.
  const touched: string[] = [];
  const vscodeStub = new Proxy({}, { get: (_t, key) => void touched.push(String(key)) });
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
  };
  try {
    const g = globalThis as { __airforceLoadStart?: number; __airforceLoadEnd?: number };
    // The quickest of three evaluations: a busy machine (other builds on 2 cores) adds its own delay
    // to any one of them, while eager work would slow every one.
    let ms = Infinity;
    for (let i = 0; i < 3; i++) {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the built bundle is the test
      require(file);
      ms = Math.min(ms, (g.__airforceLoadEnd ?? NaN) - (g.__airforceLoadStart ?? NaN));
    }
    console.log(`# bundle evaluation: ${ms.toFixed(2)} ms (quickest of 3)`);
    // esbuild's interop asks each import whether it is an ES module; nothing else may be read.
    assert.deepEqual(touched.filter((k) => k !== '__esModule'), [], 'module evaluation uses no vscode API');
    // Measured at 2–4 ms here; eagerly building the zod schemas and Intl formatters costs ~25 ms more.
    assert.ok(ms < 10, `bundle evaluation took ${ms.toFixed(2)} ms`);
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
