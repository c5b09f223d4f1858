// Bench-only: the download loop prototypes (writeLoopVariants.ts) side by side with the real
// downloadToFile and curl, in ONE run, rotating the order each round; per variant the median of
// per-round ratios to downloadToFile, so a busy machine shifts all of them alike.
//   node out/bench/variantsBench.js [--rounds 5] [--mib 256] [--variants downloadToFile,replica,...]
import { rm, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startChildSim } from './childSim';
import { BENCH_KEY } from './common';
import { curlWithCpu } from './curlCpu';
import { completedResultUrl } from './downloadBench';
import { watchEventLoopDelay } from './eventLoop';
import { watchRss } from './rssPeak';
import { median, MiB, round } from './stats';
import { runVariant, VARIANTS, type VariantName } from './writeLoopVariants';

type Name = VariantName | 'curl';

interface Sample {
  round: number;
  ms: number;
  cpuMsPer100MiB: number;
  eldP99Ms: number;
  rssGrowthMiB: number;
  /** Share of the CPU time spent in the kernel, and minor page faults per 100 MiB (ours only). */
  sysShare: number;
  faultsPer100MiB: number;
}

async function once(name: Name, url: string, dir: string, round: number, bytes: number): Promise<Sample> {
  const fileName = `${name}-${round}.mp4`;
  if (name === 'curl') {
    const path = join(dir, fileName);
    const t0 = performance.now();
    const r = await curlWithCpu(url, path);
    const ms = performance.now() - t0;
    if (r.exitCode !== 0 || (await stat(path)).size !== bytes) throw new Error('curl failed');
    await rm(path);
    const cpuMs = r.cpu.userMs + r.cpu.sysMs;
    return { round, ms, cpuMsPer100MiB: (cpuMs * 100 * MiB) / bytes, eldP99Ms: 0, rssGrowthMiB: 0, sysShare: r.cpu.sysMs / cpuMs, faultsPer100MiB: 0 };
  }
  const rss = watchRss(10);
  const eld = watchEventLoopDelay(2);
  const faults0 = process.resourceUsage().minorPageFault;
  const cpu0 = process.cpuUsage();
  const r = await runVariant(name, url, dir, fileName);
  const cpu = process.cpuUsage(cpu0);
  const faults = process.resourceUsage().minorPageFault - faults0;
  const delay = eld.stop();
  const peak = rss.stop();
  if (r.bytes !== bytes || (await stat(r.path)).size !== bytes) throw new Error(`${name} saved ${r.bytes} bytes`);
  await rm(r.path);
  return {
    round,
    ms: r.ms,
    cpuMsPer100MiB: (((cpu.user + cpu.system) / 1000) * 100 * MiB) / bytes,
    eldP99Ms: delay.p99Ms,
    rssGrowthMiB: peak.growthBytes / MiB,
    sysShare: cpu.system / (cpu.user + cpu.system),
    faultsPer100MiB: (faults * 100 * MiB) / bytes,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      mib: { type: 'string', default: '256' },
      variants: { type: 'string', default: VARIANTS.join(',') },
    },
  });
  const names: Name[] = [...(values.variants.split(',') as VariantName[]), 'curl'];
  for (const n of names) if (n !== 'curl' && !VARIANTS.includes(n)) throw new Error(`unknown variant ${n}`);
  if (!names.includes('downloadToFile')) names.unshift('downloadToFile');
  const bytes = Number(values.mib) * MiB;
  const rounds = Number(values.rounds);
  const sim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: bytes });
  const dir = await mkdtemp(join(tmpdir(), 'airforce-variants-'));
  const samples = new Map<Name, Sample[]>(names.map((n) => [n, []]));
  try {
    const url = await completedResultUrl(sim);
    for (const n of names) await once(n, url, dir, -1, bytes); // warm-up: JIT, heap, page cache
    for (let r = 0; r < rounds; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const n of order) samples.get(n)?.push(await once(n, url, dir, r, bytes));
      console.error(`round ${r + 1}/${rounds} done`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
  const base = samples.get('downloadToFile') ?? [];
  const ratio = (s: Sample[], pick: (x: Sample) => number): number =>
    median(s.map((x, i) => pick(x) / Math.max(1e-9, pick(base[i]))));
  console.log(`${rounds} rounds of ${values.mib} MiB, order rotated; ratios are medians of per-round ratios to downloadToFile`);
  console.log('variant          MiB/s  time×   CPU ms/100MiB  CPU×   sys %  faults/100MiB  ELD p99 ms (max)  RSS growth MiB max');
  for (const n of names) {
    const s = samples.get(n) ?? [];
    const mibs = median(s.map((x) => bytes / MiB / (x.ms / 1000)));
    console.log(
      [
        n.padEnd(15),
        String(round(mibs, 0)).padStart(6),
        round(ratio(s, (x) => x.ms), 2).toFixed(2).padStart(6),
        String(round(median(s.map((x) => x.cpuMsPer100MiB)), 0)).padStart(14),
        round(ratio(s, (x) => x.cpuMsPer100MiB), 2).toFixed(2).padStart(6),
        String(round(median(s.map((x) => x.sysShare * 100)), 0)).padStart(6),
        String(round(median(s.map((x) => x.faultsPer100MiB)), 0)).padStart(14),
        `${round(median(s.map((x) => x.eldP99Ms)), 1)} (${round(Math.max(...s.map((x) => x.eldP99Ms)), 1)})`.padStart(17),
        String(round(Math.max(...s.map((x) => x.rssGrowthMiB)), 1)).padStart(19),
      ].join(' '),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
