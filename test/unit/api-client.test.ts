// The client against a scripted fetch: header, retry and error rules without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceClient, type ClientOptions } from '../../src/api/client';
import { AirforceError } from '../../src/api/errors';
import { isAbortError, sleep as realSleep } from '../../src/util/abort';
import type { Logger } from '../../src/util/logger';
import { isTerminal, KNOWN_TASK_STATUSES, StreamStateSchema, type VideoTask } from '../../src/api/schemas';

const KEY = 'sk-air-unit-secret-0123456789';
const BASE = 'https://api.example.test';

type Step = (url: string, init: RequestInit) => Response | Promise<Response>;
interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const reset = (): never => {
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

function client(steps: Step[], opts: Partial<ClientOptions> = {}) {
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

const task = (over: Partial<VideoTask> = {}): VideoTask => ({
  task_id: 't1',
  status: 'queued',
  model: 'wan-2.6',
  prompt: 'A fox',
  created: Math.floor(Date.now() / 1000),
  progress: 0,
  ...over,
});

test('sends auth, user agent, a fresh request id, accept and content type', async () => {
  const { c, calls } = client([() => json(200, task()), () => json(200, { data: [] })]);
  await c.createVideo({ model: 'wan-2.6', prompt: 'A fox', seed: 7 });
  await c.listTasks();
  const [post, get] = calls;
  assert.equal(post!.url, `${BASE}/v1/video/generations`);
  assert.equal(post!.method, 'POST');
  assert.equal(post!.headers.authorization, `Bearer ${KEY}`);
  assert.equal(post!.headers['user-agent'], 'airforce-media/9.9.9');
  assert.equal(post!.headers.accept, 'application/json');
  assert.equal(post!.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(post!.body!), { model: 'wan-2.6', prompt: 'A fox', seed: 7 });
  assert.match(post!.headers['x-request-id']!, /^[0-9a-f-]{36}$/);
  assert.notEqual(post!.headers['x-request-id'], get!.headers['x-request-id']);
  assert.equal(get!.headers['content-type'], undefined);
});

test('safe task ids go into paths unchanged', async () => {
  const id = 'vid_AbC-1.2:x';
  const { c, calls } = client([() => json(200, task({ task_id: id })), () => json(200, { deleted: true })]);
  await c.getTask(id);
  await c.deleteTask(id);
  assert.equal(calls[0]!.url, `${BASE}/v1/video/tasks/vid_AbC-1.2%3Ax`);
  assert.equal(calls[1]!.method, 'DELETE');
});

test('no key: missing_api_key and nothing sent', async () => {
  const { c, calls } = client([], { getApiKey: async () => undefined });
  await assert.rejects(c.createVideo({ model: 'm', prompt: 'p' }), (e: unknown) => e instanceof AirforceError && e.code === 'missing_api_key');
  await assert.rejects(c.getTask('t'), (e: unknown) => e instanceof AirforceError && e.code === 'missing_api_key');
  await assert.rejects(c.listTasks(), (e: unknown) => e instanceof AirforceError && e.code === 'missing_api_key');
  assert.equal(calls.length, 0);
});

test('no key: the public model list is fetched without an Authorization header', async () => {
  const { c, calls } = client([() => json(200, { object: 'list', data: [] })], { getApiKey: async () => undefined });
  assert.deepEqual(await c.listModels(), []);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.headers.authorization, undefined);
});

test('refused base URL: nothing sent, key not even read', async () => {
  let keyReads = 0;
  const { c, calls } = client([], {
    baseUrl: 'http://api.example.test',
    getApiKey: async () => {
      keyReads++;
      return KEY;
    },
  });
  await assert.rejects(c.getTask('t1'), (e: unknown) => e instanceof AirforceError && e.code === 'unsafe_base_url');
  assert.equal(calls.length, 0);
  assert.equal(keyReads, 0);
});

test('GET retries 503 and network errors, honouring Retry-After header and body', async () => {
  const { c, calls, delays } = client([
    () => json(503, { error: { message: 'upstream down' } }, { 'retry-after': '3' }),
    reset,
    () => json(429, { error: { message: 'slow', retry_after: 7 } }),
    () => json(429, { error: 'rate_limit', message: 'slow' }, { 'retry-after': new Date(Date.now() + 10_000).toUTCString() }),
    () => json(200, task({ status: 'processing', progress: 40 })),
  ]);
  const t = await c.getTask('t1');
  assert.equal(t.progress, 40);
  assert.equal(calls.length, 5);
  assert.equal(delays[0], 3_000, 'Retry-After seconds');
  assert.equal(delays[1], 1_000, 'network error: jittered backoff 0.5 × 2 s');
  assert.equal(delays[2], 7_000, 'retry_after in the body');
  assert.ok(delays[3]! > 8_000 && delays[3]! <= 10_000, `Retry-After date → ${delays[3]}`);
});

test('Retry-After is clamped to 120 s', async () => {
  const { c, delays } = client([() => json(503, {}, { 'retry-after': '86400' }), () => json(200, { data: [] })]);
  await c.listTasks();
  assert.deepEqual(delays, [120_000]);
});

test('no retry on 400, 401, 402, 403, 404 or 500', async () => {
  for (const status of [400, 401, 402, 403, 404, 500]) {
    const { c, calls, delays } = client([() => json(status, { error: { message: `status ${status}`, type: 'x' } })]);
    await assert.rejects(c.getTask('t1'), (e: unknown) => e instanceof AirforceError && e.status === status && e.apiMessage === `status ${status}`);
    assert.equal(calls.length, 1, `status ${status}`);
    assert.deepEqual(delays, []);
  }
});

test('gives up after maxRetries and throws the last answer', async () => {
  const steps = Array.from({ length: 5 }, () => () => json(503, { error: { message: 'down' } }, { 'x-request-id': 'srv-5' }));
  const { c, calls, delays } = client(steps);
  await assert.rejects(c.listModels(), (e: unknown) => e instanceof AirforceError && e.status === 503 && e.requestId === 'srv-5');
  assert.equal(calls.length, 5);
  assert.deepEqual(delays, [500, 1_000, 2_000, 4_000]);
});

test('create is re-sent only after a 429/503 answer', async () => {
  const { c, calls } = client([() => json(429, { error: { message: 'busy' } }, { 'retry-after': '1' }), () => json(503, {}), () => json(200, task())]);
  assert.equal((await c.createVideo({ model: 'wan-2.6', prompt: 'A fox' })).task_id, 't1');
  assert.equal(calls.filter((x) => x.method === 'POST').length, 3);
});

test('retryOn429:false hands the 429 back at once (503 is still retried)', async () => {
  const a = client([() => json(429, { error: { message: 'four in flight' } }, { 'retry-after': '9' })]);
  await assert.rejects(
    a.c.createVideo({ model: 'wan-2.6', prompt: 'A fox' }, { retryOn429: false }),
    (e: unknown) => e instanceof AirforceError && e.status === 429 && e.retryAfterMs === 9_000,
  );
  assert.equal(a.calls.length, 1);
  const b = client([() => json(503, {}), () => json(200, task())]);
  await b.c.createVideo({ model: 'wan-2.6', prompt: 'A fox' }, { retryOn429: false });
  assert.equal(b.calls.length, 2);
});

test('lost create: create_outcome_unknown at once, no list read, nothing re-sent (the tracker looks it up)', async () => {
  const { c, calls } = client([reset]);
  await assert.rejects(
    c.createVideo({ model: 'wan-2.6', prompt: 'A fox' }),
    (e: unknown) => e instanceof AirforceError && e.code === 'create_outcome_unknown' && /may or may not/.test(e.message),
  );
  assert.deepEqual(calls.map((x) => `${x.method} ${new URL(x.url).pathname}`), ['POST /v1/video/generations']);
});

test('a malformed create body is refused before sending', async () => {
  const { c, calls } = client([]);
  await assert.rejects(
    c.createVideo({ model: 'wan-2.6', prompt: 'x', input_images: [{ nope: 1 }] } as never),
    (e: unknown) => e instanceof AirforceError && e.code === 'invalid_request_local' && /input_images\[0\]/.test(e.message),
  );
  assert.equal(calls.length, 0);
});

test('schema break names the field path', async () => {
  const { c } = client([() => json(200, { object: 'list', data: [{ id: 'm', output_modalities: [] }, { id: 'n', output_modalities: 'video' }] })]);
  await assert.rejects(
    c.listModels(),
    (e: unknown) =>
      e instanceof AirforceError && e.type === 'invalid_response' && e.param === 'data[1].output_modalities' && /data\[1\]\.output_modalities/.test(e.message),
  );
  const b = client([() => new Response('<html>gateway</html>', { status: 200 })]);
  await assert.rejects(b.c.listModels(), (e: unknown) => e instanceof AirforceError && e.type === 'invalid_response' && /not JSON/.test(e.message));
});

test('a create answered 2xx but unreadable warns that the task probably exists', async () => {
  const { c } = client([() => json(200, { status: 'queued' })]);
  await assert.rejects(c.createVideo({ model: 'm', prompt: 'p' }), (e: unknown) => e instanceof AirforceError && /probably created/.test(e.message));
});

test('one log line per request, and the key never appears in logs or errors', async () => {
  const leak = (): never => {
    throw new TypeError('fetch failed', { cause: new Error(`proxy refused Authorization: Bearer ${KEY}`) });
  };
  const { c, logger } = client(
    [
      () => json(200, { object: 'list', data: [] }, { 'x-request-id': 'srv-1' }),
      () => json(401, { error: { message: `Key ${KEY} is revoked` } }),
      leak,
    ],
    { maxRetries: 0 },
  );
  const errors: string[] = [];
  await c.listModels();
  for (const p of [c.getTask('t1'), c.getTask('t2')]) {
    await p.catch((e: unknown) => {
      assert.ok(e instanceof AirforceError);
      errors.push(e.message, e.userMessage(), String(e.apiMessage));
    });
  }
  assert.match(logger.lines[0]!, /^GET \/v1\/models 200 srv-1 \d+ms$/);
  assert.equal(logger.lines.length, 3);
  for (const line of [...logger.lines, ...errors]) assert.ok(!line.includes(KEY) && !line.includes('unit-secret'), line);
  assert.equal(errors.length, 6);
});

test('timeout: an unanswered request fails as a network timeout and is retried for GET', async () => {
  const hang: Step = (_url, init) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  const { c, calls, delays } = client([hang, () => json(200, { data: [] })], { requestTimeoutMs: 30 });
  assert.deepEqual(await c.listTasks(), []);
  assert.equal(calls.length, 2);
  assert.equal(delays.length, 1);
  const b = client([hang], { requestTimeoutMs: 30, maxRetries: 0 });
  await assert.rejects(b.c.listTasks(), (e: unknown) => e instanceof AirforceError && e.code === 'timeout' && e.type === 'network_error');
});

test('abort while a request is in flight rejects with AbortError, no retry', async () => {
  const ctrl = new AbortController();
  const hang: Step = (_url, init) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      setImmediate(() => ctrl.abort());
    });
  const { c, calls } = client([hang]);
  await assert.rejects(c.getTask('t1', { signal: ctrl.signal }), (e: unknown) => isAbortError(e));
  assert.equal(calls.length, 1);
});

