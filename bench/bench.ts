// `npm run bench`: completion detection latency (stream vs polling), requests per task, download
// throughput, memory, CPU and event-loop delay against curl (interleaved rounds, a fresh process per
// download), the client's overhead on synchronous image and speech requests, TCP connections per
// 20 API calls, and the production bundles' sizes and cold loads, all in one run against the
// simulator with the real client, follower, tracker and downloader. Prints a table and the README's
// performance table and writes bench/results.json (not when BENCH_NO_WRITE=1, for trial runs).
// BENCH_ROUNDS=<n ≥ 5> sets the download rounds; BENCH_COMPARE_FETCH=1 adds the global-fetch transport.
// Also a 100 MB upload through the real client (uploadBench.ts; BENCH_UPLOAD_ROUNDS=<n ≥ 3>, default 5).
// `--only upload` runs that part alone and merges its figures into results.json, keeping the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POLL_MS } from '../src/jobs/video/followTask';
import { startSimulator } from '../test/simulator/server';
import { measureApiConnections } from './apiConnections';
import { COLD_LOADS, measureBundle, type BundleFigures } from './bundle';
import { startChildSim } from './childSim';
import { BENCH_KEY, benchClient } from './common';
import { LOOP_DELAY_RESOLUTION_MS, measureDownload, requireCurl, type Tool } from './downloadBench';
import { downloadFigures, type Spread } from './downloadFigures';
import { readmeTable, type ReadmeRow } from './readmeTable';
import { measurePollDetection, measureSseDetection, type DetectionSample } from './latency';
import { machineInfo } from './machine';
import { checkTarget, cpuMsPer100MiB, MiB, percentile, round, seededRandom, type Target } from './stats';
import { measureSyncOverhead, summarizeOverhead, type SyncSample } from './syncOverhead';
import { measureTrackerFlow, type TrackerFlowResult } from './trackerFlow';
import { measureStoryboard } from './storyboardBench';
import { measureUpload, runUploadOnly, UPLOAD_FILE_BYTES, UPLOAD_ROUNDS } from './uploadBench';
import { mergeUpload, uploadSection } from './uploadFigures';

const DETECT_TASKS = 20;
const IN_FLIGHT_LIMIT = 4;
const FLOW_TASKS = 8;
const DOWNLOAD_BYTES = 256 * MiB;
// Interleaved rounds of ours and curl; the issue asks for at least 5.
const DOWNLOAD_ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS) || 7);
const COMPARE_FETCH = process.env.BENCH_COMPARE_FETCH === '1';
const CLOCK_SPEED = 50;
const SEED = 20240601;
const SYNC_REQUESTS = 50;
const SYNC_WARMUP = 5;

const TARGETS = {
  sse_detect_p50_ms: { op: '<=', value: 50 },
  requests_per_task_sse: { op: '<=', value: 4 },
  // Issue 17: medians over the rounds of each round's ratio (ours / the curl run beside it).
  download_ratio_vs_curl: { op: '>=', value: 0.9 },
  download_cpu_ratio_vs_curl: { op: '<=', value: 1.25 },
  // The worst of every round's download, each the first in its process: what the person would feel.
  download_first_rss_growth_mib: { op: '<=', value: 48 },
  // Median over the rounds of each download's p99: how long the extension host could not answer.
  download_loop_p99_ms: { op: '<=', value: 10 },
  api_connections_per_20_calls: { op: '<=', value: 2 },
  activation_bundle_kib: { op: '<=', value: 80 },
  activation_cold_load_ms: { op: '<=', value: 4 },
  // Client wall time minus the simulator's own handling time of the same request.
  image_overhead_p50_ms: { op: '<=', value: 5 },
  speech_overhead_p50_ms: { op: '<=', value: 5 },
  // Both files together (the media-kinds issue's 200 KiB for the finished product).
  bundle_kib: { op: '<=', value: 200 },
  // Parse + diagnostics + CodeLens data of a 200-shot storyboard after a keystroke (issue 9).
  storyboard_200_shots_p50_ms: { op: '<=', value: 10 },
} satisfies Record<string, Target>;

