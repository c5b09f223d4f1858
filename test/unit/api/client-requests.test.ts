// The client against a scripted fetch: what it sends (headers, paths, key rules), how it reads and
// checks answers, logging without the key, the stream request and unknown statuses; no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceError } from '../../../src/api/http/errors';
import { isTerminal, KNOWN_TASK_STATUSES, StreamStateSchema } from '../../../src/api/schemas/schemas';
import { KEY, BASE, json, client, task } from './client-helpers';

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

test('a malformed create body is refused before sending', async () => {
  const { c, calls } = client([]);
  await assert.rejects(
    c.createVideo({ model: 'wan-2.6', prompt: 'x', input_images: [{ nope: 1 }] } as never),
    (e: unknown) => e instanceof AirforceError && e.code === 'invalid_request_local' && /input_images\[0\]/.test(e.message),
  );
  assert.equal(calls.length, 0);
});

test('schema break names the field path; a broken catalog entry is left out alone (r3#17)', async () => {
  const { c } = client([
    () =>
      json(200, {
        object: 'list',
        data: [
          { id: 'm', output_modalities: [] },
          { id: 'n', output_modalities: 'video' },
        ],
      }),
    () => json(200, { object: 'list', data: { id: 'm' } }),
  ]);
  assert.deepEqual(
    (await c.listModels()).map((m) => m.id),
    ['m'],
  );
  await assert.rejects(
    c.listModels(),
    (e: unknown) => e instanceof AirforceError && e.type === 'invalid_response' && e.param === 'data' && /unexpected response at data/.test(e.message),
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
    [() => json(200, { object: 'list', data: [] }, { 'x-request-id': 'srv-1' }), () => json(401, { error: { message: `Key ${KEY} is revoked` } }), leak],
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
  assert.ok(
    logger.lines.some((l) => /entry left out, data\[2\]\.task_id/.test(l)),
    logger.lines.join('\n'),
  );
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