test('abort during a backoff sleep rejects promptly and leaves no timer', async () => {
  const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timeouts();
  const ctrl = new AbortController();
  const { c, calls } = client([() => json(503, {}, { 'retry-after': '60' })], { sleep: realSleep });
  const started = performance.now();
  const p = c.getTask('t1', { signal: ctrl.signal });
  while (calls.length === 0) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
  ctrl.abort();
  await assert.rejects(p, (e: unknown) => isAbortError(e));
  assert.ok(performance.now() - started < 2_000);
  assert.equal(calls.length, 1);
  assert.equal(timeouts(), before, 'no timer left behind');
});

test('streamTask: SSE accept header, body left unread; wrong content type refused', async () => {
  const ctrl = new AbortController();
  const sse = new Response('event: done\ndata: [DONE]\n\n', { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
  const { c, calls } = client([() => sse, () => json(200, task())]);
  const res = await c.streamTask('t1', { signal: ctrl.signal });
  assert.equal(res.bodyUsed, false);
  assert.equal(calls[0]!.headers.accept, 'text/event-stream');
  assert.equal(calls[0]!.url, `${BASE}/v1/video/tasks/t1/stream`);
  assert.match(await res.text(), /DONE/);
  await assert.rejects(c.streamTask('t1', { signal: ctrl.signal }), (e: unknown) => e instanceof AirforceError && e.type === 'invalid_response');
  const b = client([() => json(404, { error: { message: 'no such task' } })]);
  await assert.rejects(b.c.streamTask('zz', { signal: ctrl.signal }), (e: unknown) => e instanceof AirforceError && e.status === 404);
});

test('#9 a task list with an unknown status parses, keeps the raw value, and drops only a malformed entry', async () => {
  const { c, logger } = client([
    () =>
      json(200, {
        data: [
          task({ task_id: 'a' }),
          { ...task({ task_id: 'b' }), status: 'paused_by_provider' },
          { ...task(), task_id: '..' },
          { ...task({ task_id: 'd' }), status: 'completed', raw_status: 'spoofed' },
        ],
      }),
    () => json(200, { ...task({ task_id: 'e' }), status: 'PENDING_REVIEW' }),
  ]);
  const list = await c.listTasks();
  assert.deepEqual(
    list.map((t) => [t.task_id, t.status, t.raw_status]),
    [
      ['a', 'queued', undefined],
      ['b', 'unrecognized', 'paused_by_provider'],
      ['d', 'completed', undefined],
    ],
  );
  assert.equal(isTerminal(list[1]!.status), false);
  assert.ok(logger.lines.some((l) => /entry left out, data\[2\]\.task_id/.test(l)), logger.lines.join('\n'));
  const one = await c.getTask('e');
  assert.equal(one.status, 'unrecognized');
  assert.equal(one.raw_status, 'PENDING_REVIEW');
  const state = StreamStateSchema.parse({ status: 'warming_up', progress: 3 });
  assert.deepEqual([state.status, state.raw_status, state.progress], ['unrecognized', 'warming_up', 3]);
  assert.deepEqual(KNOWN_TASK_STATUSES, ['queued', 'processing', 'completed', 'failed', 'expired']);
});

test('#10 a task whose error or status echoes a non-prefixed key is handed over redacted', async () => {
  const key = 'envSecretXYZ123';
  const { c } = client(
    [
      () => json(200, { ...task({ task_id: 'a' }), status: 'failed', error: `provider refused ${key}` }),
      () => json(200, { data: [{ ...task({ task_id: 'b' }), status: `odd-${key}` }] }),
    ],
    { getApiKey: async () => key },
  );
  const failed = await c.getTask('a');
  assert.equal(failed.error, 'provider refused sk-air-…');
  const [odd] = await c.listTasks();
  assert.equal(odd!.raw_status, 'odd-sk-air-…');
});
