// Small shared pieces of the bench: the clock both sides read, the client, waits with a bound.
import { performance } from 'node:perf_hooks';
import { AirforceClient } from '../src/api/client';
import type { CreateVideoRequest } from '../src/api/schemas/schemas';

/** A made-up key accepted only by the bench's simulators; it never leaves this machine. */
export const BENCH_KEY = 'sk-air-bench-local-key';

/**
 * Epoch ms with sub-ms precision: the same formula as the simulator's `completedAtMs`, so the two
 * instants are comparable (performance.timeOrigin is per process, but both sides share one here).
 */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/** The real client with its real defaults (retries, timeouts); only the key and base URL are ours. */
export function benchClient(baseUrl: string): AirforceClient {
  return new AirforceClient({ baseUrl, getApiKey: () => Promise.resolve(BENCH_KEY), userAgent: 'airforce-media-bench' });
}

export function videoRequest(prompt: string): CreateVideoRequest {
  return { model: 'wan-2.6', prompt, duration_seconds: 5, aspect_ratio: '16:9', quality: '720p' };
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rejects with `what` when `promise` has not settled within `ms` (a stuck bench must end). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Signal {
  promise: Promise<void>;
  fire(): void;
}

/** A one-shot event to await. */
export function signal(): Signal {
  let fire!: () => void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}
