// Download throughput of our downloadToFile against `curl -s -o` on the same pre-signed URL, in
// the same run, alternating, plus the peak RSS growth of this process during our downloads. The
// simulator runs in a child process so its buffers and sockets are not counted as ours.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { downloadToFile } from '../src/io/download';
import { startChildSim } from './childSim';
import { BENCH_KEY, benchClient, videoRequest } from './common';
import { watchRss } from './rssPeak';
import { mibPerSecond } from './stats';

export type Tool = 'ours' | 'curl';

export interface DownloadRun {
  tool: Tool;
  run: number;
  ms: number;
  bytes: number;
  mibPerSecond: number;
  /** Ours only: peak RSS growth of this process during the download. */
  rssGrowthBytes?: number;
  rssSamples?: number;
  kernelHwm?: boolean;
  /** Ours only: CPU time (user + system) this process spent during the download. */
  cpuMs?: number;
}

export interface DownloadResult {
  sizeBytes: number;
  runs: DownloadRun[];
  /** All saved files had the same sha256 (ours and curl's alike). */
  identical: boolean;
  sha256: string;
  dir: string;
}

export async function measureDownload(sizeBytes: number, runsEach: number, log: (line: string) => void): Promise<DownloadResult> {
  const sim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: sizeBytes });
  const dir = await mkdtemp(join(tmpdir(), 'airforce-bench-'));
  try {
    if (sim.resultBytes !== sizeBytes) throw new Error(`the simulator serves ${sim.resultBytes} bytes, not ${sizeBytes}`);
    const api = benchClient(sim.url);
    const created = await api.createVideo(videoRequest('bench download'));
    await sim.completeTask(created.task_id);
    const url = (await api.getTask(created.task_id)).result_url;
    if (!url) throw new Error('the completed task has no result_url');

    const runs: DownloadRun[] = [];
    const hashes = new Set<string>();
    for (let r = 0; r < runsEach; r++) {
      // Alternate who goes first, so neither always gets the warmer (or colder) machine.
      const order: Tool[] = r % 2 === 0 ? ['ours', 'curl'] : ['curl', 'ours'];
      for (const tool of order) {
        const run = tool === 'ours' ? await oursOnce(url, dir, r) : await curlOnce(url, dir, r);
        if (run.file.bytes !== sizeBytes) throw new Error(`${tool} run ${r} saved ${run.file.bytes} bytes, expected ${sizeBytes}`);
        hashes.add(await sha256File(run.file.path)); // outside the timed span
        await rm(run.file.path, { force: true });
        runs.push(run.result);
        const cpu = run.result.cpuMs === undefined ? '' : `, this process's CPU ${run.result.cpuMs.toFixed(0)} ms`;
        log(`  ${tool.padEnd(4)} run ${r + 1}: ${run.result.mibPerSecond.toFixed(1)} MiB/s (${run.result.ms.toFixed(0)} ms${cpu})`);
      }
    }
    return { sizeBytes, runs, identical: hashes.size === 1, sha256: [...hashes][0] ?? '', dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
}

interface Once {
  result: DownloadRun;
  file: { path: string; bytes: number };
}

async function oursOnce(url: string, dir: string, run: number): Promise<Once> {
  const rss = watchRss(10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let saved: { path: string };
  try {
    saved = await downloadToFile({ url, dir, fileName: `ours-${run}.mp4` });
  } catch (err) {
    rss.stop(); // the sampling timer must not outlive the run
    throw err;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = rss.stop();
  const bytes = (await stat(saved.path)).size;
  return {
    result: {
      tool: 'ours',
      run,
      ms,
      bytes,
      mibPerSecond: mibPerSecond(bytes, ms),
      rssGrowthBytes: peak.growthBytes,
      rssSamples: peak.samples,
      kernelHwm: peak.kernelHwm,
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
    file: { path: saved.path, bytes },
  };
}

async function curlOnce(url: string, dir: string, run: number): Promise<Once> {
  const path = join(dir, `curl-${run}.mp4`);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    // No shell: the signed URL's '&' stays an argument. -f turns an HTTP error into a failure.
    const child = spawn('curl', ['-s', '-f', '-o', path, url], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with code ${code}`))));
  });
  const ms = performance.now() - t0;
  const bytes = (await stat(path)).size;
  return { result: { tool: 'curl', run, ms, bytes, mibPerSecond: mibPerSecond(bytes, ms) }, file: { path, bytes } };
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .once('error', reject)
      .once('end', () => resolve(hash.digest('hex')));
  });
}
