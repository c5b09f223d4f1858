// TaskTracker over the simulator and the real client: queueing under the per-key limit, 429s,
// refused requests and delete.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JobRecord } from '../../../src/jobs/types';
import { memoryStore, simClient, videoRequest, waitFor } from './helpers';
import { useTrackerSuite } from './tracker-helpers';
import { jobViewOf } from '../../../src/generate/jobViewData';

const { sim, tracker, serverActive, posts } = useTrackerSuite();

describe('TaskTracker', () => {
  it('runs six quick submissions with never more than 4 in flight, and completes them all', async () => {
    const before = sim().requests.length;
    const existing = new Set(sim().tasks.keys());
    const t = tracker(memoryStore());
    await t.restore();
    let trackerMax = 0;
    let serverMax = 0;
    const sample = (): void => {
      trackerMax = Math.max(trackerMax, t.inFlight());
      serverMax = Math.max(serverMax, serverActive());
    };
    t.onDidChange(sample);
    sim().on('change', sample);
    const submitted = Array.from({ length: 6 }, (_, i) => t.submit(videoRequest(`burst ${i}`), { inputImageSources: [] }));
    assert.equal(t.inFlight(), 4);
    assert.equal(t.waiting(), 2);
    assert.equal(t.records().filter((r) => r.status === 'waiting').length, 6);
    const ids = await Promise.all(submitted.map((s) => s.taskId));
    await waitFor(() => t.records().every((r) => r.status === 'completed'), 'all six completed', 6_000);
    sim().off('change', sample);
    assert.equal(new Set(ids).size, 6);
    assert.ok(trackerMax <= 4, `tracker saw ${trackerMax} in flight`);
    assert.ok(serverMax <= 4, `server saw ${serverMax} in flight`);
    assert.equal(trackerMax, 4);
    assert.equal(
      sim()
        .requests.slice(before)
        .filter((r) => r.status === 429).length,
      0,
    );
    assert.equal(posts(before), 6);
    assert.equal([...sim().tasks.keys()].filter((k) => !existing.has(k)).length, 6);
    assert.equal(t.inFlight(), 0);
    for (const s of submitted) assert.equal(t.get(s.localId)?.taskId, await s.taskId);
  });

  it('seeds the in-flight count from tasks created elsewhere', async () => {
    sim().holdTasks(true);
    const outside = simClient(sim());
    const external = await Promise.all([1, 2, 3].map((i) => outside.createVideo(videoRequest(`elsewhere ${i}`))));
    const before = sim().requests.length;
    const t = tracker(memoryStore());
    await t.restore();
    assert.equal(t.inFlight(), 3);
    const a = t.submit(videoRequest('mine 1'), { inputImageSources: [] });
    t.submit(videoRequest('mine 2'), { inputImageSources: [] });
    await a.taskId;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(posts(before), 1, 'the second waits for a slot');
    assert.equal(t.waiting(), 1);
    sim().holdTasks(false);
    await waitFor(
      () =>
        t
          .records()
          .filter((r) => r.prompt.startsWith('mine'))
          .every((r) => r.status === 'completed'),
      'mine completed',
      6_000,
    );
    assert.equal(posts(before), 2);
    assert.equal(
      sim()
        .requests.slice(before)
        .filter((r) => r.status === 429).length,
      0,
    );
    for (const e of external) assert.equal(t.get(e.task_id)?.status, 'completed', 'external tasks followed too');
  });

  it('re-queues a create refused with 429 and creates exactly one task', async () => {
    const before = sim().requests.length;
    const tasksBefore = sim().tasks.size;
    sim().addFault({ fault: 'status-429', param: 0, times: 1, match: { method: 'POST', path: '/v1/video/generations' } });
    const t = tracker(memoryStore());
    const s = t.submit(videoRequest('throttled'), { inputImageSources: [] });
    const taskId = await s.taskId;
    await waitFor(() => t.get(s.localId)?.status === 'completed', 'completion');
    assert.equal(posts(before), 2);
    assert.deepEqual(
      sim()
        .requests.slice(before)
        .filter((r) => r.method === 'POST')
        .map((r) => r.status),
      [429, 200],
    );
    assert.equal(sim().tasks.size, tasksBefore + 1);
    assert.ok(sim().tasks.has(taskId));
  });

  it('fails a request the server refuses, with its message and request id', async () => {
    const t = tracker(memoryStore());
    const s = t.submit(videoRequest('bad model', { model: 'no-such-model' }), { inputImageSources: [] });
    await assert.rejects(s.taskId, (e: unknown) => (e as { status?: number }).status !== undefined);
    const r = t.get(s.localId);
    assert.equal(r?.status, 'failed');
    assert.ok(r?.error && r.error.length > 0);
    assert.match(r?.requestId ?? '', /.+/);
    assert.equal(t.inFlight(), 0);
  });

  it('delete sends DELETE and removes the record; a waiting one is just dropped', async () => {
    const t = tracker(memoryStore(), { maxInFlight: 1 });
    sim().holdTasks(true);
    const a = t.submit(videoRequest('to delete'), { inputImageSources: [] });
    const b = t.submit(videoRequest('never sent'), { inputImageSources: [] });
    const id = await a.taskId;
    const before = sim().requests.length;
    await t.delete(b.localId);
    await assert.rejects(b.taskId);
    assert.equal(t.get(b.localId), undefined);
    assert.equal(sim().requests.length, before, 'no request for a waiting entry');
    let lastEvent: JobRecord | undefined | 'none' = 'none';
    t.onDidChange((r) => (lastEvent = r));
    await t.delete(id);
    assert.deepEqual(
      sim()
        .requests.slice(before)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path} ${r.status}`),
      [`DELETE /v1/video/tasks/${id} 200`],
    );
    assert.equal(t.get(id), undefined);
    assert.equal(lastEvent, undefined);
    assert.equal(sim().tasks.get(id)?.deleted, true);
    assert.equal(t.inFlight(), 0);
  });
  it('fh#5 a video waiting in the local queue carries the estimate it was submitted with', async () => {
    const t = tracker(memoryStore(), { maxInFlight: 1 });
    sim().holdTasks(true);
    const a = t.submit(videoRequest('sent first'), { inputImageSources: [], estimateCents: 40 });
    const b = t.submit(videoRequest('waits for a slot'), { inputImageSources: [], estimateCents: 40 });
    await a.taskId;
    const waiting = t.get(b.localId)!;
    assert.equal(waiting.status, 'waiting');
    assert.equal(waiting.costCents, 40, 'not "Cost —" while it waits: the price the person was shown');
    // The panel's task view is told the same figure.
    assert.equal(jobViewOf(waiting, undefined).costCents, 40);
    await t.delete(b.localId);
    await assert.rejects(b.taskId);
    await t.delete(await a.taskId);
    sim().holdTasks(false);
  });
});
