// The simulator against plain fetch / node:http: every endpoint, the validation rules, the limits
// and every fault, so the client tests built on it can trust what it does.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { generateResultBytes, fixturePath } from '../simulator/resultBytes';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server';

const KEY = 'sk-air-test-key';
const OTHER = 'sk-air-other-key';
const CREATE = { method: 'POST', path: '/v1/video/generations' } as const;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function withSim(opts: SimulatorOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ keys: [KEY, OTHER], clockSpeed: 400, taskSeconds: 40, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function api(
  sim: Simulator,
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
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

const create = (sim: Simulator, body: Record<string, unknown> = {}, key: string = KEY): Promise<Reply> =>
  api(sim, 'POST', '/v1/video/generations', { key, body: { model: 'wan-2.6', prompt: 'a red fox', ...body } });

async function createId(sim: Simulator, body: Record<string, unknown> = {}, key: string = KEY): Promise<string> {
  const r = await create(sim, body, key);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.task_id as string;
}

const errorOf = (r: Reply): Record<string, unknown> => r.json.error as Record<string, unknown>;

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface SseEvent {
  event: string;
  data: string;
}

/** Reads an SSE response to its end; `broken` when the connection died instead of ending. */
async function readSse(sim: Simulator, id: string, opts: { stopAfterMs?: number } = {}) {
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
    const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
    events.push({ event: ev, data });
  }
  return { res, events, broken, aborted, text };
}

interface Raw {
  status?: number;
  headers?: IncomingHttpHeaders;
  body: Buffer;
  error?: Error;
}

/** node:http without keep-alive, so resets and truncation are seen exactly as they happen. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
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

async function completedUrl(sim: Simulator): Promise<{ id: string; url: string }> {
  const id = await createId(sim);
  sim.completeTask(id);
  const r = await api(sim, 'GET', `/v1/video/tasks/${id}`);
  return { id, url: r.json.result_url as string };
}

describe('models and auth', () => {
  it('lists models publicly with video, image and audio capabilities', () =>
    withSim({}, async (sim) => {
      const r = await api(sim, 'GET', '/v1/models', { key: null });
      assert.equal(r.status, 200);
      assert.equal(r.json.object, 'list');
      const data = r.json.data as Record<string, unknown>[];
      const wan = data.find((m) => m.id === 'wan-2.6');
      assert.deepEqual(wan?.video_caps, {
        aspect_ratios: ['16:9', '9:16', '1:1'],
        qualities: ['480p', '720p', '1080p'],
        min_duration_s: 5,
        max_duration_s: 10,
        modes: ['text', 'image'],
        price_per_second_cents: 40,
      });
      const kling = data.find((m) => m.id === 'kling-1')?.video_caps as Record<string, unknown>;
      assert.deepEqual(kling.modes, ['text', 'image', 'reference']);
      assert.equal(kling.price_per_second_cents, 28);
      for (const m of data) {
        assert.equal(m.object, 'model');
        assert.equal(m.status, 'live');
        assert.ok(Array.isArray(m.output_modalities));
      }
      assert.ok(data.filter((m) => (m.output_modalities as string[]).includes('image')).every((m) => m.image_caps));
      assert.ok(data.some((m) => (m.output_modalities as string[]).includes('audio')));
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 200, 'a valid key is fine too');
      const bad = await api(sim, 'GET', '/v1/models', { key: 'sk-air-nope' });
      assert.equal(bad.status, 401);
    }));

  it('requires a valid Bearer key on video endpoints, with the error envelope', () =>
    withSim({}, async (sim) => {
      const missing = await api(sim, 'GET', '/v1/video/tasks', { key: null });
      assert.equal(missing.status, 401);
      assert.deepEqual(Object.keys(errorOf(missing)).sort(), ['code', 'message', 'param', 'type']);
      assert.equal(errorOf(missing).type, 'authentication_error');
      assert.equal(errorOf(missing).code, 'missing_api_key');
      const wrong = await create(sim, {}, 'sk-air-wrong');
      assert.equal(wrong.status, 401);
      assert.equal(errorOf(wrong).code, 'invalid_api_key');
      assert.ok(!JSON.stringify(wrong.json).includes('sk-air-wrong'), 'the key is not echoed');
      const xkey = await api(sim, 'GET', '/v1/video/tasks', { key: null, headers: { 'x-api-key': KEY } });
      assert.equal(xkey.status, 401, 'x-api-key is not accepted on video endpoints');
      assert.equal(sim.tasks.size, 0);
    }));

  it('echoes X-Request-ID, or generates one, on every response', () =>
    withSim({}, async (sim) => {
      const mine = await api(sim, 'GET', '/v1/video/tasks', { headers: { 'x-request-id': 'my-id-123' } });
      assert.equal(mine.headers.get('x-request-id'), 'my-id-123');
      const err = await api(sim, 'GET', '/v1/video/tasks', { key: null, headers: { 'x-request-id': 'err-id' } });
      assert.equal(err.headers.get('x-request-id'), 'err-id');
      const gen = await api(sim, 'GET', '/v1/models');
      assert.match(gen.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{24}$/);
      assert.equal(sim.requests.at(-1)?.requestId, gen.headers.get('x-request-id'));
      const unknown = await api(sim, 'GET', '/v1/nothing');
      assert.equal(unknown.status, 404);
      assert.equal(errorOf(unknown).type, 'not_found');
    }));

  it('can answer errors in the flat form', () =>
    withSim({}, async (sim) => {
      sim.flatErrors = true;
      const r = await api(sim, 'GET', '/v1/video/tasks', { key: null });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'authentication_error');
      assert.equal(typeof r.json.message, 'string');
    }));
});

describe('create validation', () => {
  const png = readFileSync(fixturePath('demo-image.png'));
  const cases: [string, unknown, string, string | null, string?][] = [
    ['malformed JSON', '{"model":', 'invalid_json', null],
    ['non-object body', '[1,2]', 'invalid_body', null],
    ['missing model', { prompt: 'x' }, 'missing_required_parameter', 'model'],
    ['unknown model', { model: 'gpt-99', prompt: 'x' }, 'model_not_found', 'model'],
    ['image model', { model: 'flux-2-dev', prompt: 'x' }, 'model_not_video', 'model'],
    ['missing prompt', { model: 'wan-2.6' }, 'missing_required_parameter', 'prompt'],
    ['blank prompt', { model: 'wan-2.6', prompt: '   ' }, 'missing_required_parameter', 'prompt'],
    ['unknown mode', { model: 'wan-2.6', prompt: 'x', mode: 'audio' }, 'invalid_value', 'mode'],
    ['mode not offered', { model: 'seedance-lite', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png' }] }, 'unsupported_mode', 'mode'],
    ['duration too long', { model: 'wan-2.6', prompt: 'x', duration_seconds: 11 }, 'invalid_duration', 'duration_seconds'],
    ['duration too short', { model: 'seedance-lite', prompt: 'x', duration_seconds: 3 }, 'invalid_duration', 'duration_seconds'],
    ['fractional duration', { model: 'wan-2.6', prompt: 'x', duration_seconds: 5.5 }, 'invalid_type', 'duration_seconds'],
    ['aspect not offered', { model: 'wan-2.6', prompt: 'x', aspect_ratio: '4:3' }, 'unsupported_aspect_ratio', 'aspect_ratio'],
    ['quality not offered', { model: 'kling-1', prompt: 'x', quality: '480p' }, 'unsupported_quality', 'quality'],
    ['image mode without images', { model: 'kling-1', prompt: 'x', mode: 'image' }, 'missing_input_images', 'input_images'],
    ['reference with empty list', { model: 'kling-1', prompt: 'x', mode: 'reference', input_images: [] }, 'missing_input_images', 'input_images'],
    ['image with url and b64', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png', b64_json: 'AAAA' }] }, 'invalid_input_image', 'input_images'],
    ['image url not http', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'file:///etc/passwd' }] }, 'invalid_image_url', 'input_images'],
    ['bad base64', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ b64_json: '***' }] }, 'invalid_base64', 'input_images'],
    ['not an image', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ b64_json: Buffer.from('hello world').toString('base64') }] }, 'unsupported_image_format', 'input_images'],
    ['two images in image mode', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png' }, { url: 'https://e.x/b.png' }] }, 'too_many_input_images', 'input_images'],
    ['text content type', '{"model":"wan-2.6","prompt":"x"}', 'invalid_content_type', null, 'text/plain'],
  ];

  it('rejects each invalid request with 400 invalid_request, the code and the param', () =>
    withSim({}, async (sim) => {
      for (const [name, body, code, param, type] of cases) {
        const r = await api(sim, 'POST', '/v1/video/generations', {
          body,
          headers: type ? { 'content-type': type } : {},
        });
        assert.equal(r.status, 400, name);
        const e = errorOf(r);
        assert.equal(e.type, 'invalid_request', name);
        assert.equal(e.code, code, name);
        assert.equal(e.param, param, name);
        assert.ok(typeof e.message === 'string' && e.message.length > 0, name);
      }
      assert.equal(sim.tasks.size, 0, 'no invalid request created a task');
      assert.ok(png.length > 0);
    }));

  it('refuses oversized bodies with 413', () =>
    withSim({ maxBodyBytes: 1024 }, async (sim) => {
      const r = await create(sim, { pad: 'x'.repeat(2000) });
      assert.equal(r.status, 413);
      assert.equal(errorOf(r).type, 'payload_too_large');
    }));

  it('creates a task: defaults, cost, X-Cost-Cents, extra keys kept', () =>
    withSim({ clockSpeed: 1 }, async (sim) => {
      const r = await create(sim, { model: 'kling-1', seed: 7, sound: true });
      assert.equal(r.status, 200);
      const j = r.json;
      assert.match(j.task_id as string, /^[0-9a-f-]{36}$/);
      assert.equal(j.status, 'queued');
      assert.equal(j.model, 'kling-1');
      assert.equal(j.progress, 0);
      assert.equal(j.expires_at, (j.created as number) + 86400);
      assert.ok(Math.abs((j.created as number) - sim.now()) < 5);
      assert.equal(j.cost_cents, 5 * 28, 'default duration is the minimum');
      assert.equal(r.headers.get('x-cost-cents'), '140');
      const t = sim.tasks.get(j.task_id as string);
      assert.deepEqual(t?.extra, { seed: 7, sound: true });
      assert.equal(t?.duration_seconds, 5);
      const explicit = await create(sim, { duration_seconds: 8, aspect_ratio: '9:16', quality: '1080p' });
      assert.equal(explicit.json.cost_cents, 320);
      const status = await api(sim, 'GET', `/v1/video/tasks/${explicit.json.task_id as string}`);
      assert.equal(status.json.aspect_ratio, '9:16');
      assert.equal(status.json.quality, '1080p');
      assert.equal(status.json.duration_seconds, 8);
    }));

  it('accepts url and b64 images; the log keeps the sha256 of the decoded bytes, not the bytes', () =>
    withSim({}, async (sim) => {
      const b64 = png.toString('base64');
      const id = await createId(sim, { model: 'kling-1', mode: 'image', input_images: [{ b64_json: b64 }] });
      const task = sim.tasks.get(id);
      assert.deepEqual(task?.input_image_sha256, [sha256(png)]);
      const logged = sim.requests.find((e) => e.method === 'POST')?.body as { input_images: { b64_json: unknown }[] };
      assert.deepEqual(logged.input_images[0].b64_json, { length: b64.length, bytes: png.length, sha256: sha256(png) });
      assert.ok(!JSON.stringify(sim.requests).includes(b64.slice(0, 200)));

      const dataUrl = `data:image/png;base64,${b64}`;
      await createId(sim, { model: 'kling-1', mode: 'reference', input_images: [{ b64_json: dataUrl }, { url: 'https://e.x/ref.jpg' }] });
      const urlId = await createId(sim, { model: 'wan-2.6', mode: 'image', input_images: [{ url: 'https://e.x/first.png' }] });
      const r = await api(sim, 'GET', `/v1/video/tasks/${urlId}`);
      assert.equal(r.json.input_image_url, 'https://e.x/first.png');
      assert.equal(r.json.mode, 'image');
    }));
});

describe('task lifecycle', () => {
  it('goes queued → processing with advancing progress → completed, streamed as SSE', () =>
    withSim({ clockSpeed: 60 }, async (sim) => {
      const completed: string[] = [];
      const statuses: string[] = [];
      sim.on('completed', (t) => completed.push(t.task_id));
      sim.on('change', (t) => statuses.push(t.status));
      const id = await createId(sim);
      assert.equal(sim.tasks.get(id)?.status, 'queued', 'a worker picks it up later');
      const first = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.ok(['queued', 'processing'].includes(first.json.status as string));
      assert.equal(first.json.result_url, null);
      const { res, events, broken } = await readSse(sim, id);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(broken, false);
      const done = events.pop();
      assert.deepEqual(done, { event: 'done', data: '[DONE]' });
      const states = events.map((e) => {
        assert.equal(e.event, 'state');
        return JSON.parse(e.data) as { task_id: string; status: string; progress: number; result_url: string | null };
      });
      assert.ok(states.every((s) => s.task_id === id));
      const progress = states.map((s) => s.progress);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress never goes back');
      assert.ok(new Set(progress.filter((p) => p > 0 && p < 100)).size >= 4, `several steps: ${progress.join(',')}`);
      assert.ok(states.some((s) => s.status === 'processing'));
      const last = states.at(-1);
      assert.equal(last?.status, 'completed');
      assert.equal(last?.progress, 100);
      assert.match(last?.result_url ?? '', new RegExp(`^${sim.url}/files/${id}/video\\.mp4\\?expires=\\d+&sig=[0-9a-f]{64}$`));
      assert.deepEqual(completed, [id]);
      assert.equal(statuses.at(-1), 'completed');
      assert.ok(statuses.slice(0, -1).every((st) => st === 'processing'), statuses.join(','));
      const task = sim.tasks.get(id);
      assert.ok(task?.completedAtMs && task.completedAtMs >= task.createdAtMs);
    }));

  it('progress advances in steps of 5–12 % (clock stepped by hand)', () =>
    withSim({ clockSpeed: 0.001 }, async (sim) => {
      const seen: string[] = [];
      sim.on('change', (t) => seen.push(`${t.status}:${t.progress}`));
      await createId(sim);
      // Half-second steps are finer than any checkpoint, so every change is seen on its own.
      for (let i = 0; i < 100; i++) sim.advanceClock(0.5);
      assert.equal(seen[0], 'processing:0');
      assert.equal(seen.at(-1), 'completed:100');
      const progress = seen.map((e) => Number(e.split(':')[1]));
      const steps = progress.slice(1).map((p, i) => p - progress[i]);
      assert.ok(steps.length >= 8, seen.join(' '));
      assert.ok(steps.slice(0, -1).every((d) => d >= 5 && d <= 12), `steps ${steps.join(',')}`);
      assert.ok(steps.at(-1)! >= 1 && steps.at(-1)! <= 12);
    }));

  it('an already-terminal task streams its state, then done', () =>
    withSim({}, async (sim) => {
      const id = await createId(sim);
      sim.completeTask(id);
      const { events } = await readSse(sim, id);
      assert.equal(events.length, 2);
      assert.equal(JSON.parse(events[0].data).status, 'completed');
      assert.deepEqual(events[1], { event: 'done', data: '[DONE]' });
    }));

  it('holdTasks keeps tasks processing until completeTask; setTaskState forces a state', () =>
    withSim({ clockSpeed: 1000 }, async (sim) => {
      sim.holdTasks(true);
      const a = await createId(sim);
      const b = await createId(sim);
      await new Promise((r) => setTimeout(r, 120)); // 120 simulated seconds: far past taskSeconds
      assert.equal(sim.tasks.get(a)?.status, 'processing');
      assert.ok((sim.tasks.get(a)?.progress ?? 100) < 100);
      sim.completeTask(a);
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${a}`)).json.status, 'completed');
      sim.setTaskState(b, { status: 'failed', error: 'boom' });
      const rb = await api(sim, 'GET', `/v1/video/tasks/${b}`);
      assert.equal(rb.json.status, 'failed');
      assert.equal(rb.json.error, 'boom');
      const c = await createId(sim);
      sim.holdTasks(false);
      await waitFor(() => sim.tasks.get(c)?.status === 'completed', 2000);
    }));

  it('tasks and their result URLs expire at expires_at on the simulated clock', () =>
    withSim({}, async (sim) => {
      const { id, url } = await completedUrl(sim);
      sim.holdTasks(true);
      const running = await createId(sim);
      assert.equal((await raw(url)).status, 200);
      sim.advanceClock(86400 + 1);
      const done = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.equal(done.json.status, 'expired');
      assert.equal(done.json.result_url, null);
      const r = await api(sim, 'GET', `/v1/video/tasks/${running}`);
      assert.equal(r.json.status, 'expired');
      assert.equal(r.json.cost_cents, 0, 'unfinished expired work is not charged');
      const file = await raw(url);
      assert.equal(file.status, 403);
      assert.equal(JSON.parse(file.body.toString()).error.code, 'url_expired');
    }));
});

describe('limits, list and delete', () => {
  it('allows 4 tasks in flight per key; the 5th gets 429 with Retry-After', () =>
    withSim({}, async (sim) => {
      sim.holdTasks(true);
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await createId(sim));
      const fifth = await create(sim);
      assert.equal(fifth.status, 429);
      const e = errorOf(fifth);
      assert.equal(e.type, 'rate_limit');
      assert.equal(e.code, 'concurrent_tasks_limit');
      const retry = Number(fifth.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1);
      assert.equal(e.retry_after, retry);
      assert.equal(sim.tasks.size, 4);
      assert.equal((await create(sim, {}, OTHER)).status, 200, 'the limit is per key');
      await api(sim, 'DELETE', `/v1/video/tasks/${ids[0]}`);
      assert.equal((await create(sim)).status, 429, 'deleting does not cancel the work');
      sim.completeTask(ids[1]);
      assert.equal((await create(sim)).status, 200);
    }));

  it('honours maxInFlight', () =>
    withSim({ maxInFlight: 1 }, async (sim) => {
      sim.holdTasks(true);
      await createId(sim);
      assert.equal((await create(sim)).status, 429);
    }));

  it('lists only the caller’s tasks, newest first; other keys get 404; delete hides a task', () =>
    withSim({}, async (sim) => {
      const a = await createId(sim, { prompt: 'one' });
      const b = await createId(sim, { prompt: 'two' });
      const theirs = await createId(sim, { prompt: 'theirs' }, OTHER);
      const list = await api(sim, 'GET', '/v1/video/tasks');
      const data = list.json.data as { task_id: string; prompt: string }[];
      assert.deepEqual(data.map((t) => t.task_id), [b, a]);
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}`)).status, 404);
      const nf = await api(sim, 'GET', '/v1/video/tasks/00000000-0000-0000-0000-000000000000');
      assert.equal(nf.status, 404);
      assert.equal(errorOf(nf).type, 'not_found');
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}/stream`)).status, 404);

      for (const id of [a, a, theirs, 'no-such-task']) {
        const d = await api(sim, 'DELETE', `/v1/video/tasks/${id}`);
        assert.equal(d.status, 200);
        assert.deepEqual(d.json, { deleted: true });
      }
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${a}`)).status, 404);
      const after = (await api(sim, 'GET', '/v1/video/tasks')).json.data as { task_id: string }[];
      assert.deepEqual(after.map((t) => t.task_id), [b]);
      assert.equal(sim.tasks.get(theirs)?.deleted, false, 'another key cannot delete it');
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}`, { key: OTHER })).status, 200);
    }));

  it('caps the list at 100', () =>
    withSim({ maxInFlight: 1000, clockSpeed: 1 }, async (sim) => {
      for (let i = 0; i < 103; i++) await createId(sim, { prompt: `p${i}` });
      const data = (await api(sim, 'GET', '/v1/video/tasks')).json.data as { prompt: string }[];
      assert.equal(data.length, 100);
      assert.equal(data[0].prompt, 'p102');
    }));
});

describe('result files', () => {
  it('serves the MP4 without a key, with length, type and ranges', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      const fixture = readFileSync(fixturePath('sample.mp4'));
      assert.ok(sim.resultBytes.equals(fixture));
      assert.equal(fixture.subarray(4, 8).toString('latin1'), 'ftyp');
      const full = await raw(url);
      assert.equal(full.status, 200);
      assert.equal(full.headers?.['content-type'], 'video/mp4');
      assert.equal(full.headers?.['content-length'], String(fixture.length));
      assert.equal(full.headers?.['accept-ranges'], 'bytes');
      assert.ok(full.body.equals(fixture));

      const part = await raw(url, { headers: { range: 'bytes=1000-' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers?.['content-range'], `bytes 1000-${fixture.length - 1}/${fixture.length}`);
      assert.equal(part.headers?.['content-length'], String(fixture.length - 1000));
      assert.ok(part.body.equals(fixture.subarray(1000)));

      const mid = await raw(url, { headers: { range: 'bytes=10-19' } });
      assert.ok(mid.body.equals(fixture.subarray(10, 20)));
      const suffix = await raw(url, { headers: { range: 'bytes=-100' } });
      assert.ok(suffix.body.equals(fixture.subarray(fixture.length - 100)));
      const beyond = await raw(url, { headers: { range: `bytes=${fixture.length}-` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers?.['content-range'], `bytes */${fixture.length}`);
      const head = await raw(url, { method: 'HEAD' });
      assert.equal(head.headers?.['content-length'], String(fixture.length));
      assert.equal(head.body.length, 0);

      const log = sim.requests.find((e) => e.path.startsWith('/files/'));
      assert.ok(log && !log.path.includes('sig='), 'the signature stays out of the log');
    }));

  it('refuses a bad signature, a tampered expiry, an unfinished task', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      const badSig = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
      assert.equal((await raw(badSig)).status, 403);
      const later = url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 1}`);
      assert.equal((await raw(later)).status, 403);
      const pending = await createId(sim);
      const early = await raw(sim.resultUrl(pending));
      assert.equal(early.status, 404);
    }));

  it('serves a generated file of resultSizeBytes, identical to generateResultBytes', () =>
    withSim({ resultSizeBytes: 3 * 1024 * 1024 + 5 }, async (sim) => {
      const { url } = await completedUrl(sim);
      const r = await raw(url);
      assert.equal(r.body.length, 3 * 1024 * 1024 + 5);
      assert.equal(sha256(r.body), sha256(generateResultBytes(3 * 1024 * 1024 + 5)));
      assert.ok(!r.body.subarray(0, 1 << 20).equals(r.body.subarray(1 << 20, 2 << 20)), 'blocks differ');
    }));
});

