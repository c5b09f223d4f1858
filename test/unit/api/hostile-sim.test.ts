// The client against a hostile simulator: oversized bodies (#5), echoed keys (#10) and unsafe
// task ids (#12). Every check looks at the simulator's request log as well as the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientOptions } from '../../../src/api/client';
import { AirforceError } from '../../../src/api/http/errors';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-test-key';
const MiB = 1024 * 1024;
const sim = useSimulator({ keys: [KEY], clockSpeed: 200, taskSeconds: 40 });
const make = (opts: Partial<ClientOptions> = {}) => recordingClient(sim(), KEY, opts);

/** Every text of an error a person or a log could see. */
function texts(e: unknown): string[] {
  assert.ok(e instanceof AirforceError, String(e));
  return [e.message, e.userMessage(), String(e.apiMessage), String(e.requestId), String(e.code), e.type, String(e.param)];
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

// ---- #5 response size ----

test('#5 a 20 MiB JSON body is refused at its Content-Length: one request, a clear error, no RSS jump', async () => {
  const { client, delays, logger } = make();
  await client.listTasks(); // warm up: the first fetch loads code, which shows in RSS
  sim().requests.length = 0;
  sim().addFault({ fault: 'huge-body', match: { path: '/v1/video/tasks' }, param: 20 * MiB });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const e = await caught(client.listTasks());
  const grew = process.memoryUsage().rss - rssBefore;
  assert.ok(e instanceof AirforceError);
  assert.equal(e.code, 'response_too_large');
  assert.equal(e.type, 'invalid_response');
  assert.match(e.message, /20 MiB or more, over the 8 MiB limit/);
  assert.match(e.userMessage(), /far larger than expected/);
  assert.equal(sim().requests.length, 1, 'not retried');
  assert.deepEqual(delays, []);
  console.log(`# RSS grew ${(grew / MiB).toFixed(1)} MiB`);
  assert.ok(grew < 10 * MiB, `RSS grew ${(grew / MiB).toFixed(1)} MiB`);
  assert.ok(logger.lines.some((l) => /not read/.test(l)));
});

test('#5 a body without Content-Length is cut off at maxJsonBytes, not read to the end', async () => {
  const { client } = make({ maxJsonBytes: 256 * 1024 });
  await client.listTasks();
  sim().requests.length = 0;
  sim().addFault({ fault: 'huge-body', param: `${20 * MiB},chunked` });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const e = await caught(client.getTask('any-task'));
  const grew = process.memoryUsage().rss - rssBefore;
  assert.ok(e instanceof AirforceError && e.code === 'response_too_large', String(e));
  assert.match(e.message, /over the 256 KiB limit/);
  assert.equal(sim().requests.length, 1);
  console.log(`# RSS grew ${(grew / MiB).toFixed(1)} MiB`);
  assert.ok(grew < 10 * MiB, `RSS grew ${(grew / MiB).toFixed(1)} MiB`);
});

test('#5 a create answered with an oversized body is neither looked up nor re-sent: "probably created"', async () => {
  const { client } = make();
  sim().addFault({ fault: 'huge-body', match: { method: 'POST', path: '/v1/video/generations' }, param: 9 * MiB, times: 1 });
  const e = await caught(client.createVideo({ model: 'wan-2.6', prompt: 'flooded answer' }));
  assert.ok(e instanceof AirforceError && e.code === 'response_too_large', String(e));
  assert.match(e.message, /probably created/);
  assert.notEqual(e.type, 'network_error');
  assert.deepEqual(
    sim().requests.map((r) => `${r.method} ${r.path}`),
    ['POST /v1/video/generations'],
  );
});

// ---- #10 keys in echoed text ----

async function echoed(key: string) {
  const { client, logger } = make({ getApiKey: async () => key, maxRetries: 0 });
  sim().addFault({ fault: 'echo-key' });
  const errors = [await caught(client.listTasks()), await caught(client.getTask('vid_1'))];
  return { errors, logger, shown: [...errors.flatMap(texts), ...logger.lines] };
}

test('#10 a key with punctuation is fully redacted in the error and the log (no visible tail)', async () => {
  const key = 'sk-air-Ab3!x#Tail$9(z)~q';
  const { shown, errors } = await echoed(key);
  assert.equal(sim().requests.length, 2, 'the key did reach the (careless) server');
  for (const text of shown) {
    assert.ok(!text.includes('Tail'), `tail visible: ${text}`);
    assert.ok(!text.includes(key.slice(7)), text);
  }
  assert.match((errors[0] as AirforceError).message, /Request rejected for key sk-air-… \(simulated echo\)/);
});

test('#10 a key without the sk-air- prefix (AIRFORCE_API_KEY) is redacted too', async () => {
  const key = 'envOnlySecret_7f3a9c';
  const { shown } = await echoed(key);
  for (const text of shown) assert.ok(!text.includes('envOnlySecret'), `leaked: ${text}`);
});

test('#10 an X-Request-ID echoing the key is never logged raw: our own id is kept', async () => {
  const key = 'sk-air-header.echo_42';
  const { errors, logger } = await echoed(key);
  const sent = sim().requests.map((r) => r.requestId);
  assert.deepEqual(
    errors.map((e) => (e as AirforceError).requestId),
    sent,
  );
  for (const id of sent)
    assert.ok(
      logger.lines.some((l) => l.includes(id)),
      `request ${id} logged under our id`,
    );
  for (const line of logger.lines) assert.ok(!line.includes('header.echo_42'), line);
});

test('#10 a key with whitespace or control characters is refused before sending (AIRFORCE_API_KEY skips the input box)', async () => {
  for (const key of ['sk-air-abc\u0000def', 'sk-air-abc def', 'sk-air-abc\ndef', 'sk-air-abc\u200bdef', 'sk-air-\u007fabc']) {
    const { client, delays } = make({ getApiKey: async () => key });
    const e = await caught(client.listTasks());
    assert.ok(e instanceof AirforceError && e.code === 'unusable_api_key', `${JSON.stringify(key)}: ${String(e)}`);
    assert.match(e.userMessage(), /Set API Key/);
    assert.ok(!e.message.includes('abc'));
    assert.deepEqual(delays, [], 'not retried');
  }
  assert.equal(sim().requests.length, 0);
});

// ---- #12 task ids ----

test('#12 `..` and other unsafe task ids are refused before any request is sent', async () => {
  const { client } = make();
  const unsafe = ['..', '.', '../models', '../../v1/models', 'a/b', '%2e%2e', '.hidden', ' x', 'x y', 'x\ny', 'ü', 'a?b', 'a#b', 'a'.repeat(129)];
  const ctrl = new AbortController();
  for (const id of unsafe) {
    for (const call of [() => client.getTask(id), () => client.deleteTask(id), () => client.streamTask(id, { signal: ctrl.signal })]) {
      const e = await caught(call());
      assert.ok(e instanceof AirforceError && e.code === 'unsafe_task_id', `${JSON.stringify(id)}: ${String(e)}`);
      assert.match(e.userMessage(), /not a valid Airforce task id; nothing was sent/);
    }
  }
  const missing = await caught(client.getTask(''));
  assert.ok(missing instanceof AirforceError && missing.code === 'missing_task_id');
  assert.deepEqual(sim().requests, [], 'the simulator saw nothing');
});
