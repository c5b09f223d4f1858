// Bench figure for issue 19: a 100 MB file uploaded through the real client (AirforceClient.transcribe
// → api/http/upload.ts sendUpload → the multipart body streamed from disk → node:http) to the
// simulator, which reads it as it streams (test/simulator/multipart.ts: hashed and counted, never
// held). Each upload runs in a fresh process (uploadChild.ts), so its RSS growth is a first upload's
// and nothing else the bench did is counted; the simulator runs in another child, so its parser and
// sockets are not counted either. The file is written under os.tmpdir() and removed afterwards;
// the simulator's request log must show every upload arrived whole (size and sha256).
//   node out/bench/uploadBench.js [--mb 100] [--rounds 5]   (a trial: prints, writes nothing)
//   node out/bench/bench.js --only upload                    (the same, recorded in bench/results.json)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile as writeText } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RequestLogEntry } from '../test/simulator/types';
import { startChildSim } from './childSim';
import { BENCH_KEY } from './common';
import { readmeTable } from './readmeTable';
import { mibPerSecond, MiB } from './stats';
import { UPLOAD_LOOP_RESOLUTION_MS, type UploadChildRun } from './uploadChild';
import { watchEventLoopDelay } from './eventLoop';
import { mergeUpload, uploadSection, type UploadResult, type UploadRun } from './uploadFigures';

export const UPLOAD_FILE_BYTES = 100 * 1000 * 1000;
export const UPLOAD_ROUNDS = Math.max(3, Number(process.env.BENCH_UPLOAD_ROUNDS) || 5);

/** Uploads a `fileBytes` file `rounds` times, each from a fresh process, to one simulator child. */
export async function measureUpload(fileBytes: number, rounds: number, log: (line: string) => void): Promise<UploadResult> {
  // The cap sits above the file (and its form framing): the simulator's default is 25 MiB.
  const maxBytes = fileBytes + MiB;
  const sim = await startChildSim({ key: BENCH_KEY, resultSizeBytes: 1024, maxUploadBytes: maxBytes });
  const dir = await mkdtemp(join(tmpdir(), 'airforce-upload-bench-'));
  try {
    const file = join(dir, 'long-take.wav');
    const sha256 = await writeFile(file, fileBytes);
    const runs: UploadRun[] = [];
    const before = loadavg();
    for (let round = 0; round < rounds; round++) {
      // This process idles meanwhile: its own loop delay is the machine's floor at that moment.
      const floor = watchEventLoopDelay(UPLOAD_LOOP_RESOLUTION_MS);
      const r = await childOnce(sim.url, file, maxBytes).finally(() => floor.stop());
      const run: UploadRun = { ...r, round, fileBytes, mibPerSecond: mibPerSecond(fileBytes, r.ms), floorP99Ms: floor.stop().p99Ms };
      runs.push(run);
      log(
        `  round ${round + 1} ${run.mibPerSecond.toFixed(1)} MiB/s (${run.ms.toFixed(0)} ms, CPU ${run.cpuMs.toFixed(0)} ms, loop delay p99 ${run.loopDelay.p99Ms.toFixed(1)} ms, max ${run.loopDelay.maxMs.toFixed(1)} ms, floor p99 ${run.floorP99Ms.toFixed(1)} ms, RSS +${(run.rssGrowthBytes / MiB).toFixed(1)} MiB)`,
      );
    }
    const after = loadavg();
    const received = await receivedWhole(sim.url, runs, fileBytes, sha256);
    return { fileBytes, sha256, runs, received, loadAvg: { before, after } };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/** Writes `bytes` in 1 MiB pieces (never whole in memory) and returns their sha256. */
async function writeFile(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(file, 'w');
  try {
    // Not one repeated byte: a counter per KiB, so a misplaced piece would change the hash.
    const piece = Buffer.alloc(MiB);
    for (let at = 0; at < bytes; at += MiB) {
      for (let k = 0; k < MiB; k += 1024) piece.writeUInt32LE((at + k) >>> 10, k);
      const part = piece.subarray(0, Math.min(MiB, bytes - at));
      hash.update(part);
      await fh.write(part);
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** One upload by uploadChild.js in a fresh Node process. */
function childOnce(baseUrl: string, file: string, maxBytes: number): Promise<UploadChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'uploadChild.js'), baseUrl, file, String(maxBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`the upload child exited with ${code}`);
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as UploadChildRun);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Whether the simulator logged each upload (by request id) with the file's size and sha256. */
async function receivedWhole(baseUrl: string, runs: readonly UploadRun[], size: number, sha256: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/__sim/requests`);
  const { data } = (await res.json()) as { data: RequestLogEntry[] };
  return runs.every((r) => {
    const body = data.find((e) => e.requestId === r.requestId)?.body as { files?: { size: number; sha256: string }[] } | undefined;
    const f = body?.files?.[0];
    return f?.size === size && f.sha256 === sha256;
  });
}

/**
 * `bench.js --only upload`: the upload rounds alone, their figures merged into `resultsPath` (the
 * other figures of the last full run are kept; BENCH_NO_WRITE=1 writes nothing). Returns the misses.
 */
export async function runUploadOnly(resultsPath: string, log: (line: string) => void): Promise<string[]> {
  log(
    `[upload] ${UPLOAD_FILE_BYTES / 1e6} MB through the real client × ${UPLOAD_ROUNDS}, a fresh process per upload (load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')})`,
  );
  const result = await measureUpload(UPLOAD_FILE_BYTES, UPLOAD_ROUNDS, log);
  if (!result.received) throw new Error('the simulator did not receive every upload whole: the figures would mean nothing');
  const section = uploadSection(result);
  log(`\n${readmeTable(section.rows)}`);
  log(`RSS growth per upload (MiB): ${section.figures.upload_rss_growth_per_run_mib.join(', ')}`);
  if (process.env.BENCH_NO_WRITE === '1') log('Did not write results (BENCH_NO_WRITE=1)');
  else {
    const merged = mergeUpload(JSON.parse(await readFile(resultsPath, 'utf8')) as Record<string, unknown>, section);
    await writeText(resultsPath, `${JSON.stringify(merged, null, 2)}\n`);
    log(`Merged the upload figures into ${resultsPath}`);
  }
  return section.missed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' }, rounds: { type: 'string' } } });
  const bytes = Number(values.mb) * 1000 * 1000;
  const rounds = Math.max(1, Number(values.rounds) || UPLOAD_ROUNDS);
  console.log(`upload ${values.mb} MB × ${rounds}, each from a fresh process`);
  const result = await measureUpload(bytes, rounds, (l) => console.log(l));
  const section = uploadSection(result);
  console.log(`\n${readmeTable(section.rows)}\n\nthe simulator received every upload whole: ${result.received ? 'yes' : 'NO'}`);
  if (!result.received || section.missed.length) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`upload bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
