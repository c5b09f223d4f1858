// Shared setup of the simulator-* tests that talk to the simulator with plain fetch / node:http:
// a simulator per test, a JSON call helper, an SSE reader and a raw request that sees resets as they happen.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/server';

export const KEY = 'sk-air-test-key';
export const OTHER = 'sk-air-other-key';
export const CREATE = { method: 'POST', path: '/v1/video/generations' } as const;
export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export async function withSim(opts: SimulatorOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ keys: [KEY, OTHER], clockSpeed: 400, taskSeconds: 40, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export async function api(sim: Simulator, method: string, path: string, opts: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(sim.url + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const create = (sim: Simulator, body: Record<string, unknown> = {}, key: string = KEY): Promise<Reply> =>
  api(sim, 'POST', '/v1/video/generations', { key, body: { model: 'wan-2.6', prompt: 'a red fox', ...body } });

export async function createId(sim: Simulator, body: Record<string, unknown> = {}, key: string = KEY): Promise<string> {
  const r = await create(sim, body, key);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.task_id as string;
}

export const errorOf = (r: Reply): Record<string, unknown> => r.json.error as Record<string, unknown>;

export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads an SSE response to its end; `broken` when the connection died instead of ending. */
export async function readSse(sim: Simulator, id: string, opts: { stopAfterMs?: number } = {}) {
  const ac = new AbortController();
  const res = await fetch(`${sim.url}/v1/video/tasks/${id}/stream`, {
    headers: { authorization: `Bearer ${KEY}` },
    signal: ac.signal,
  });
  const timer = opts.stopAfterMs ? setTimeout(() => ac.abort(), opts.stopAfterMs) : undefined;
  let text = '';
  let broken = false;
  let aborted = false;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
  } catch (e) {
    if (ac.signal.aborted) aborted = true;
    else broken = true;
    void e;
  } finally {
    clearTimeout(timer);
  }
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith(':'));
    if (!lines.length) continue;
    const ev = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
    const data = lines
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n');
    events.push({ event: ev, data });
  }
  return { res, events, broken, aborted, text };
}

export interface Raw {
  status?: number;
  headers?: IncomingHttpHeaders;
  body: Buffer;
  error?: Error;
}

/** node:http without keep-alive, so resets and truncation are seen exactly as they happen. */
export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const out: Raw = { body: Buffer.alloc(0) };
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      out.status = res.statusCode;
      out.headers = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ...out, body: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ ...out, body: Buffer.concat(chunks), error }));
      res.on('aborted', () => resolve({ ...out, body: Buffer.concat(chunks), error: new Error('aborted') }));
    });
    req.on('error', (error) => resolve({ ...out, body: Buffer.concat(chunks), error }));
    req.end(opts.body);
  });
}

export async function completedUrl(sim: Simulator): Promise<{ id: string; url: string }> {
  const id = await createId(sim);
  sim.completeTask(id);
  const r = await api(sim, 'GET', `/v1/video/tasks/${id}`);
  return { id, url: r.json.result_url as string };
}
