// Download throughput of our downloadToFile against `curl -s -o` on the same pre-signed URL, in
// the same run, alternating, plus what each download costs the extension host: peak RSS growth,
// event-loop delay and CPU time (ours and curl's). The simulator runs in a child process so its
// buffers, sockets and CPU are not counted as ours.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { downloadToFile } from '../src/io/download';
import { startChildSim, type ChildSim } from './childSim';
import { BENCH_KEY, benchClient, videoRequest } from './common';
import { curlWithCpu, type CurlCpuRun } from './curlCpu';
import { watchEventLoopDelay, type LoopDelay } from './eventLoop';
import { watchRss } from './rssPeak';
import { mibPerSecond } from './stats';

/** The histogram's tick: fine enough to see a 20 ms stall, coarse enough to cost ~nothing. */
export const LOOP_DELAY_RESOLUTION_MS = 2;

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
  /** CPU time (user + system): ours = this whole process during the download; curl's = its rusage. */
  cpuMs: number;
  /**
   * Event-loop delay of this process beyond the histogram's tick during the download. For curl runs
   * this process is idle: that figure is the machine's own noise, the floor for ours.
   */
  loopDelay: LoopDelay;
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
    const url = await completedResultUrl(sim);
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
        log(`  ${tool.padEnd(4)} run ${r + 1}: ${describeRun(run.result)}`);
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

function describeRun(r: DownloadRun): string {
  const cpu = `CPU ${r.cpuMs.toFixed(0)} ms`;
  const loop = `${r.tool === 'ours' ? 'loop delay' : 'idle loop delay'} p99 ${r.loopDelay.p99Ms.toFixed(1)} ms`;
  const extra = r.tool === 'ours' ? `, ${loop}, RSS +${((r.rssGrowthBytes ?? 0) / 1024 / 1024).toFixed(1)} MiB` : `, ${loop}`;
  return `${r.mibPerSecond.toFixed(1)} MiB/s (${r.ms.toFixed(0)} ms, ${cpu}${extra})`;
}

async function oursOnce(url: string, dir: string, run: number): Promise<Once> {
  const rss = watchRss(10);
  const loop = watchEventLoopDelay(LOOP_DELAY_RESOLUTION_MS);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let saved: { path: string };
  try {
    // baseIsLoopback: the simulator is on 127.0.0.1, as the extension decides from airforce.baseUrl.
    saved = await downloadToFile({ url, dir, fileName: `ours-${run}.mp4`, baseIsLoopback: true });
  } catch (err) {
    loop.stop(); // neither timer may outlive the run
    rss.stop();
    throw err;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const loopDelay = loop.stop();
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
      loopDelay,
    },
    file: { path: saved.path, bytes },
  };
}

async function curlOnce(url: string, dir: string, run: number): Promise<Once> {
  const path = join(dir, `curl-${run}.mp4`);
  const loop = watchEventLoopDelay(LOOP_DELAY_RESOLUTION_MS);
  const t0 = performance.now();
  // Under `bash -c '…; times'` for curl's CPU time; the time includes bash's start (~1-2 ms).
  let curl: CurlCpuRun;
  try {
    curl = await curlWithCpu(url, path);
  } catch (err) {
    loop.stop();
    throw err;
  }
  const { cpu, exitCode } = curl;
  const ms = performance.now() - t0;
  const loopDelay = loop.stop();
  if (exitCode !== 0) throw new Error(`curl exited with code ${exitCode}`);
  const bytes = (await stat(path)).size;
  return {
    result: { tool: 'curl', run, ms, bytes, mibPerSecond: mibPerSecond(bytes, ms), cpuMs: cpu.userMs + cpu.sysMs, loopDelay },
    file: { path, bytes },
  };
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

/** Creates a task on the child simulator, completes it, and returns its pre-signed result URL. */
export async function completedResultUrl(sim: ChildSim): Promise<string> {
  const api = benchClient(sim.url);
  const created = await api.createVideo(videoRequest('bench download'));
  await sim.completeTask(created.task_id);
  const url = (await api.getTask(created.task_id)).result_url;
  if (!url) throw new Error('the completed task has no result_url');
  return url;
}