// Stricter than the targets: shown as reached / not yet, never a failure.
const AIMS = {
  download_first_rss_growth_mib: { op: '<=', value: 32 },
} satisfies Partial<Record<keyof typeof TARGETS, Target>>;

const RESULTS_PATH = join(__dirname, '..', '..', 'bench', 'results.json');

const log = (line: string): void => console.log(line);

/** [min, max] of a spread, rounded, for results.json's `ranges`. */
const range = (s: Pick<Spread, 'min' | 'max'>, digits: number): number[] => [round(s.min, digits), round(s.max, digits)];

async function main(): Promise<void> {
  const { only } = parseArgs({ options: { only: { type: 'string' } } }).values;
  if (only === 'upload') {
    const missed = await runUploadOnly(RESULTS_PATH, log);
    return log(missed.length ? `MISSED: ${missed.join(', ')}` : 'All upload targets met.');
  }
  if (only !== undefined) throw new Error(`--only ${only}: only "upload" runs alone`);
  const startedAt = Date.now();
  const machine = machineInfo();
  log(`Airforce Media bench — ${machine.cpus.model} × ${machine.cpus.cores}, ${machine.memory_gib} GiB, Node ${machine.node}, ${machine.os}`);

  const curlVersion = await requireCurl(); // before anything runs: without curl there is no comparison
  const tools: Tool[] = COMPARE_FETCH ? ['ours', 'curl', 'fetch'] : ['ours', 'curl'];
  log(`\n[1/7] download ${DOWNLOAD_BYTES / MiB} MiB: ${tools.join(' / ')} in ${DOWNLOAD_ROUNDS} interleaved rounds, a fresh process per download (${curlVersion})`);
  const download = await measureDownload(DOWNLOAD_BYTES, DOWNLOAD_ROUNDS, tools, log);
  if (!download.identical) throw new Error('the downloaded files differ: throughput of a wrong download means nothing');
  const dl = downloadFigures(download.runs);
  const ours = download.runs.filter((r) => r.tool === 'ours');
  const rssGrowth = dl.ours.rssGrowthMiB ?? { median: NaN, min: NaN, max: NaN };

  const random = seededRandom(SEED);
  const sim = await startSimulator({ keys: [BENCH_KEY], clockSpeed: CLOCK_SPEED });
  let sse: DetectionSample[];
  let poll: DetectionSample[];
  try {
    const api = benchClient(sim.url);
    log(`\n[2/7] completion detection over the progress stream: ${DETECT_TASKS} tasks, one at a time`);
    sse = await measureSseDetection(sim, api, DETECT_TASKS, random);
    log(
      `  p50 ${percentile(
        sse.map((s) => s.latencyMs),
        50,
      ).toFixed(1)} ms`,
    );
    log(`\n[3/7] completion detection by polling every ${DEFAULT_POLL_MS} ms (the default): ${DETECT_TASKS} tasks, ${IN_FLIGHT_LIMIT} at a time`);
    poll = await measurePollDetection(sim, api, DETECT_TASKS, IN_FLIGHT_LIMIT, random);
    log(
      `  p50 ${percentile(
        poll.map((s) => s.latencyMs),
        50,
      ).toFixed(0)} ms`,
    );
  } finally {
    await sim.close();
  }

  log(`\n[4/7] full tracker flow (submit → stream → auto-download): ${FLOW_TASKS} tasks on a fresh simulator`);
  const flowSim = await startSimulator({ keys: [BENCH_KEY], clockSpeed: CLOCK_SPEED });
  let flow: TrackerFlowResult;
  try {
    flow = await measureTrackerFlow(flowSim, FLOW_TASKS);
  } finally {
    await flowSim.close();
  }
  if (!flow.savedAll) throw new Error('the tracker flow did not save every result');

  log(`\n[5/7] synchronous requests: ${SYNC_REQUESTS} image + ${SYNC_REQUESTS} speech, client wall vs simulator handling (simulator in a child process)`);
  const syncSim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: 1024, reportHandling: true });
  let sync: SyncSample[];
  try {
    sync = await measureSyncOverhead(syncSim, benchClient(syncSim.url), SYNC_REQUESTS, SYNC_WARMUP);
  } finally {
    await syncSim.close();
  }
  const image = summarizeOverhead(sync.filter((s) => s.kind === 'image'));
  const speech = summarizeOverhead(sync.filter((s) => s.kind === 'speech'));
  log(`  overhead p50: image ${image.overheadP50Ms.toFixed(2)} ms, speech ${speech.overheadP50Ms.toFixed(2)} ms`);

  log('\n[6/7] TCP connections the simulator accepts during 20 API calls through the real client');
  const wire = await measureApiConnections();
  log(`  ${wire.connections} connection(s) for ${wire.calls} calls`);

  log(`\n[7/7] production bundles (node esbuild.mjs --production): sizes, cold load in a fresh process × ${COLD_LOADS} each`);
  const bundle: BundleFigures = measureBundle();
  for (const [name, b] of [
    ['extension.js', bundle.activation],
    ['extension-lazy.js', bundle.lazy],
  ] as const) {
    const cpu = b.coldLoadCpuMs;
    log(
      `  ${name}: ${b.kib.toFixed(1)} KiB, cold load median ${b.coldLoadMs.median.toFixed(2)} ms (${b.coldLoadMs.min.toFixed(2)}–${b.coldLoadMs.max.toFixed(2)}), CPU ${cpu.median.toFixed(2)} ms (${cpu.min.toFixed(2)}–${cpu.max.toFixed(2)})`,
    );
  }

  log('\n[+] storyboard typing path: parse + diagnostics + CodeLenses of a 200-shot storyboard, 200 keystrokes');
  const story = measureStoryboard(200, 200);
  log(`  p50 ${story.p50Ms.toFixed(2)} ms, p95 ${story.p95Ms.toFixed(2)} ms`);

  log(`\n[+] upload ${UPLOAD_FILE_BYTES / 1e6} MB through the real client (transcription, multipart from disk) × ${UPLOAD_ROUNDS}, a fresh process per upload`);
  const upload = await measureUpload(UPLOAD_FILE_BYTES, UPLOAD_ROUNDS, log);
  if (!upload.received) throw new Error('the simulator did not receive every upload whole: the figures would mean nothing');
  const up = uploadSection(upload);

  const sseMs = sse.map((s) => s.latencyMs);
  const pollMs = poll.map((s) => s.latencyMs);
  const figures = {
    sse_detect_p50_ms: round(percentile(sseMs, 50), 2),
    sse_detect_p95_ms: round(percentile(sseMs, 95), 2),
    poll_detect_p50_ms: round(percentile(pollMs, 50), 0),
    requests_per_task_sse: round(flow.requestsPerTask, 2),
    download_mib_per_s: round(dl.ours.mibPerSecond.median, 1),
    curl_mib_per_s: round(dl.curl.mibPerSecond.median, 1),
    download_ratio_vs_curl: round(dl.ours.ratioVsCurl.median, 3),
    download_peak_rss_growth_mib: round(rssGrowth.max, 1),
    download_first_rss_growth_mib: round(rssGrowth.max, 1),
    download_rss_growth_per_run_mib: ours.map((r) => round((r.rssGrowthBytes ?? 0) / MiB, 1)),
    download_loop_delay_p99_ms: round(dl.ours.loopP99Ms.median, 1),
    download_loop_p99_ms: round(dl.ours.loopP99Ms.median, 1),
    download_loop_delay_p99_worst_run_ms: round(dl.ours.loopP99Ms.max, 1),
    idle_loop_delay_p99_ms: round(dl.curl.loopP99Ms.median, 1),
    download_cpu_ms_per_100mib: round(dl.ours.cpuMsPer100MiB.median, 0),
    curl_cpu_ms_per_100mib: round(dl.curl.cpuMsPer100MiB.median, 0),
    download_cpu_ratio_vs_curl: round(dl.ours.cpuRatioVsCurl.median, 2),
    image_overhead_p50_ms: round(image.overheadP50Ms, 2),
    image_overhead_p95_ms: round(image.overheadP95Ms, 2),
    speech_overhead_p50_ms: round(speech.overheadP50Ms, 2),
    speech_overhead_p95_ms: round(speech.overheadP95Ms, 2),
    bundle_kib: round(bundle.activation.kib + bundle.lazy.kib, 1),
    bundle_evaluation_ms: round(bundle.evaluationMs, 2),
    activation_bundle_kib: round(bundle.activation.kib, 1),
    activation_cold_load_ms: round(bundle.activation.coldLoadMs.median, 2),
    activation_cold_load_cpu_ms: round(bundle.activation.coldLoadCpuMs.median, 2),
    lazy_bundle_kib: round(bundle.lazy.kib, 1),
    lazy_cold_load_ms: round(bundle.lazy.coldLoadMs.median, 2),
    lazy_cold_load_cpu_ms: round(bundle.lazy.coldLoadCpuMs.median, 2),
    api_connections_per_20_calls: wire.connections,
    storyboard_200_shots_p50_ms: round(story.p50Ms, 2),
    storyboard_200_shots_p95_ms: round(story.p95Ms, 2),
  };
  const checks = Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, checkTarget(figures[k as keyof typeof TARGETS], t)])) as Record<
    keyof typeof TARGETS,
    ReturnType<typeof checkTarget>
  >;

  const n = DOWNLOAD_ROUNDS;
  const T = TARGETS;
  const rows: ReadmeRow[] = [
    { metric: 'SSE detection p50', value: figures.sse_detect_p50_ms, unit: 'ms', digits: 2, target: T.sse_detect_p50_ms },
    { metric: 'SSE detection p95', value: figures.sse_detect_p95_ms, unit: 'ms', digits: 2 },
    { metric: `poll detection p50 (${DEFAULT_POLL_MS / 1000} s)`, value: figures.poll_detect_p50_ms, unit: 'ms', digits: 0 },
    { metric: 'requests per task (SSE)', value: figures.requests_per_task_sse, unit: '', digits: 2, target: T.requests_per_task_sse },
    { metric: `download ${DOWNLOAD_BYTES / MiB} MiB, ours`, value: figures.download_mib_per_s, unit: 'MiB/s', range: dl.ours.mibPerSecond },
    { metric: `download ${DOWNLOAD_BYTES / MiB} MiB, curl`, value: figures.curl_mib_per_s, unit: 'MiB/s', range: dl.curl.mibPerSecond },
    { metric: 'download throughput vs curl', value: figures.download_ratio_vs_curl, unit: '×', digits: 2, range: dl.ours.ratioVsCurl, target: T.download_ratio_vs_curl },
    { metric: 'download CPU vs curl', value: figures.download_cpu_ratio_vs_curl, unit: '×', digits: 2, range: dl.ours.cpuRatioVsCurl, target: T.download_cpu_ratio_vs_curl },
    { metric: 'download CPU per 100 MiB, ours', value: figures.download_cpu_ms_per_100mib, unit: 'ms', digits: 0, range: dl.ours.cpuMsPer100MiB },
    { metric: 'download CPU per 100 MiB, curl', value: figures.curl_cpu_ms_per_100mib, unit: 'ms', digits: 0, range: dl.curl.cpuMsPer100MiB },
    {
      metric: 'first-download RSS growth',
      value: figures.download_first_rss_growth_mib,
      unit: 'MiB',
      note: `worst of ${n}`,
      range: rssGrowth,
      target: T.download_first_rss_growth_mib,
    },
    { metric: 'event-loop delay p99 during the download', value: figures.download_loop_p99_ms, unit: 'ms', range: dl.ours.loopP99Ms, target: T.download_loop_p99_ms },
    { metric: '  machine floor (idle, during curl)', value: figures.idle_loop_delay_p99_ms, unit: 'ms', range: dl.curl.loopP99Ms },
    ...(dl.fetch
      ? [
          { metric: '  before: fetch transport vs curl', value: dl.fetch.ratioVsCurl.median, unit: '×', digits: 2, range: dl.fetch.ratioVsCurl },
          { metric: '  before: fetch CPU vs curl', value: dl.fetch.cpuRatioVsCurl.median, unit: '×', digits: 2, range: dl.fetch.cpuRatioVsCurl },
          { metric: '  before: fetch first-download RSS growth', value: dl.fetch.rssGrowthMiB?.max ?? NaN, unit: 'MiB', note: `worst of ${n}`, range: dl.fetch.rssGrowthMiB },
          { metric: '  before: fetch event-loop delay p99', value: dl.fetch.loopP99Ms.median, unit: 'ms', range: dl.fetch.loopP99Ms },
        ]
      : []),
    ...up.rows,
    { metric: 'image request overhead p50', value: figures.image_overhead_p50_ms, unit: 'ms', digits: 2, target: T.image_overhead_p50_ms },
    { metric: 'speech request overhead p50', value: figures.speech_overhead_p50_ms, unit: 'ms', digits: 2, target: T.speech_overhead_p50_ms },
    { metric: 'TCP connections per 20 API calls', value: figures.api_connections_per_20_calls, unit: '', digits: 0, target: T.api_connections_per_20_calls },
    { metric: 'activation bundle (dist/extension.js)', value: figures.activation_bundle_kib, unit: 'KiB', target: T.activation_bundle_kib },
    {
      metric: 'activation bundle cold load',
      value: figures.activation_cold_load_ms,
      unit: 'ms',
      digits: 2,
      range: bundle.activation.coldLoadMs,
      target: T.activation_cold_load_ms,
    },
    { metric: '  its CPU time', value: figures.activation_cold_load_cpu_ms, unit: 'ms', digits: 2, range: bundle.activation.coldLoadCpuMs },
    { metric: 'second bundle (dist/extension-lazy.js)', value: figures.lazy_bundle_kib, unit: 'KiB' },
    { metric: 'second bundle cold load (first command)', value: figures.lazy_cold_load_ms, unit: 'ms', digits: 2, range: bundle.lazy.coldLoadMs },
    { metric: '  its CPU time', value: figures.lazy_cold_load_cpu_ms, unit: 'ms', digits: 2, range: bundle.lazy.coldLoadCpuMs },
    { metric: 'both bundles', value: figures.bundle_kib, unit: 'KiB', target: T.bundle_kib },
    { metric: 'storyboard 200 shots: diagnostics + lenses p50', value: figures.storyboard_200_shots_p50_ms, unit: 'ms', digits: 2, target: T.storyboard_200_shots_p50_ms },
  ];
  log(`\n${readmeTable(rows)}`);
  log(`\nRSS growth per download of ours (MiB): ${figures.download_rss_growth_per_run_mib.join(', ')}`);
  log(`RSS growth per upload (MiB): ${up.figures.upload_rss_growth_per_run_mib.join(', ')}`);
  log(
    `first-download RSS growth aim ≤ ${AIMS.download_first_rss_growth_mib.value} MiB: ${checkTarget(figures.download_first_rss_growth_mib, AIMS.download_first_rss_growth_mib).pass ? 'reached' : 'not yet'}`,
  );
  log(
    `synchronous requests p50 (ms): image client ${round(image.clientP50Ms, 2)} / simulator ${round(image.serverP50Ms, 2)}; speech client ${round(speech.clientP50Ms, 2)} / simulator ${round(speech.serverP50Ms, 2)}`,
  );
  log('activation as a whole (≤ 30 ms) is measured inside VS Code by the integration tests (foundation.test.ts), not here');
  log(
    `\nrequests by kind over ${flow.tasks} tasks: ${Object.entries(flow.byKind)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );

  const results = mergeUpload(
    {
      date: new Date().toISOString(),
      machine,
      ...figures,
      targets: Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, t.value])),
      target_comparisons: Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, t.op])),
      aims: Object.fromEntries(Object.entries(AIMS).map(([k, t]) => [k, { op: t.op, value: t.value, reached: checkTarget(figures[k as keyof typeof AIMS], t).pass }])),
      // Min and max over the rounds (downloads) or loads (bundles) each median above was taken from.
      ranges: {
        download_mib_per_s: range(dl.ours.mibPerSecond, 1),
        curl_mib_per_s: range(dl.curl.mibPerSecond, 1),
        download_ratio_vs_curl: range(dl.ours.ratioVsCurl, 3),
        download_cpu_ratio_vs_curl: range(dl.ours.cpuRatioVsCurl, 2),
        download_cpu_ms_per_100mib: range(dl.ours.cpuMsPer100MiB, 0),
        curl_cpu_ms_per_100mib: range(dl.curl.cpuMsPer100MiB, 0),
        download_first_rss_growth_mib: range(rssGrowth, 1),
        download_loop_p99_ms: range(dl.ours.loopP99Ms, 1),
        idle_loop_delay_p99_ms: range(dl.curl.loopP99Ms, 1),
        activation_cold_load_ms: range(bundle.activation.coldLoadMs, 2),
        activation_cold_load_cpu_ms: range(bundle.activation.coldLoadCpuMs, 2),
        lazy_cold_load_ms: range(bundle.lazy.coldLoadMs, 2),
        lazy_cold_load_cpu_ms: range(bundle.lazy.coldLoadCpuMs, 2),
      },
      pass: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.pass])),
      misses: Object.fromEntries(
        Object.entries(checks)
          .filter(([, c]) => !c.pass)
          .map(([k, c]) => [k, { gap: round(c.gap, 3) }]),
      ),
      details: {
        duration_s: round((Date.now() - startedAt) / 1000, 1),
        method: {
          detection:
            "simulator (same process) holds tasks processing, marks one completed (SimTask.completedAtMs), latency = the follower's terminal onUpdate minus that instant; the SSE figure includes followTask's one confirming status read",
          sse: `${DETECT_TASKS} tasks sequentially, completed 10-50 ms after the stream delivered its first state`,
          poll: `${DETECT_TASKS} tasks, ${IN_FLIGHT_LIMIT} concurrently, stream off, interval ${DEFAULT_POLL_MS} ms, each completed at a uniformly random instant within one interval after its first poll`,
          requests: `${FLOW_TASKS} tasks through TaskTracker (submit, follow, auto-download with downloadToFile); all simulator-logged requests / tasks`,
          download: `${DOWNLOAD_BYTES / MiB} MiB from a simulator in a child process; ${DOWNLOAD_ROUNDS} rounds of ${tools.join(' / ')}, the order reversed every round, each download in a fresh process (ours: node out/bench/downloadChild.js, downloadToFile over node:http; fetch: the same over the global fetch); medians over the rounds, ranges min–max; ratios per round (ours / the curl run of the same round); files under os.tmpdir() deleted between runs; curl = 'curl -s -f -o <file> <url>' run by bash -c '…; times', time including process start; RSS growth = peak RSS during the download - RSS just before it (modules loaded), peak from 10 ms samples and the kernel VmHWM reset via /proc/self/clear_refs; every download is its process's first, the headline is the worst`,
          loop_delay: `perf_hooks.monitorEventLoopDelay (resolution ${LOOP_DELAY_RESOLUTION_MS} ms) in the downloading process during each of our downloads; delay = recorded tick interval - resolution; headline = median over the rounds of each download's p99; the same histogram in the (idle) bench process during curl's runs gives the machine's floor`,
          api_connections: `distinct connection ids in the in-process simulator's request log during ${wire.calls} calls through the real AirforceClient (models, video creates, status reads, lists, image generations: test/simulator/apiConnections.ts, the probe the integration test runs in VS Code), one at a time`,
          sync_overhead: `${SYNC_REQUESTS} client.images.generate (flux-2-dev, n 1, URL answer, sse) and ${SYNC_REQUESTS} client.audio.speech + reading the body to its end, alternating, one at a time, after ${SYNC_WARMUP} untimed of each; simulator in a child process reports its handling time per request (diagnostics_channel http.server.request.start → http.server.response.finish), matched by X-Request-ID; overhead = client wall (performance.now) - simulator handling, per request; includes the loopback transfer`,
          bundle: `node esbuild.mjs --production --outdir <tmp> (what ships): dist/extension.js (activation path) and dist/extension-lazy.js (behind lazy.ts / coreLoader.ts); cold load = the require() of one file by the main script of a fresh Node process (bench/coldLoadChild.ts: read + compile + evaluate; vscode stubbed), wall and CPU time, median of ${COLD_LOADS} processes each; bundle_kib = both files; evaluation = banner → footer load markers of one evaluation of extension.js in this process`,
          storyboard: `${story.shots} shots (${story.lines} lines: image, video from @image, speech, sound; one in ten out of caps) and the simulator's catalog; per keystroke parseStoryboard + analyzeStoryboard + storyboardLenses (the providers' pure work, no VS Code), ${story.runs} runs after 20 untimed, the text changed each run`,
          cpu: 'ours = process.cpuUsage() user+system of this whole process (all threads: main, libuv writes, GC) over the download; curl = its user+sys from getrusage(RUSAGE_CHILDREN) as printed by bash `times`, including its process start; both per 100 MiB; ratio = median over the rounds of ours / curl per byte',
        },
        clock_speed: CLOCK_SPEED,
        seed: SEED,
        sse_latencies_ms: sseMs.map((v) => round(v, 2)),
        poll_latencies_ms: pollMs.map((v) => round(v, 0)),
        poll_detect_p95_ms: round(percentile(pollMs, 95), 0),
        poll_complete_offsets_ms: poll.map((s) => round(s.completeOffsetMs ?? 0, 0)),
        sync_requests: {
          image: { client_p50_ms: round(image.clientP50Ms, 2), simulator_p50_ms: round(image.serverP50Ms, 2) },
          speech: { client_p50_ms: round(speech.clientP50Ms, 2), simulator_p50_ms: round(speech.serverP50Ms, 2) },
          image_overhead_ms: sync.filter((s) => s.kind === 'image').map((s) => round(s.overheadMs, 2)),
          speech_overhead_ms: sync.filter((s) => s.kind === 'speech').map((s) => round(s.overheadMs, 2)),
        },
        bundle_bytes: { activation: bundle.activation.bytes, lazy: bundle.lazy.bytes },
        tracker_flow: {
          tasks: flow.tasks,
          requests_by_kind: flow.byKind,
          detect_p50_ms: flow.detectLatenciesMs.length ? round(percentile(flow.detectLatenciesMs, 50), 2) : null,
        },
        download: {
          size_bytes: download.sizeBytes,
          rounds: DOWNLOAD_ROUNDS,
          curl: curlVersion,
          sha256: download.sha256,
          runs: download.runs.map((r) => ({
            tool: r.tool,
            round: r.round + 1,
            ms: round(r.ms, 1),
            mib_per_s: round(r.mibPerSecond, 1),
            cpu_ms: round(r.cpuMs, 0),
            cpu_ms_per_100mib: round(cpuMsPer100MiB(r.cpuMs, r.bytes), 0),
            ...(r.rssGrowthBytes !== undefined ? { rss_growth_mib: round(r.rssGrowthBytes / MiB, 1), rss_samples: r.rssSamples, kernel_hwm: r.kernelHwm } : {}),
            loop_delay_p50_ms: round(r.loopDelay.p50Ms, 1),
            loop_delay_p99_ms: round(r.loopDelay.p99Ms, 1),
            loop_delay_max_ms: round(r.loopDelay.maxMs, 1),
            loop_delay_samples: r.loopDelay.samples,
          })),
        },
      },
    },
    up,
  );
  const write = process.env.BENCH_NO_WRITE !== '1';
  if (write) writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const missed = [
    ...Object.entries(checks)
      .filter(([, c]) => !c.pass)
      .map(([k]) => k),
    ...up.missed,
  ];
  const wrote = write ? `Wrote ${RESULTS_PATH}` : 'Did not write results (BENCH_NO_WRITE=1)';
  log(`\n${missed.length ? `MISSED: ${missed.join(', ')}` : 'All targets met.'} ${wrote} in ${round((Date.now() - startedAt) / 1000, 1)} s.`);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
