// Shared fixtures of the tasks-* tests: a simulator-backed client and trackers, an in-memory store,
// counting timers, a fake SSE response and a bounded wait.
import { after, afterEach, before, beforeEach } from 'node:test';
import { AirforceClient } from '../../../src/api/client';
import type { CreateVideoRequest } from '../../../src/api/schemas/schemas';
import type { Logger } from '../../../src/util/logger';
import type { Timers } from '../../../src/util/abort';
import { TaskTracker, type TaskTrackerDeps } from '../../../src/jobs/tracker';
import type { KeyValueStore } from '../../../src/jobs/types';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';

export const KEY = 'sk-air-test-key';

export function startSim(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ keys: [KEY], clockSpeed: 400, taskSeconds: 40, sseKeepAliveMs: 60_000, ...opts });
}

/** The real client against the simulator, with retries kept short. */
export function simClient(sim: Simulator, key: string = KEY, logger?: Logger): AirforceClient {
  return new AirforceClient({
    baseUrl: sim.url,
    getApiKey: () => Promise.resolve(key),
    maxRetries: 1,
    requestTimeoutMs: 5_000,
    logger,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, Math.min(ms, 20));
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
          },
          { once: true },
        );
      }),
  });
}

export interface TrackerSim {
  /** The simulator of the running test. */
  sim(): Simulator;
  /** A tracker over the simulator with fast test timings (`over` wins), disposed after the test. */
  tracker(store: KeyValueStore, over?: Partial<TaskTrackerDeps>): TaskTracker;
}

/**
 * A simulator and the trackers of each test over it. 'file': one simulator for the file, its faults
 * and held tasks let go after each test; 'test': a fresh simulator per test. Trackers are disposed
 * after each test, before the simulator is reset or closed. Call at the top level of a test file.
 */
export function useTrackerSim(simOptions: SimulatorOptions, scope: 'file' | 'test' = 'file'): TrackerSim {
  let current: Simulator | undefined;
  const trackers: TaskTracker[] = [];
  const sim = (): Simulator => {
    if (!current) throw new Error('the simulator is not started yet (use it inside a test)');
    return current;
  };
  const start = async (): Promise<void> => {
    current = await startSim(simOptions);
  };
  const close = async (): Promise<void> => {
    await current?.close();
  };
  if (scope === 'file') {
    before(start);
    after(close);
  } else {
    beforeEach(start);
  }
  afterEach(async () => {
    for (const t of trackers.splice(0)) t.dispose();
    if (scope === 'test') return close();
    sim().holdTasks(false);
    sim().clearFaults();
  });
  return {
    sim,
    tracker(store, over = {}) {
      const t = new TaskTracker({
        api: simClient(sim()),
        store,
        pollIntervalMs: () => 20,
        minPollMs: 20,
        stallTimeoutMs: 2_000,
        saveDebounceMs: 5,
        ...over,
      });
      trackers.push(t);
      return t;
    },
  };
}

export function videoRequest(prompt: string, extra: Partial<CreateVideoRequest> = {}): CreateVideoRequest {
  return { model: 'wan-2.6', prompt, duration_seconds: 5, aspect_ratio: '16:9', quality: '720p', ...extra };
}

export interface MemoryStore extends KeyValueStore {
  readonly data: Map<string, unknown>;
  writes: number;
}

export function memoryStore(initial: Record<string, unknown> = {}): MemoryStore {
  const data = new Map<string, unknown>(Object.entries(initial));
  const store: MemoryStore = {
    data,
    writes: 0,
    get<T>(key: string): T | undefined {
      return data.get(key) as T | undefined;
    },
    update(key: string, value: unknown): Promise<void> {
      store.writes++;
      data.set(key, JSON.parse(JSON.stringify(value)));
      return Promise.resolve();
    },
  };
  return store;
}

/** Real timers that remember which ones are still scheduled. */
export function countingTimers(): Timers & { active(): number } {
  const live = new Set<ReturnType<typeof setTimeout>>();
  return {
    setTimeout(fn, ms) {
      const h = setTimeout(() => {
        live.delete(h);
        fn();
      }, ms);
      live.add(h);
      return h;
    },
    clearTimeout(handle) {
      live.delete(handle as ReturnType<typeof setTimeout>);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    active: () => live.size,
  };
}

export interface FakeStream {
  response: Response;
  /** Pushes text as one chunk. */
  push(text: string): void;
  end(): void;
  error(err: Error): void;
  readonly cancelled: boolean;
}

/** An SSE Response whose body the test drives chunk by chunk. */
export function fakeStream(): FakeStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    push: (text) => controller.enqueue(enc.encode(text)),
    end: () => controller.close(),
    error: (err) => controller.error(err),
    get cancelled() {
      return cancelled;
    },
  };
}

export const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** Polls `predicate` every 5 ms; rejects after `timeoutMs` with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 4_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface LogLine {
  level: string;
  message: string;
}

export function arrayLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string | Error) => void lines.push({ level, message: message instanceof Error ? message.message : message });
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
