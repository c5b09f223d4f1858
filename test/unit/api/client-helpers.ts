// Shared setup of the api-client-* tests: the real client over a scripted fetch that records every
// call, with backoff waits recorded instead of slept and a logger that keeps its lines.
import { AirforceClient, type ClientOptions } from '../../../src/api/client';
import type { Logger } from '../../../src/util/logger';
import type { VideoTask } from '../../../src/api/schemas/schemas';

export const KEY = 'sk-air-unit-secret-0123456789';
export const BASE = 'https://api.example.test';

export type Step = (url: string, init: RequestInit) => Response | Promise<Response>;
interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const reset = (): never => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
};

function scripted(steps: Step[]) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init.body === 'string' ? init.body : undefined,
    });
    const step = steps.shift();
    if (!step) throw new Error(`unexpected request ${url}`);
    return step(url, init);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string | Error, ...args: unknown[]): void => {
    lines.push([String(m), ...args.map((a) => (a instanceof Error ? `${a.message}` : JSON.stringify(a)))].join(' '));
  };
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

export function client(steps: Step[], opts: Partial<ClientOptions> = {}) {
  const s = scripted(steps);
  const delays: number[] = [];
  const logger = capture();
  const c = new AirforceClient({
    baseUrl: BASE,
    getApiKey: async () => KEY,
    fetch: s.fetchImpl,
    logger,
    userAgent: 'airforce-media/9.9.9',
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    ...opts,
  });
  return { c, calls: s.calls, delays, logger };
}

export const task = (over: Partial<VideoTask> = {}): VideoTask => ({
  task_id: 't1',
  status: 'queued',
  model: 'wan-2.6',
  prompt: 'A fox',
  created: Math.floor(Date.now() / 1000),
  progress: 0,
  ...over,
});
