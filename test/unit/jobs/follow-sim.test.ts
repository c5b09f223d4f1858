// followTask over the simulator: the progress stream first, polling as fallback and truth, through
// every stream fault the simulator can make.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { followTask } from '../../../src/jobs/video/followTask';
import type { FaultName, Simulator } from '../../simulator/server';
import { arrayLogger, simClient, startSim, videoRequest, waitFor } from './helpers';
import { assertForwardOnly, FAST, recorder } from './follow-helpers';

describe('followTask over the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSim({ clockSpeed: 200 });
  });
  after(() => sim.close());

  const requestsFor = (taskId: string): string[] => sim.requests.filter((r) => r.path.includes(taskId)).map((r) => `${r.method} ${r.path.replace(taskId, 'ID')}`);

  it('follows the stream and confirms completion with a single status read', async () => {
    const api = simClient(sim);
    const created = await api.createVideo(videoRequest('happy path'));
    const rec = recorder();
    // Status checks beside the stream set far apart: this counts the happy path's requests.
    const done = await followTask(api, created.task_id, { ...FAST, streamCheckMs: 60_000, onUpdate: rec.onUpdate });
    assert.equal(done.status, 'completed');
    assert.match(done.result_url ?? '', /\/files\/.+\/video\.mp4\?/);
    assert.equal(rec.terminal().length, 1);
    assert.equal(rec.updates.at(-1)?.status, 'completed');
    assert.equal(rec.updates.at(-1)?.result_url, done.result_url);
    assert.ok(rec.updates.some((u) => u.status === 'processing' && u.progress > 0 && u.progress < 100));
    assertForwardOnly(rec.updates);
    // create + stream + one status read: room for the download within the 4-request budget.
    assert.deepEqual(requestsFor(created.task_id), ['GET /v1/video/tasks/ID/stream', 'GET /v1/video/tasks/ID']);
  });

  const faults: { fault: FaultName; param?: number; stallTimeoutMs?: number; reason: RegExp }[] = [
    { fault: 'stream-cut', param: 2, reason: /broken|ended-without-done/ },
    { fault: 'stream-malformed', reason: /malformed/ },
    { fault: 'stream-no-done', param: 2, reason: /ended-without-done/ },
    { fault: 'stream-error-event', param: 1, reason: /error-event/ },
    { fault: 'stream-stall', param: 1, stallTimeoutMs: 150, reason: /stalled/ },
  ];
  for (const f of faults) {
    it(`falls back to polling on ${f.fault} and reports completion once`, async () => {
      const api = simClient(sim);
      sim.holdTasks(true); // the task must outlive the stream's failure, or there is nothing to poll for
      const created = await api.createVideo(videoRequest(`fault ${f.fault}`));
      sim.addFault({ fault: f.fault, param: f.param, times: 1, match: { path: `/v1/video/tasks/${created.task_id}/stream` } });
      const logger = arrayLogger();
      const rec = recorder();
      const started = Date.now();
      const following = followTask(api, created.task_id, {
        ...FAST,
        stallTimeoutMs: f.stallTimeoutMs ?? 5_000,
        onUpdate: rec.onUpdate,
        logger,
      });
      await waitFor(() => logger.lines.some((l) => /falling back to polling/.test(l.message)), 'the fallback');
      sim.holdTasks(false);
      const done = await following;
      assert.equal(done.status, 'completed');
      assert.equal(rec.terminal().length, 1);
      assertForwardOnly(rec.updates);
      const fallback = logger.lines.find((l) => /falling back/.test(l.message));
      assert.match(fallback?.message ?? '', f.reason);
      const polls = requestsFor(created.task_id).filter((r) => r === 'GET /v1/video/tasks/ID');
      assert.ok(polls.length >= 1, 'polled the status endpoint');
      assert.equal(requestsFor(created.task_id).filter((r) => r.endsWith('/stream')).length, 1, 'stream opened once');
      if (f.stallTimeoutMs !== undefined) assert.ok(Date.now() - started >= f.stallTimeoutMs);
      if (f.fault === 'stream-error-event') {
        assert.ok(
          rec.updates.some((u) => /simulated/i.test(u.streamError ?? '')),
          'the error message was surfaced',
        );
      }
    });
  }

  /** Settles with the follow, or rejects after `ms` (a task left "processing" forever must fail the test, not hang it). */
  const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms).unref())]);

  for (const fault of ['stream-keepalive-only', 'stream-unknown-events'] as const) {
    const label = fault === 'stream-keepalive-only' ? 'keep-alive-only' : 'unknown-events';
    it(`#3 ${label} stream completes: the status is read while the stream is open`, async () => {
      const api = simClient(sim);
      const created = await api.createVideo(videoRequest(`#3 ${fault}`));
      sim.addFault({ fault, param: 1, times: 1, match: { path: `/v1/video/tasks/${created.task_id}/stream` } });
      const rec = recorder();
      const ac = new AbortController();
      // The stall timeout is far off: only the status checks beside the stream can see the end.
      const following = followTask(api, created.task_id, {
        ...FAST,
        signal: ac.signal,
        stallTimeoutMs: 60_000,
        streamCheckMs: 100,
        onUpdate: rec.onUpdate,
      });
      try {
        const done = await within(following, 3_000, fault);
        assert.equal(done.status, 'completed');
        assert.match(done.result_url ?? '', /\/files\//);
        assert.equal(rec.terminal().length, 1, 'completion reported once');
        assert.equal(requestsFor(created.task_id).filter((r) => r.endsWith('/stream')).length, 1, 'stream opened once');
      } finally {
        ac.abort();
      }
    });
  }

  it('#3 keep-alives and repeated states do not re-arm the no-state-change timer', async () => {
    const api = simClient(sim);
    const created = await api.createVideo(videoRequest('#3 stall despite keep-alives'));
    sim.addFault({ fault: 'stream-unknown-events', param: 1, times: 1, match: { path: `/v1/video/tasks/${created.task_id}/stream` } });
    const logger = arrayLogger();
    const ac = new AbortController();
    const following = followTask(api, created.task_id, { ...FAST, signal: ac.signal, stallTimeoutMs: 150, streamCheckMs: 60_000, logger });
    try {
      const done = await within(following, 3_000, 'stall fallback');
      assert.equal(done.status, 'completed');
      assert.ok(
        logger.lines.some((l) => /stream stalled; falling back/.test(l.message)),
        'fell back on the stall timer',
      );
    } finally {
      ac.abort();
    }
  });

  it('reports a failed task as failed, with its message, once', async () => {
    const api = simClient(sim);
    sim.addFault({ fault: 'task-fail', times: 1, match: { method: 'POST', path: '/v1/video/generations' } });
    const created = await api.createVideo(videoRequest('doomed'));
    const rec = recorder();
    const done = await followTask(api, created.task_id, { ...FAST, onUpdate: rec.onUpdate });
    assert.equal(done.status, 'failed');
    assert.ok(done.error && done.error.length > 0);
    assert.equal(rec.terminal().length, 1);
    assert.equal(rec.terminal()[0].error, done.error);
  });

  it('rejects with the 404 when the task belongs to nobody we know', async () => {
    const api = simClient(sim);
    await assert.rejects(followTask(api, 'no-such-task', FAST), (e: unknown) => (e as { status?: number }).status === 404);
  });
});
