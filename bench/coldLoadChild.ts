// One cold load, run as the main script of a fresh Node process: times `require(<file>)` — read,
// compile and evaluate — with `vscode` stubbed (every property callable and constructible, so the
// second file's top level can run too). Prints {"ms", "cpuMs"}. A main script, not `node -e`: the
// first require from `-e` also warms Node's module loader (3–20 ms on its own), which the extension
// host has long done before it loads an extension.
//   node out/bench/coldLoadChild.js <file>
import Module from 'node:module';
import { performance } from 'node:perf_hooks';

export interface ColdLoad {
  /** Wall time of the require. */
  ms: number;
  /** CPU time (user + system) of this process during it: what other work on the machine cannot inflate. */
  cpuMs: number;
}

/** A vscode stand-in where every property is callable, constructible and has properties itself. */
export function deepVscodeStub(): object {
  const handler: ProxyHandler<() => void> = {
    get: (_t, key) => (key === '__esModule' ? undefined : key === Symbol.toPrimitive ? () => '' : stub),
    apply: () => stub,
    construct: () => stub as object,
  };
  const stub: () => void = new Proxy(function vscode() {}, handler);
  return stub;
}

function stubVscode(): void {
  const stub = deepVscodeStub();
  const internals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = internals._load;
  internals._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: coldLoadChild.js <file>');
  stubVscode();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the built bundle is the measurement
  require(file);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const run: ColdLoad = { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  process.stdout.write(JSON.stringify(run));
}
