// The client against the simulator: real sockets, real resets, real server-side task state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientOptions } from '../../../src/api/client';
import { AirforceError } from '../../../src/api/http/errors';
import { ModelCatalog } from '../../../src/api/models';
import { validateVideoRequest } from '../../../src/api/rules/validation';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY], clockSpeed: 200, taskSeconds: 40 });
const make = (opts: Partial<ClientOptions> = {}) => recordingClient(sim(), KEY, { userAgent: 'airforce-media/1.2.3', ...opts });

const posts = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === '/v1/video/generations').length;
const tasksWith = (prompt: string): number => [...sim().tasks.values()].filter((t) => t.prompt === prompt).length;
const CREATE = { method: 'POST', path: '/v1/video/generations' };

test('headers reach the server: auth, user agent, our request id echoed back', async () => {
  const { client, logger } = make();
  const models = await client.listModels();
  assert.ok(models.some((m) => m.id === 'wan-2.6'));
  const entry = sim().requests[0]!;
  assert.equal(entry.headers.authorization, 'Bearer sk-air-…');
  assert.equal(entry.headers['user-agent'], 'airforce-media/1.2.3');
  assert.equal(entry.headers.accept, 'application/json');
  assert.match(entry.requestId, /^[0-9a-f-]{36}$/);
  assert.match(logger.lines[0]!, new RegExp(`^GET /v1/models 200 ${entry.requestId} \\d+ms$`));
});

test('a validated request creates one task, then list, get, stream and delete work', async () => {
  const { client } = make();
  const catalog = new ModelCatalog(client);
  const wan = (await catalog.videoModels()).find((m) => m.id === 'wan-2.6');
  const checked = validateVideoRequest({ model: 'wan-2.6', prompt: 'happy path', aspect_ratio: '16:9', seed: 5 }, wan);
  assert.ok(checked.ok);
  const task = await client.createVideo(checked.request);
  assert.equal(task.status, 'queued');
  assert.equal(task.cost_cents, 200);
  assert.equal(sim().tasks.get(task.task_id)?.extra.seed, 5);
  assert.equal((await client.getTask(task.task_id)).task_id, task.task_id);
  assert.ok((await client.listTasks()).some((t) => t.task_id === task.task_id));

  const ctrl = new AbortController();
  const res = await client.streamTask(task.task_id, { signal: ctrl.signal });
  const text = await res.text();
  assert.match(text, /event: done/);
  assert.match(text, /"status":"completed"/);
  const streamEntry = sim().requests.find((r) => r.path.endsWith('/stream'))!;
  assert.equal(streamEntry.headers.accept, 'text/event-stream');

  assert.deepEqual(await client.deleteTask(task.task_id), { deleted: true });
  assert.ok(!(await client.listTasks()).some((t) => t.task_id === task.task_id));
});

test('create retried after 429 and 503 answers: exactly one task', async () => {
  const { client, delays } = make();
  sim().addFault({ match: CREATE, fault: 'status-429', times: 1, param: 2 });
  sim().addFault({ match: CREATE, fault: 'status-503', times: 1, param: 1 });
  const task = await client.createVideo({ model: 'wan-2.6', prompt: 'retry after refusals' });
  assert.equal(posts(), 3);
  assert.equal(tasksWith('retry after refusals'), 1);
  assert.equal(sim().tasks.get(task.task_id)?.prompt, 'retry after refusals');
  assert.deepEqual(delays, [2_000, 1_000], 'Retry-After honoured');
});

test('create with retryOn429:false returns the 429 with its wait', async () => {
  const { client } = make();
  sim().addFault({ match: CREATE, fault: 'status-429', times: 1, param: 4 });
  await assert.rejects(
    client.createVideo({ model: 'wan-2.6', prompt: 'no retry 429' }, { retryOn429: false }),
    (e: unknown) => e instanceof AirforceError && e.status === 429 && e.retryAfterMs === 4_000 && /retry in 4 s/.test(e.userMessage()),
  );
  assert.equal(posts(), 1);
  assert.equal(tasksWith('no retry 429'), 0);
});

