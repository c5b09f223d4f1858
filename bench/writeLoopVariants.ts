// Bench-only PROTOTYPES of the download's read/write loop, to measure proposals for
// src/io/download.ts (copyBody + BatchWriter) side by side with the real downloadToFile, without
// editing src/io. Each variant saves one URL to one file and returns its time; no resume, no
// checks beyond the byte count. 'replica' mirrors download.ts as of issue 7's work; re-copy it if
// that loop changes. Run by bench/variantsBench.ts and bench/profileDownload.ts, not by `npm run bench`.
import { createWriteStream, promises as fsp } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { downloadToFile } from '../src/io/download';

export const VARIANTS = [
  'downloadToFile', // the real thing, as shipped
  'replica', // copyBody + BatchWriter copied from src/io/download.ts (1 MiB batches, 4 writes in flight)
  'batch4m', // the same loop, 4 MiB batches, 2 in flight
  'batch256k', // the same loop, 256 KiB batches, 4 in flight
  'serial1m', // the same loop, 1 MiB batches, one write at a time
  'noTouch', // replica without the per-chunk idle-timer refresh and Date-free bookkeeping
  'pipeline', // Readable.fromWeb(res.body) piped into fs.createWriteStream (highWaterMark 1 MiB)
  'nodeHttp', // node:http without fetch, piped into createWriteStream
  'nodeHttpBatched', // node:http 'data' events into 1 MiB writev batches, 4 in flight, pause() as back-pressure
] as const;
export type VariantName = (typeof VARIANTS)[number];

export interface VariantRun {
  path: string;
  bytes: number;
  ms: number;
}

export async function runVariant(variant: VariantName, url: string, dir: string, fileName: string): Promise<VariantRun> {
  const path = join(dir, fileName);
  const t0 = performance.now();
  let bytes: number;
  switch (variant) {
    case 'downloadToFile': {
      const saved = await downloadToFile({ url, dir, fileName, baseIsLoopback: true, lookup: null });
      return { path: saved.path, bytes: saved.bytes, ms: performance.now() - t0 };
    }
    case 'replica':
      bytes = await batchedLoop(url, path, { batchBytes: MiB, inFlight: 4, touch: true });
      break;
    case 'batch4m':
      bytes = await batchedLoop(url, path, { batchBytes: 4 * MiB, inFlight: 2, touch: true });
      break;
    case 'batch256k':
      bytes = await batchedLoop(url, path, { batchBytes: MiB / 4, inFlight: 4, touch: true });
      break;
    case 'serial1m':
      bytes = await batchedLoop(url, path, { batchBytes: MiB, inFlight: 1, touch: true });
      break;
    case 'noTouch':
      bytes = await batchedLoop(url, path, { batchBytes: MiB, inFlight: 4, touch: false });
      break;
    case 'pipeline':
      bytes = await pipelineLoop(url, path);
      break;
    case 'nodeHttp':
      bytes = await nodeHttpLoop(url, path);
      break;
    case 'nodeHttpBatched':
      bytes = await nodeHttpBatched(url, path, MiB, 4);
      break;
  }
  return { path, bytes, ms: performance.now() - t0 };
}

const MiB = 1024 * 1024;
const HEADERS = { 'accept-encoding': 'identity', 'user-agent': 'airforce-media' };

interface LoopOptions {
  batchBytes: number;
  inFlight: number;
  /** Refresh an idle timer per chunk, as downloadToFile's LinkedController.touch does. */
  touch: boolean;
}

// The shape of src/io/download.ts copyBody + BatchWriter (as of this bench), minus resume and checks.
async function batchedLoop(url: string, path: string, o: LoopOptions): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('idle')), 60_000);
  const handle = await fsp.open(path, 'wx');
  try {
    const res = await fetch(url, { headers: HEADERS, signal: controller.signal, redirect: 'manual' });
    if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}`);
    const reader = res.body.getReader();
    let position = 0;
    let received = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const inflight: Promise<unknown>[] = [];
    const startBatch = async (): Promise<void> => {
      while (inflight.length >= o.inFlight) await inflight.shift();
      if (pendingBytes === 0) return;
      inflight.push(handle.writev(pending, position));
      position += pendingBytes;
      pending = [];
      pendingBytes = 0;
    };
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      if (o.touch) timer.refresh();
      pending.push(chunk.value);
      pendingBytes += chunk.value.length;
      if (pendingBytes >= o.batchBytes) await startBatch();
      received += chunk.value.length;
    }
    await startBatch();
    await Promise.all(inflight);
    return received;
  } finally {
    clearTimeout(timer);
    await handle.close();
  }
}

async function pipelineLoop(url: string, path: string): Promise<number> {
  const res = await fetch(url, { headers: HEADERS, redirect: 'manual' });
  if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}`);
  let received = 0;
  const body = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>, { highWaterMark: MiB });
  body.on('data', (c: Buffer) => (received += c.length));
  await pipeline(body, createWriteStream(path, { flags: 'wx', highWaterMark: MiB }));
  return received;
}

async function nodeHttpLoop(url: string, path: string): Promise<number> {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(url, { headers: HEADERS }, resolve).once('error', reject);
  });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  let received = 0;
  res.on('data', (c: Buffer) => (received += c.length));
  await pipeline(res, createWriteStream(path, { flags: 'wx', highWaterMark: MiB }));
  return received;
}

// No promise per chunk: chunks are collected synchronously in 'data' handlers; a promise exists
// only per batch write, and the socket is paused while all write slots are busy.
async function nodeHttpBatched(url: string, path: string, batchBytes: number, inFlight: number): Promise<number> {
  const handle = await fsp.open(path, 'wx');
  try {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(url, { headers: HEADERS }, resolve).once('error', reject);
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return await new Promise<number>((resolve, reject) => {
      let received = 0;
      let position = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let writing = 0;
      let ended = false;
      let failed = false;
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        res.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const maybeDone = (): void => {
        if (ended && writing === 0 && pendingBytes === 0 && !failed) resolve(received);
      };
      const startBatch = (): void => {
        const bufs = pending;
        const at = position;
        position += pendingBytes;
        pending = [];
        pendingBytes = 0;
        writing++;
        handle.writev(bufs, at).then(() => {
          writing--;
          if (writing < inFlight && res.isPaused() && !ended) res.resume();
          maybeDone();
        }, fail);
      };
      res.on('data', (c: Buffer) => {
        received += c.length;
        pending.push(c);
        pendingBytes += c.length;
        if (pendingBytes >= batchBytes) {
          startBatch();
          if (writing >= inFlight) res.pause();
        }
      });
      res.once('end', () => {
        ended = true;
        if (pendingBytes > 0) startBatch();
        maybeDone();
      });
      res.once('error', fail);
    });
  } finally {
    await handle.close();
  }
}