describe('faults', () => {
  it('status-429 / status-503 answer with Retry-After for `times` requests', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'status-429', times: 1, param: 2 });
      sim.addFault({ match: { path: '/v1/video/*' }, fault: 'status-503', times: 2, param: 3 });
      const a = await create(sim);
      assert.equal(a.status, 429);
      assert.equal(a.headers.get('retry-after'), '2');
      assert.equal(errorOf(a).retry_after, 2);
      assert.equal(errorOf(a).type, 'rate_limit');
      const b = await create(sim);
      assert.equal(b.status, 503);
      assert.equal(errorOf(b).type, 'upstream_error');
      assert.equal(b.headers.get('retry-after'), '3');
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 200, 'path match respected');
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 503);
      assert.equal((await create(sim)).status, 200);
      assert.equal(sim.tasks.size, 1);
      assert.deepEqual(sim.requests.map((e) => e.fault ?? null), ['status-429', 'status-503', null, 'status-503', null]);
    }));

  it('reset-before-body drops the connection and creates nothing', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'reset-before-body', times: 1 });
      const r = await raw(sim.url + '/v1/video/generations', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'wan-2.6', prompt: 'x' }),
      });
      assert.ok(r.error, 'the request failed');
      assert.equal(r.status, undefined);
      await waitFor(() => sim.requests.length === 1);
      assert.equal(sim.requests[0].status, 0);
      assert.equal(sim.requests[0].fault, 'reset-before-body');
      assert.equal(sim.tasks.size, 0);
      assert.equal((await create(sim)).status, 200, 'times: 1');
    }));

  it('reset-after-body creates the task, then drops the connection unanswered', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'reset-after-body', times: 1 });
      await assert.rejects(create(sim));
      assert.equal(sim.tasks.size, 1);
      const list = (await api(sim, 'GET', '/v1/video/tasks')).json.data as unknown[];
      assert.equal(list.length, 1, 'the client can find it in the list');
    }));

  it('stream-cut breaks the stream after N events', () =>
    withSim({ clockSpeed: 100 }, async (sim) => {
      sim.addFault({ fault: 'stream-cut', param: 2, times: 1 });
      const id = await createId(sim);
      const cut = await readSse(sim, id);
      assert.equal(cut.broken, true);
      assert.equal(cut.events.length, 2);
      assert.ok(cut.events.every((e) => e.event === 'state'));
      const again = await readSse(sim, id);
      assert.equal(again.broken, false, 'times: 1');
      assert.equal(again.events.at(-1)?.event, 'done');
    }));

  it('stream-stall sends nothing more but keeps the socket open', () =>
    withSim({ clockSpeed: 400, sseKeepAliveMs: 20 }, async (sim) => {
      sim.addFault({ fault: 'stream-stall' });
      const id = await createId(sim);
      const r = await readSse(sim, id, { stopAfterMs: 250 });
      assert.equal(r.aborted, true, 'still open when the client gave up');
      assert.equal(r.events.length, 1);
      assert.ok(!r.text.includes(': keep-alive'), 'not even keep-alives');
      assert.equal(sim.tasks.get(id)?.status, 'completed', 'the task finished meanwhile');
    }));

  it('sends keep-alive comments on a quiet stream', () =>
    withSim({ sseKeepAliveMs: 20 }, async (sim) => {
      sim.holdTasks(true);
      const id = await createId(sim);
      await waitFor(() => (sim.tasks.get(id)?.progress ?? 0) > 50);
      const r = await readSse(sim, id, { stopAfterMs: 120 });
      assert.ok(r.text.includes(': keep-alive\n\n'));
    }));

  it('stream-malformed slips in an unparsable event, then continues', () =>
    withSim({ clockSpeed: 200 }, async (sim) => {
      sim.addFault({ fault: 'stream-malformed', times: 1 });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      const bad = r.events.filter((e) => {
        try {
          JSON.parse(e.data);
          return false;
        } catch {
          return e.data !== '[DONE]';
        }
      });
      assert.equal(bad.length, 1);
      assert.equal(r.events.at(-1)?.event, 'done');
    }));

  it('stream-no-done ends cleanly without the done event', () =>
    withSim({ clockSpeed: 400 }, async (sim) => {
      sim.addFault({ fault: 'stream-no-done', times: 1 });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      assert.equal(r.broken, false);
      assert.ok(r.events.length >= 1);
      assert.ok(r.events.every((e) => e.event === 'state'));
      assert.equal(JSON.parse(r.events.at(-1)!.data).status, 'completed');
      sim.addFault({ fault: 'stream-no-done', param: 1, times: 1 });
      const early = await readSse(sim, await createId(sim));
      assert.equal(early.events.length, 1);
      assert.notEqual(JSON.parse(early.events[0].data).status, 'completed');
    }));

  it('stream-error-event sends event: error, then closes', () =>
    withSim({}, async (sim) => {
      sim.addFault({ fault: 'stream-error-event' });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      assert.deepEqual(r.events.map((e) => e.event), ['state', 'error']);
      assert.equal(typeof JSON.parse(r.events[1].data).message, 'string');
    }));

  it('task-fail makes the next task fail, uncharged; the following one succeeds', () =>
    withSim({}, async (sim) => {
      sim.addFault({ fault: 'task-fail', times: 1, param: 'content policy (simulated)' });
      const bad = await createId(sim);
      const good = await createId(sim);
      await waitFor(() => sim.tasks.get(bad)?.status === 'failed' && sim.tasks.get(good)?.status === 'completed');
      const r = await api(sim, 'GET', `/v1/video/tasks/${bad}`);
      assert.equal(r.json.error, 'content policy (simulated)');
      assert.equal(r.json.result_url, null);
      assert.equal(r.json.cost_cents, 0);
      const s = await readSse(sim, bad);
      assert.equal(JSON.parse(s.events[0].data).status, 'failed');
      assert.equal(s.events[1].event, 'done');
    }));

  it('download-truncate promises the full length, sends N bytes, then breaks', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'download-truncate', param: 1000, times: 1 });
      const r = await raw(url);
      assert.equal(r.status, 200);
      assert.equal(r.headers?.['content-length'], String(sim.resultBytes.length));
      assert.ok(r.error, 'the body ended early');
      assert.equal(r.body.length, 1000);
      assert.ok(r.body.equals(sim.resultBytes.subarray(0, 1000)));
      const whole = await raw(url);
      assert.equal(whole.body.length, sim.resultBytes.length);
    }));

  it('range-ignored answers a Range request with 200 and the whole file', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'range-ignored', times: 1 });
      const r = await raw(url, { headers: { range: 'bytes=500-' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers?.['content-range'], undefined);
      assert.ok(r.body.equals(sim.resultBytes));
      assert.equal((await raw(url, { headers: { range: 'bytes=500-' } })).status, 206);
    }));

  it('url-expired gives 403 `times` times; re-reading the task gives a working URL', () =>
    withSim({}, async (sim) => {
      const { id, url } = await completedUrl(sim);
      sim.addFault({ fault: 'url-expired', times: 2 });
      assert.equal((await raw(url)).status, 403);
      assert.equal((await raw(url)).status, 403);
      const t = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.equal(t.json.status, 'completed');
      const fresh = await raw(t.json.result_url as string);
      assert.equal(fresh.status, 200);
      assert.ok(fresh.body.equals(sim.resultBytes));
    }));

  it('download-slow throttles to param bytes/s', () =>
    withSim({ resultSizeBytes: 40_000 }, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'download-slow', param: 200_000, times: 1 });
      const t0 = Date.now();
      const r = await raw(url);
      const ms = Date.now() - t0;
      assert.equal(r.body.length, 40_000);
      assert.ok(ms >= 150, `took ${ms} ms at 200 kB/s`);
      const t1 = Date.now();
      await raw(url);
      assert.ok(Date.now() - t1 < ms, 'unthrottled is faster');
    }));

  it('faults come from options and over HTTP; /__sim exposes the log', () =>
    withSim({ faults: [{ fault: 'status-503', match: { method: 'GET', path: '/v1/models' }, times: 1 }] }, async (sim) => {
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 503);
      const add = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ fault: 'status-429', match: { pathRegex: '^/v1/video/tasks$' }, times: 5, param: 1 }),
      });
      assert.equal(add.status, 201);
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 429);
      const bad = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ fault: 'nope' }) });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' })).status, 200);
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 200);
      const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { data: { path: string; status: number }[] };
      assert.deepEqual(log.data.map((e) => e.status), [503, 429, 200]);

      sim.holdTasks(true);
      const id = await createId(sim);
      const done = await fetch(`${sim.url}/__sim/tasks/${id}/complete`, { method: 'POST' });
      assert.equal(((await done.json()) as { status: string }).status, 'completed');
      await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 90000 }) });
      assert.equal(sim.tasks.get(id)?.status, 'expired');
    }));

  it('addFault rejects unknown faults', () =>
    withSim({}, async (sim) => {
      assert.throws(() => sim.addFault({ fault: 'nope' as 'status-429' }));
    }));
});

