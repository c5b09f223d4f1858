// Bench-only: where does a download's CPU go? Runs one warm-up and one measured 256 MiB download
// with downloadToFile from the child simulator under `node --cpu-prof`, then prints the top
// self-time frames of the whole profile.
//   node out/bench/profileDownload.js [--mib 256] [--top 20]
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChildSim } from './childSim';
import { BENCH_KEY } from './common';
import { completedResultUrl } from './downloadBench';
import { selfTimeByFrame, type CpuProfile } from './cpuProfile';
import { MiB } from './stats';
import { downloadToFile } from '../src/io/download/download';

const CHILD_FLAG = 'AIRFORCE_BENCH_PROFILE_CHILD';

async function child(bytes: number): Promise<void> {
  const sim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: bytes });
  const dir = await mkdtemp(join(tmpdir(), 'airforce-prof-'));
  try {
    const url = await completedResultUrl(sim);
    for (const label of ['warm-up', 'measured']) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const saved = await downloadToFile({ url, dir, fileName: `${label}.mp4`, baseIsLoopback: true, lookup: null });
      const r = { path: saved.path, bytes: saved.bytes, ms: performance.now() - t0 };
      const cpu = process.cpuUsage(cpu0);
      if (r.bytes !== bytes) throw new Error(`saved ${r.bytes} bytes, expected ${bytes}`);
      console.log(`${label}: ${r.ms.toFixed(0)} ms, CPU user ${(cpu.user / 1000).toFixed(0)} ms + sys ${(cpu.system / 1000).toFixed(0)} ms`);
      await rm(r.path, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
}

async function parent(mib: number, top: number): Promise<void> {
  const profDir = await mkdtemp(join(tmpdir(), 'airforce-cpuprof-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const args = ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250', __filename, '--mib', String(mib)];
      const p = spawn(process.execPath, args, { env: { ...process.env, [CHILD_FLAG]: '1' }, stdio: 'inherit' });
      p.once('error', reject);
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`profiled child exited with ${code}`))));
    });
    const file = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    const profile = JSON.parse(await readFile(join(profDir, file), 'utf8')) as CpuProfile;
    const { rows, busyMs, idleMs } = selfTimeByFrame(profile, top);
    console.log(`\ndownloadToFile: whole process (setup + warm-up + measured): busy ${busyMs.toFixed(0)} ms, idle ${idleMs.toFixed(0)} ms (main thread only)`);
    for (const r of rows) console.log(`${r.selfMs.toFixed(1).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.frame}`);
  } finally {
    await rm(profDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '256' },
    top: { type: 'string', default: '20' },
  },
});
const run = process.env[CHILD_FLAG] ? child(Number(values.mib) * MiB) : parent(Number(values.mib), Number(values.top));
run.catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
