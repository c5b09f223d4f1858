// Download throughput of our downloadToFile against `curl -s -o` on the same pre-signed URL, as
// interleaved rounds: each round runs ours and curl once, the order reversed every round, every
// download in a fresh process (so each of ours is a first download, and neither tool inherits a
// warm process). Per download: time, CPU (ours and curl's), and for ours RSS growth and event-loop
// delay. The simulator runs in a child process so its buffers, sockets and CPU are not counted.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChildSim, type ChildSim } from './childSim';
import { BENCH_KEY, benchClient, videoRequest } from './common';
import { curlWithCpu } from './curlCpu';
import type { ChildRun } from './downloadChild';
import { watchEventLoopDelay, type LoopDelay } from './eventLoop';
import { mibPerSecond } from './stats';

import { LOOP_DELAY_RESOLUTION_MS } from './downloadChild';

export { LOOP_DELAY_RESOLUTION_MS };

/** ours = downloadToFile (node:http); fetch = the same over the global fetch (only with BENCH_COMPARE_FETCH=1). */
export type Tool = 'ours' | 'curl' | 'fetch';

export interface DownloadRun {
  tool: Tool;
  round: number;
  ms: number;
  bytes: number;
  mibPerSecond: number;
  /** Ours: peak RSS growth of its process during the download (a first download, always). */
  rssGrowthBytes?: number;
  rssSamples?: number;
  kernelHwm?: boolean;
  /** CPU time (user + system): ours = its process during the download; curl's = its rusage. */
  cpuMs: number;
  /** Ours: event-loop delay of its process beyond the histogram's tick during the download. Curl: this (idle) process's, the machine's floor. */
  loopDelay: LoopDelay;
}

export interface DownloadResult {
  sizeBytes: number;
  runs: DownloadRun[];
  /** All saved files had the same sha256 (every tool's alike). */
  identical: boolean;
  sha256: string;
}

/** Throws a clear error when curl cannot run: the comparison means nothing without it. */
export async function requireCurl(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--version'], (err, stdout) => {
      if (err) {
        reject(new Error('curl is not installed (or not on PATH): the download comparison needs it. Install curl (e.g. apt-get install curl) and run the bench again.'));
      } else resolve(stdout.split('\n')[0] ?? 'curl');
    });
  });
}

export async function measureDownload(sizeBytes: number, rounds: number, tools: readonly Tool[], log: (line: string) => void): Promise<DownloadResult> {
  const sim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: sizeBytes });
  const dir = await mkdtemp(join(tmpdir(), 'airforce-bench-'));
  try {
    if (sim.resultBytes !== sizeBytes) throw new Error(`the simulator serves ${sim.resultBytes} bytes, not ${sizeBytes}`);
    const url = await completedResultUrl(sim);
    const runs: DownloadRun[] = [];
    const hashes = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      // Reversed every round, so neither always gets the warmer (or colder) machine.
      const order = round % 2 === 0 ? [...tools] : [...tools].reverse();
      for (const tool of order) {
        const file = join(dir, `${tool}-${round}.mp4`);
        const run = tool === 'curl' ? await curlOnce(url, file, round) : await childOnce(url, dir, `${tool}-${round}.mp4`, tool, round);
        if (run.bytes !== sizeBytes) throw new Error(`${tool} round ${round + 1} saved ${run.bytes} bytes, expected ${sizeBytes}`);
        hashes.add(await sha256File(file)); // outside the timed span
        await rm(file, { force: true });
        runs.push(run);
        log(`  round ${round + 1} ${tool.padEnd(5)} ${describeRun(run)}`);
      }
    }
    return { sizeBytes, runs, identical: hashes.size === 1, sha256: [...hashes][0] ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
}

function describeRun(r: DownloadRun): string {
  const cpu = `CPU ${r.cpuMs.toFixed(0)} ms`;
  if (r.tool === 'curl') return `${r.mibPerSecond.toFixed(1)} MiB/s (${r.ms.toFixed(0)} ms, ${cpu})`;
  const rss = `RSS +${((r.rssGrowthBytes ?? 0) / 1024 / 1024).toFixed(1)} MiB`;
  return `${r.mibPerSecond.toFixed(1)} MiB/s (${r.ms.toFixed(0)} ms, ${cpu}, loop delay p99 ${r.loopDelay.p99Ms.toFixed(1)} ms, ${rss})`;
}

/** One download by downloadChild.js in a fresh Node process. */
function childOnce(url: string, dir: string, fileName: string, tool: Tool, round: number): Promise<DownloadRun> {
  const script = join(__dirname, 'downloadChild.js');
  const args = [script, url, dir, fileName, ...(tool === 'fetch' ? ['--fetch'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`the download child exited with ${code}`);
        const r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as ChildRun;
        resolve({
          tool,
          round,
          ms: r.ms,
          bytes: r.bytes,
          mibPerSecond: mibPerSecond(r.bytes, r.ms),
          rssGrowthBytes: r.rssGrowthBytes,
          rssSamples: r.rssSamples,
          kernelHwm: r.kernelHwm,
          cpuMs: r.cpuMs,
          loopDelay: r.loopDelay,
        });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

async function curlOnce(url: string, path: string, round: number): Promise<DownloadRun> {
  const loop = watchEventLoopDelay(LOOP_DELAY_RESOLUTION_MS);
  const t0 = performance.now();
  // Under `bash -c '…; times'` for curl's CPU time; the time includes bash's start (~1-2 ms).
  let curl: Awaited<ReturnType<typeof curlWithCpu>>;
  try {
    curl = await curlWithCpu(url, path);
  } catch (err) {
    loop.stop(); // the histogram's timer must not outlive the run
    throw err;
  }
  const ms = performance.now() - t0;
  const loopDelay = loop.stop();
  if (curl.exitCode !== 0) throw new Error(`curl exited with code ${curl.exitCode}`);
  const bytes = (await stat(path)).size;
  return { tool: 'curl', round, ms, bytes, mibPerSecond: mibPerSecond(bytes, ms), cpuMs: curl.cpu.userMs + curl.cpu.sysMs, loopDelay };
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