describe('request log', () => {
  it('never holds the key: authorization is reduced to a prefix', () =>
    withSim({}, async (sim) => {
      await create(sim, { note: `pasted ${KEY} here` });
      await api(sim, 'GET', '/v1/video/tasks', { headers: { 'x-api-key': KEY } });
      await api(sim, 'GET', '/v1/video/tasks', { key: 'sk-air-wrong-secret' });
      assert.equal(sim.requests.length, 3);
      const entry = sim.requests[0];
      assert.equal(entry.method, 'POST');
      assert.equal(entry.path, '/v1/video/generations');
      assert.equal(entry.status, 200);
      assert.equal(entry.headers.authorization, 'Bearer sk-air-…');
      assert.equal(entry.headers['content-type'], 'application/json');
      assert.equal((entry.body as { model: string }).model, 'wan-2.6');
      assert.ok(entry.at > 0);
      assert.equal((entry.body as { note: string }).note, 'pasted sk-air-… here');
      const dump = JSON.stringify(sim.requests);
      for (const secret of [KEY, 'test-key', 'wrong-secret']) assert.ok(!dump.includes(secret), secret);
      const owners = JSON.stringify([...sim.tasks.values()].map((t) => t.owner));
      assert.ok(!owners.includes('test-key'), 'tasks keep a fingerprint, not the key');
    }));

  it('close() ends open streams and stops the server', async () => {
    const sim = await startSimulator({ keys: [KEY], clockSpeed: 1 });
    const id = await createId(sim);
    const reading = readSse(sim, id);
    await waitFor(() => sim.requests.some((e) => e.path.endsWith('/stream') && e.status === 200));
    const t0 = Date.now();
    await sim.close();
    assert.ok(Date.now() - t0 < 1000);
    const r = await reading;
    assert.ok(r.broken || r.events.length >= 1);
    await assert.rejects(fetch(`${sim.url}/v1/models`));
  });
});
