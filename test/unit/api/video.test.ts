// The video endpoints over the shared transport, against the simulator: the create's never-re-send
// rule (a lost create is never looked up here: the tracker's one matcher does it), and the task calls.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateOutcomeUnknownError, AirforceError } from '../../../src/api/http/errors';
import { VideoApi } from '../../../src/api/video';
import { recordingHttp, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-video-unit-0123456789';
const CREATE = { method: 'POST', path: '/v1/video/generations' };
const sim = useSimulator({ keys: [KEY], clockSpeed: 200, taskSeconds: 40 });

function video() {
  const { http, delays, logger } = recordingHttp(sim(), KEY);
  return { api: new VideoApi(http), delays, logger };
}

const posts = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === CREATE.path).length;

describe('VideoApi', () => {
  it('create, get, list, stream and delete one task', async () => {
    const { api } = video();
    const created = await api.create({ model: 'wan-2.6', prompt: 'a heron at dawn' });
    assert.equal((await api.get(created.task_id)).task_id, created.task_id);
    assert.ok((await api.list()).some((t) => t.task_id === created.task_id));
    const ctrl = new AbortController();
    const stream = await api.stream(created.task_id, { signal: ctrl.signal });
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    ctrl.abort();
    await stream.body?.cancel().catch(() => undefined);
    assert.equal((await api.delete(created.task_id)).deleted, true);
  });

  it('a create whose answer was lost is create_outcome_unknown at once: no list read here, never re-sent', async () => {
    const { api, logger } = video();
    sim().addFault({ match: CREATE, fault: 'reset-after-body', times: 1 });
    await assert.rejects(api.create({ model: 'wan-2.6', prompt: 'lost answer' }), (e: unknown) => e instanceof CreateOutcomeUnknownError);
    assert.equal(posts(), 1);
    // The tracker looks it up (jobs/lostCreate.ts); a second lookup here would read the list twice.
    assert.equal(sim().requests.filter((r) => r.method === 'GET' && r.path === '/v1/video/tasks').length, 0);
    assert.ok(logger.lines.some((l) => /outcome unknown .*not re-sent/.test(l)));
  });

  it('a create that never arrived is create_outcome_unknown, still not re-sent', async () => {
    const { api } = video();
    sim().addFault({ match: CREATE, fault: 'reset-before-body', times: 1 });
    await assert.rejects(api.create({ model: 'wan-2.6', prompt: 'never arrived' }), (e: unknown) => e instanceof CreateOutcomeUnknownError);
    assert.equal(posts(), 1);
  });

  it('a create refused with 503 is sent again (the answer proves it was not made); a malformed one is never sent', async () => {
    const { api, delays } = video();
    sim().addFault({ match: CREATE, fault: 'status-503', times: 1, param: 1 });
    await api.create({ model: 'wan-2.6', prompt: 'second try' });
    assert.equal(posts(), 2);
    assert.equal(delays.length, 1);
    await assert.rejects(api.create({ model: '', prompt: 'x' }), (e: unknown) => e instanceof AirforceError && e.code === 'invalid_request_local');
    assert.equal(posts(), 2);
  });

  it('an unsafe task id is refused before anything is sent', async () => {
    const { api } = video();
    await assert.rejects(api.get('..'));
    assert.equal(sim().requests.length, 0);
  });
});
