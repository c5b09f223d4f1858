// One download in a fresh process, for the bench: what a first download costs the extension host
// (module and JIT warm-up, heap growth, socket buffers) is what a person meets. Prints one JSON line
// with the time, CPU, RSS growth and event-loop delay of the download alone.
//   node out/bench/downloadChild.js <url> <dir> <fileName> [--fetch]
// --fetch: through the global fetch (the transport before issue 17), for comparison.
import { performance } from 'node:perf_hooks';
import { downloadToFile } from '../src/io/download/download';
import { watchEventLoopDelay, type LoopDelay } from './eventLoop';
import { watchRss } from './rssPeak';

export const LOOP_DELAY_RESOLUTION_MS = 2;

export interface ChildRun {
  ms: number;
  bytes: number;
  path: string;
  cpuMs: number;
  rssGrowthBytes: number;
  rssSamples: number;
  kernelHwm: boolean;
  loopDelay: LoopDelay;
}

async function main(): Promise<void> {
  const [url, dir, fileName] = process.argv.slice(2);
  if (!url || !dir || !fileName) throw new Error('usage: downloadChild.js <url> <dir> <fileName> [--fetch]');
  const viaFetch = process.argv.includes('--fetch');
  const rss = watchRss(10);
  const loop = watchEventLoopDelay(LOOP_DELAY_RESOLUTION_MS);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // baseIsLoopback: the simulator is on 127.0.0.1, as the extension decides from airforce.baseUrl.
  const saved = await downloadToFile({ url, dir, fileName, baseIsLoopback: true, ...(viaFetch ? { fetch: globalThis.fetch } : {}) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const loopDelay = loop.stop();
  const peak = rss.stop();
  const run: ChildRun = {
    ms,
    bytes: saved.bytes,
    path: saved.path,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssGrowthBytes: peak.growthBytes,
    rssSamples: peak.samples,
    kernelHwm: peak.kernelHwm,
    loopDelay,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
