// The upload benchmark's figures (issue 19) from its rounds: the headline RSS growth is the worst
// round (each a first upload in a fresh process: what a person would meet), the event-loop p99 the
// median of the rounds' p99s (as for downloads), with their ranges; the README rows; and the merge
// of these into bench/results.json, by a full run or by `bench.js --only upload` (which keeps the
// other figures of the last full run). Pure: unit-tested.
import { spread } from './downloadFigures';
import type { ReadmeRow } from './readmeTable';
import { checkTarget, cpuMsPer100MiB, MiB, round, type Target } from './stats';
import type { UploadChildRun } from './uploadChild';

export interface UploadRun extends UploadChildRun {
  round: number;
  fileBytes: number;
  mibPerSecond: number;
  /** The idle bench process's event-loop p99 during the same upload: the machine's floor then. */
  floorP99Ms: number;
}

export interface UploadResult {
  fileBytes: number;
  sha256: string;
  runs: UploadRun[];
  /** The simulator logged every upload with the file's size and sha256. */
  received: boolean;
  /** os.loadavg() just before the first upload and just after the last (a busy machine shows). */
  loadAvg?: { before: number[]; after: number[] };
}

export const UPLOAD_TARGETS = {
  // The worst round's peak RSS minus the RSS just before its upload.
  upload_rss_growth_mib: { op: '<=', value: 32 },
  // Median over the rounds of each upload's p99.
  upload_loop_p99_ms: { op: '<=', value: 20 },
} satisfies Record<string, Target>;

export type UploadTargetKey = keyof typeof UPLOAD_TARGETS;

export interface UploadFigureValues {
  upload_mib_per_s: number;
  upload_mb_per_s: number;
  upload_rss_growth_mib: number;
  upload_rss_growth_per_run_mib: number[];
  upload_loop_p99_ms: number;
  upload_loop_p99_worst_run_ms: number;
  upload_loop_max_ms: number;
  upload_idle_loop_p99_ms: number;
  upload_cpu_ms_per_100mib: number;
}

export interface UploadSection {
  figures: UploadFigureValues;
  ranges: Record<string, number[]>;
  rows: ReadmeRow[];
  /** Target keys missed. */
  missed: UploadTargetKey[];
  method: string;
  details: Record<string, unknown>;
}

