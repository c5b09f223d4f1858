// One upload in a fresh process, for the bench: a 100 MB file sent through the real client
// (AirforceClient.transcribe → api/http/upload.ts sendUpload → the multipart body streamed from disk
// → node:http), as the extension host's first upload would be. Prints one JSON line with the time,
// CPU, RSS growth and event-loop delay of the upload alone; nothing else is loaded or run first.
//   node out/bench/uploadChild.js <baseUrl> <file> <maxBytes>
import { performance } from 'node:perf_hooks';
import { benchClient } from './common';
import { watchEventLoopDelay, type LoopDelay } from './eventLoop';
import { watchRss } from './rssPeak';

export const UPLOAD_LOOP_RESOLUTION_MS = 2;

export interface UploadChildRun {
  ms: number;
  /** The whole multipart body handed to the connection (the file plus the form's framing). */
  bodyBytes: number;
  cpuMs: number;
  rssGrowthBytes: number;
  rssSamples: number;
  kernelHwm: boolean;
  loopDelay: LoopDelay;
  /** onProgress calls (one per chunk the connection took). */
  progressCalls: number;
  requestId: string;
}

async function main(): Promise<void> {
  const [baseUrl, file, maxBytes] = process.argv.slice(2);
  if (!baseUrl || !file || !maxBytes) throw new Error('usage: uploadChild.js <baseUrl> <file> <maxBytes>');
  const client = benchClient(baseUrl);
  let bodyBytes = 0;
  let progressCalls = 0;
  const onProgress = (sent: number): void => {
    progressCalls++;
    bodyBytes = sent;
  };
  const rss = watchRss(10);
  const loop = watchEventLoopDelay(UPLOAD_LOOP_RESOLUTION_MS);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const transcript = await client.transcribe({ file, model: 'whisper-1' }, { maxBytes: Number(maxBytes), onProgress });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const loopDelay = loop.stop();
  const peak = rss.stop();
  const run: UploadChildRun = {
    ms,
    bodyBytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssGrowthBytes: peak.growthBytes,
    rssSamples: peak.samples,
    kernelHwm: peak.kernelHwm,
    loopDelay,
    progressCalls,
    requestId: transcript.requestId,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
