// Bench figure for issue 19: uploading a 100 MB file through the streamed multipart uploader
// (src/api/http/upload.ts, via the transcription endpoint) to the simulator keeps the process's RSS
// growth ≤ 32 MiB and the event-loop delay p99 ≤ 20 ms. The simulator runs in a child process
// (uploadSim.ts), so the RSS figure is the uploader's alone. The file is generated in a temporary
// folder and removed afterwards.
//   node out/bench/uploadBench.js [--mb 100]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Http } from '../src/api/http/http';
import { transcribe } from '../src/api/transcription';
import { createInterface } from 'node:readline';
import { watchEventLoopDelay } from './eventLoop';
import { watchRss } from './rssPeak';

export const UPLOAD_TARGETS = { rssGrowthMiB: 32, loopP99Ms: 20 } as const;

export interface UploadFigures {
  bytes: number;
  ms: number;
  rssGrowthMiB: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

const MiB = 1024 * 1024;
const KEY = 'sk-air-bench-upload-0000';

/** Writes `bytes` of a WAV-looking file in 1 MiB pieces (never whole in memory). */
function writeFile(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    const piece = Buffer.alloc(MiB, 0x11);
    for (let left = bytes; left > 0; left -= MiB) fs.writeSync(fd, piece, 0, Math.min(MiB, left));
  } finally {
    fs.closeSync(fd);
  }
}

export async function runUploadBench(bytes = 100 * 1000 * 1000): Promise<UploadFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airforce-upload-bench-'));
  const child = spawn(process.execPath, [path.join(__dirname, 'uploadSim.js'), String(bytes + MiB)], {
    env: { ...process.env, BENCH_SIM_KEY: KEY },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('the simulator child exited')));
    });
    const sim = JSON.parse(line) as { url: string };
    const file = path.join(dir, 'long-take.wav');
    writeFile(file, bytes);
    const http = new Http({ baseUrl: sim.url, getApiKey: async () => KEY, requestTimeoutMs: 30_000 });
    // Warm up the path (module loading, the first connection) before measuring.
    await transcribe(http, { file: path.join(__dirname, '..', '..', 'test', 'fixtures', 'tone.wav'), model: 'whisper-1' });
    (globalThis as { gc?: () => void }).gc?.();
    const rss = watchRss();
    const loop = watchEventLoopDelay();
    const started = performance.now();
    await transcribe(http, { file, model: 'whisper-1' }, { maxBytes: bytes + MiB });
    const ms = performance.now() - started;
    const delay = loop.stop();
    const peak = rss.stop();
    return { bytes, ms, rssGrowthMiB: peak.growthBytes / MiB, loopP99Ms: delay.p99Ms, loopMaxMs: delay.maxMs };
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
  const f = await runUploadBench(Number(values.mb) * 1000 * 1000);
  const ok = f.rssGrowthMiB <= UPLOAD_TARGETS.rssGrowthMiB && f.loopP99Ms <= UPLOAD_TARGETS.loopP99Ms;
  console.log(
    `upload ${(f.bytes / 1e6).toFixed(0)} MB in ${f.ms.toFixed(0)} ms (${(f.bytes / MiB / (f.ms / 1000)).toFixed(0)} MiB/s): ` +
      `RSS growth ${f.rssGrowthMiB.toFixed(1)} MiB (≤ ${UPLOAD_TARGETS.rssGrowthMiB}), event-loop p99 ${f.loopP99Ms.toFixed(1)} ms (≤ ${UPLOAD_TARGETS.loopP99Ms}), max ${f.loopMaxMs.toFixed(1)} ms`,
  );
  if (!ok) process.exitCode = 1;
}

if (require.main === module) void main();