export function uploadSection(result: UploadResult, date = new Date()): UploadSection {
  const { runs, fileBytes } = result;
  if (runs.length === 0) throw new Error('no upload run');
  const speed = spread(runs.map((r) => r.mibPerSecond));
  const rss = spread(runs.map((r) => r.rssGrowthBytes / MiB));
  const p99 = spread(runs.map((r) => r.loopDelay.p99Ms));
  const maxDelay = spread(runs.map((r) => r.loopDelay.maxMs));
  const floor = spread(runs.map((r) => r.floorP99Ms));
  const cpu = spread(runs.map((r) => cpuMsPer100MiB(r.cpuMs, fileBytes)));
  const figures: UploadFigureValues = {
    upload_mib_per_s: round(speed.median, 1),
    upload_mb_per_s: round((speed.median * MiB) / 1e6, 1),
    upload_rss_growth_mib: round(rss.max, 1),
    upload_rss_growth_per_run_mib: runs.map((r) => round(r.rssGrowthBytes / MiB, 1)),
    upload_loop_p99_ms: round(p99.median, 1),
    upload_loop_p99_worst_run_ms: round(p99.max, 1),
    upload_loop_max_ms: round(maxDelay.max, 1),
    upload_idle_loop_p99_ms: round(floor.median, 1),
    upload_cpu_ms_per_100mib: round(cpu.median, 0),
  };
  const T = UPLOAD_TARGETS;
  const mb = Math.round(fileBytes / 1e6);
  const n = runs.length;
  const rows: ReadmeRow[] = [
    { metric: `upload ${mb} MB (multipart, streamed)`, value: figures.upload_mib_per_s, unit: 'MiB/s', range: speed },
    { metric: 'upload CPU per 100 MiB', value: figures.upload_cpu_ms_per_100mib, unit: 'ms', digits: 0, range: cpu },
    { metric: 'first-upload RSS growth', value: figures.upload_rss_growth_mib, unit: 'MiB', note: `worst of ${n}`, range: rss, target: T.upload_rss_growth_mib },
    { metric: 'event-loop delay p99 during the upload', value: figures.upload_loop_p99_ms, unit: 'ms', range: p99, target: T.upload_loop_p99_ms },
    { metric: '  machine floor (idle, during the upload)', value: figures.upload_idle_loop_p99_ms, unit: 'ms', range: floor },
  ];
  const missed = (Object.keys(T) as UploadTargetKey[]).filter((k) => !checkTarget(figures[k], T[k]).pass);
  const r = (s: { min: number; max: number }, digits: number): number[] => [round(s.min, digits), round(s.max, digits)];
  return {
    figures,
    ranges: {
      upload_mib_per_s: r(speed, 1),
      upload_rss_growth_mib: r(rss, 1),
      upload_loop_p99_ms: r(p99, 1),
      upload_idle_loop_p99_ms: r(floor, 1),
      upload_cpu_ms_per_100mib: r(cpu, 0),
    },
    rows,
    missed,
    method: `a ${mb} MB file (${fileBytes} bytes, written under os.tmpdir(), removed after) sent ${n} times, each by a fresh process (node out/bench/uploadChild.js: AirforceClient.transcribe → sendUpload → the multipart body read from disk in chunks → node:http, with an onProgress callback as the host gives one) to the simulator in a child process, which reads the body as it streams (hashed, counted, never held); RSS growth = peak RSS during the upload - RSS just before it (modules loaded), peak from 10 ms samples and the kernel VmHWM reset via /proc/self/clear_refs, the headline the worst round; event-loop delay = perf_hooks.monitorEventLoopDelay (resolution 2 ms) in the uploading process, recorded tick interval - resolution, the headline the median of the rounds' p99; the same histogram in the (idle) bench process during each upload gives the machine's floor; throughput = file bytes / wall time from the call to the parsed answer; CPU = process.cpuUsage() of the uploading process over the upload; every upload checked whole in the simulator's request log (size and sha256)`,
    details: {
      date: date.toISOString(),
      ...(result.loadAvg ? { load_avg_before: result.loadAvg.before.map((v) => round(v, 2)), load_avg_after: result.loadAvg.after.map((v) => round(v, 2)) } : {}),
      file_bytes: fileBytes,
      sha256: result.sha256,
      received_whole: result.received,
      rounds: n,
      runs: runs.map((x) => ({
        round: x.round + 1,
        ms: round(x.ms, 1),
        mib_per_s: round(x.mibPerSecond, 1),
        body_bytes: x.bodyBytes,
        cpu_ms: round(x.cpuMs, 0),
        rss_growth_mib: round(x.rssGrowthBytes / MiB, 1),
        rss_samples: x.rssSamples,
        kernel_hwm: x.kernelHwm,
        loop_delay_p50_ms: round(x.loopDelay.p50Ms, 1),
        loop_delay_p99_ms: round(x.loopDelay.p99Ms, 1),
        loop_delay_max_ms: round(x.loopDelay.maxMs, 1),
        loop_delay_samples: x.loopDelay.samples,
        idle_loop_delay_p99_ms: round(x.floorP99Ms, 1),
        progress_calls: x.progressCalls,
      })),
    },
  };
}

type Json = Record<string, unknown>;

const objectAt = (o: Json, key: string): Json => {
  const v = o[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
};

/**
 * `results` (bench/results.json's object) with the upload section put in: its figures before
 * `targets` (where a full run writes them), and its targets, comparisons, ranges, pass/miss, method
 * and details beside the others'. Every other figure is kept as it was.
 */
export function mergeUpload(results: Json, section: UploadSection): Json {
  const out: Json = {};
  const put = (): void => void Object.assign(out, section.figures);
  let placed = false;
  for (const [k, v] of Object.entries(results)) {
    if (k === 'targets' && !placed) {
      put();
      placed = true;
    }
    if (!(k in section.figures)) out[k] = v;
  }
  if (!placed) put();
  const T = UPLOAD_TARGETS;
  const keys = Object.keys(T) as UploadTargetKey[];
  out.targets = { ...objectAt(results, 'targets'), ...Object.fromEntries(keys.map((k) => [k, T[k].value])) };
  out.target_comparisons = { ...objectAt(results, 'target_comparisons'), ...Object.fromEntries(keys.map((k) => [k, T[k].op])) };
  out.ranges = { ...objectAt(results, 'ranges'), ...section.ranges };
  out.pass = { ...objectAt(results, 'pass'), ...Object.fromEntries(keys.map((k) => [k, !section.missed.includes(k)])) };
  const misses = { ...objectAt(results, 'misses') };
  for (const k of keys) {
    if (section.missed.includes(k)) misses[k] = { gap: round(checkTarget(section.figures[k], T[k]).gap, 3) };
    else delete misses[k];
  }
  out.misses = misses;
  const details = objectAt(results, 'details');
  out.details = { ...details, method: { ...objectAt(details, 'method'), upload: section.method }, upload: section.details };
  return out;
}
