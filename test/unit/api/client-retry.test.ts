// The client against a scripted fetch: retry and backoff rules, what is never re-sent, timeouts and
// aborts; no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceError } from '../../../src/api/http/errors';
import { isAbortError, sleep as realSleep } from '../../../src/util/abort';
import { type Step, json, reset, client, task } from './client-helpers';

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
  assert.deepEqual(
    calls.map((x) => `${x.method} ${new URL(x.url).pathname}`),
    ['POST /v1/video/generations'],
  );
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
