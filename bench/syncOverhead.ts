// The client's own cost on a synchronous request: the wall time of client.images.generate(...)
// (POST with sse: true, one image as a URL) and of client.audio.speech(...) plus reading the audio
// to its end, minus the simulator's own handling time of that same request (reported by the child
// simulator, matched by X-Request-ID). What remains is our validation, serialization, headers,
// retry/timeout machinery, parsing and schema checks, plus the loopback transfer.
import { performance } from 'node:perf_hooks';
import type { AirforceClient } from '../src/api/client';
import type { ChildSim } from './childSim';
import { percentile } from './stats';

export type SyncKind = 'image' | 'speech';

export interface SyncSample {
  kind: SyncKind;
  requestId: string;
  clientMs: number;
  serverMs: number;
  overheadMs: number;
}

export interface OverheadSummary {
  count: number;
  overheadP50Ms: number;
  overheadP95Ms: number;
  clientP50Ms: number;
  serverP50Ms: number;
}

/** Client wall minus server handling; a negative value means the two clocks or stamps disagree. */
export function overheadOf(kind: SyncKind, requestId: string, clientMs: number, serverMs: number): SyncSample {
  if (!(clientMs >= 0) || !(serverMs >= 0)) throw new Error(`bad timing for ${requestId}: client ${clientMs} ms, server ${serverMs} ms`);
  return { kind, requestId, clientMs, serverMs, overheadMs: clientMs - serverMs };
}

export function summarizeOverhead(samples: readonly SyncSample[]): OverheadSummary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  return {
    count: samples.length,
    overheadP50Ms: percentile(
      samples.map((s) => s.overheadMs),
      50,
    ),
    overheadP95Ms: percentile(
      samples.map((s) => s.overheadMs),
      95,
    ),
    clientP50Ms: percentile(
      samples.map((s) => s.clientMs),
      50,
    ),
    serverP50Ms: percentile(
      samples.map((s) => s.serverMs),
      50,
    ),
  };
}

const IMAGE_MODEL = 'flux-2-dev';
const SPEECH_MODEL = 'eleven-tts-v3';
const VOICE = 'rachel';

async function timeImage(api: AirforceClient, i: number): Promise<{ requestId: string; ms: number }> {
  const t0 = performance.now();
  const result = await api.images.generate({ model: IMAGE_MODEL, prompt: `bench image ${i}: a lighthouse at dusk`, n: 1, aspect_ratio: '1:1' });
  const ms = performance.now() - t0;
  if (result.images.length !== 1) throw new Error(`expected one image, got ${result.images.length}`);
  return { requestId: result.requestId, ms };
}

async function timeSpeech(api: AirforceClient, i: number): Promise<{ requestId: string; ms: number }> {
  const t0 = performance.now();
  const result = await api.audio.speech({ model: SPEECH_MODEL, input: `Bench sentence number ${i}, read aloud.`, voice: VOICE });
  const bytes = await drain(result.body);
  const ms = performance.now() - t0;
  if (bytes === 0) throw new Error('the speech answer was empty');
  return { requestId: result.requestId, ms };
}

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  const reader = body.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

/**
 * `count` timed requests of each kind, one at a time and alternating image/speech, after `warmup`
 * untimed ones of each (connection setup, JIT, first schema use are one-time costs).
 */
export async function measureSyncOverhead(sim: ChildSim, api: AirforceClient, count: number, warmup: number): Promise<SyncSample[]> {
  const samples: SyncSample[] = [];
  const timers = { image: timeImage, speech: timeSpeech } satisfies Record<SyncKind, unknown>;
  for (let i = 0; i < warmup + count; i++) {
    for (const kind of ['image', 'speech'] as const) {
      const { requestId, ms } = await timers[kind](api, i);
      const server = await sim.handling(requestId);
      if (i >= warmup) samples.push(overheadOf(kind, requestId, ms, server.ms));
    }
  }
  return samples;
}
