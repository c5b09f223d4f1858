// The transport on its own: its bytes reader against the simulator's result-file route, and the
// retry rule every endpoint shares (a POST is never re-sent after a network failure).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceError } from '../../../src/api/http/errors';
import type { HttpOptions } from '../../../src/api/http/http';
import { VideoTaskSchema } from '../../../src/api/schemas/schemas';
import { completedTaskId, recordingHttp, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-http-unit-0123456789';
const sim = useSimulator({ keys: [KEY], clockSpeed: 200, taskSeconds: 40, resultBytes: Buffer.from('0123456789abcdef'.repeat(64)) });

function http(opts: Partial<HttpOptions> = {}) {
  const { http: h, delays, logger } = recordingHttp(sim(), KEY, opts);
  return { h, delays, logger };
}

/** The path and query of the task's signed result URL, as the transport joins it to the base. */
async function resultPath(prompt: string): Promise<string> {
  const url = new URL(sim().resultUrl(await completedTaskId(sim(), KEY, prompt)));
  return `${url.pathname}${url.search}`;
}

describe('Http', () => {
  it('bytes: a 2xx binary body is handed over unread, identical to what the server sent, with the request id', async () => {
    const { h } = http();
    const { response, requestId } = await h.bytes({ method: 'GET', path: await resultPath('bytes ok') });
    assert.equal(response.bodyUsed, false);
    const got = Buffer.from(await response.arrayBuffer());
    assert.ok(got.equals(sim().resultBytes), 'same bytes as served');
    const entry = sim().requests.find((r) => r.path.startsWith('/files/'));
    assert.equal(entry?.headers['accept'], '*/*');
    assert.equal(requestId, entry?.requestId);
  });

  it('bytes: an error status is an AirforceError read from the envelope, not a body to save', async () => {
    const { h, delays } = http();
    const path = await resultPath('bytes expired');
    sim().addFault({ match: { path: '/files/*' }, fault: 'url-expired' });
    await assert.rejects(h.bytes({ method: 'GET', path }), (e: unknown) => e instanceof AirforceError && e.status === 403);
    assert.deepEqual(delays, [], '403 is not retried');
  });

  it('bytes: a 503 is retried like any read', async () => {
    const { h, delays } = http();
    const path = await resultPath('bytes 503');
    sim().addFault({ match: { path: '/files/*' }, fault: 'status-503', times: 1 });
    const { response } = await h.bytes({ method: 'GET', path });
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(sim().resultBytes));
    assert.equal(delays.length, 1);
  });

  it('a POST whose connection dropped is not re-sent; a GET is', async () => {
    const { h } = http();
    sim().addFault({ match: { method: 'POST', path: '/v1/video/generations' }, fault: 'reset-before-body', times: 1 });
    const body = JSON.stringify({ model: 'wan-2.6', prompt: 'never twice' });
    await assert.rejects(
      h.json({ method: 'POST', path: '/v1/video/generations', body }, VideoTaskSchema),
      (e: unknown) => e instanceof AirforceError && e.type === 'network_error',
    );
    assert.equal(sim().requests.filter((r) => r.method === 'POST').length, 1, 'one POST only');

    const id = await completedTaskId(sim(), KEY, 'read twice');
    sim().addFault({ match: { method: 'GET', path: `/v1/video/tasks/${id}` }, fault: 'reset-before-body', times: 1 });
    const task = await h.json({ method: 'GET', path: `/v1/video/tasks/${id}` }, VideoTaskSchema);
    assert.equal(task.task_id, id);
    assert.equal(sim().requests.filter((r) => r.path === `/v1/video/tasks/${id}`).length, 2);
  });

  it('redact scrubs every key the transport has used', async () => {
    const { h } = http();
    await h.bytes({ method: 'GET', path: await resultPath('redact') });
    assert.equal(h.redact(`echo ${KEY} back`).includes(KEY), false);
  });
});