test('reset after the body: create_outcome_unknown, the task exists, not re-sent, the list not read here', async () => {
  const { client } = make();
  sim().addFault({ match: CREATE, fault: 'reset-after-body', times: 1 });
  await assert.rejects(client.createVideo({ model: 'wan-2.6', prompt: 'lost answer' }), (e: unknown) => e instanceof AirforceError && e.code === 'create_outcome_unknown');
  assert.equal(posts(), 1);
  assert.equal(tasksWith('lost answer'), 1);
  assert.ok(!sim().requests.some((r) => r.method === 'GET' && r.path === '/v1/video/tasks'), 'the tracker looks it up, not the client');
});

test('reset before the body: create_outcome_unknown, no task, no re-send', async () => {
  const { client } = make();
  sim().addFault({ match: CREATE, fault: 'reset-before-body', times: 1 });
  await assert.rejects(
    client.createVideo({ model: 'wan-2.6', prompt: 'never arrived' }),
    (e: unknown) => e instanceof AirforceError && e.code === 'create_outcome_unknown' && /Nothing was re-sent/.test(e.userMessage()),
  );
  assert.equal(posts(), 1);
  assert.equal(tasksWith('never arrived'), 0);
  assert.ok(!sim().requests.some((r) => r.method === 'GET' && r.path === '/v1/video/tasks'), 'the list is not read here');
});

test('GET retries resets and 503, honouring Retry-After', async () => {
  const { client, delays } = make();
  const created = await client.createVideo({ model: 'wan-2.6', prompt: 'poll me' });
  sim().requests.length = 0;
  const path = `/v1/video/tasks/${created.task_id}`;
  sim().addFault({ match: { method: 'GET', path }, fault: 'reset-before-body', times: 1 });
  sim().addFault({ match: { method: 'GET', path }, fault: 'status-503', times: 1, param: 3 });
  const t = await client.getTask(created.task_id);
  assert.equal(t.task_id, created.task_id);
  assert.equal(sim().requests.filter((r) => r.path === path).length, 3);
  assert.deepEqual(delays, [500, 3_000]);
});

test('no retry on 400, 401 and 404, with actionable messages', async () => {
  const { client, delays } = make();
  await assert.rejects(
    client.createVideo({ model: 'wan-2.6', prompt: 'too long', duration_seconds: 60 }),
    (e: unknown) => e instanceof AirforceError && e.status === 400 && typeof e.requestId === 'string',
  );
  await assert.rejects(client.getTask('does-not-exist'), (e: unknown) => e instanceof AirforceError && e.status === 404);
  const wrongKey = make({ getApiKey: async () => 'sk-air-wrong-key' });
  await assert.rejects(
    wrongKey.client.listTasks(),
    (e: unknown) => e instanceof AirforceError && e.status === 401 && /Set API Key/.test(e.userMessage()) && e.userMessage().includes(e.requestId!),
  );
  assert.equal(sim().requests.length, 3);
  assert.deepEqual([...delays, ...wrongKey.delays], []);
});

test('the key appears in no log line and no error message', async () => {
  const { client, logger } = make({ maxRetries: 1 });
  const messages: string[] = [];
  const keep = (e: unknown): void => {
    if (e instanceof AirforceError) messages.push(e.message, e.userMessage());
  };
  sim().addFault({ fault: 'status-503', times: 1, param: 0 });
  await client.listModels();
  sim().addFault({ match: CREATE, fault: 'reset-before-body', times: 1 });
  await client.createVideo({ model: 'wan-2.6', prompt: 'secret check' }).catch(keep);
  await client.getTask('nope').catch(keep);
  assert.ok(logger.lines.length >= 5);
  assert.ok(messages.length >= 4);
  for (const line of [...logger.lines, ...messages]) assert.ok(!line.includes(KEY) && !line.includes('test-key'), line);
});
