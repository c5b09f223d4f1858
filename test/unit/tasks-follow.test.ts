// followTask: the progress stream first, polling as fallback and truth. Over the simulator for the
// stream faults, and over fake APIs for what a server cannot easily be made to do.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VideoTask } from '../../src/api/schemas';
import { followTask, type TaskUpdate } from '../../src/tasks/followTask';
import { clampPollInterval } from '../../src/tasks/poller';
import type { TaskApi } from '../../src/tasks/taskApi';
import type { FaultName, Simulator } from '../simulator/server';
import { arrayLogger, countingTimers, fakeStream, simClient, sse, startSim, videoRequest, waitFor } from './tasks-helpers';

const FAST = { pollIntervalMs: 20, minPollMs: 20 };

function recorder(): { updates: TaskUpdate[]; onUpdate: (u: TaskUpdate) => void; terminal(): TaskUpdate[] } {
  const updates: TaskUpdate[] = [];
  return {
    updates,
    onUpdate: (u) => updates.push(u),
    terminal: () => updates.filter((u) => ['completed', 'failed', 'expired'].includes(u.status)),
  };
}

function assertForwardOnly(updates: TaskUpdate[]): void {
  for (let i = 1; i < updates.length; i++) {
    assert.ok(updates[i].progress >= updates[i - 1].progress, `progress went back at update ${i}`);
  }
}

describe('followTask over the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSim({ clockSpeed: 200 });
  });
  after(() => sim.close());

  const requestsFor = (taskId: string): string[] =>
    sim.requests.filter((r) => r.path.includes(taskId)).map((r) => `${r.method} ${r.path.replace(taskId, 'ID')}`);

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
        assert.ok(rec.updates.some((u) => /simulated/i.test(u.streamError ?? '')), 'the error message was surfaced');
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
      assert.ok(logger.lines.some((l) => /stream stalled; falling back/.test(l.message)), 'fell back on the stall timer');
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

/** A fake API whose stream and status answers the test scripts. */
function fakeApi(opts: {
  stream?: () => Promise<Response>;
  getTask: (n: number) => Promise<VideoTask>;
}): TaskApi & { getCalls: number; streamCalls: number } {
  const api = {
    getCalls: 0,
    streamCalls: 0,
    createVideo: () => Promise.reject(new Error('unused')),
    listTasks: () => Promise.resolve([]),
    deleteTask: () => Promise.resolve({ deleted: true }),
    getTask: (_id: string) => opts.getTask(++api.getCalls),
    streamTask: (_id: string, _o: { signal: AbortSignal }) => {
      api.streamCalls++;
      return opts.stream ? opts.stream() : Promise.reject(new Error('no stream'));
    },
  };
  return api;
}

const task = (status: VideoTask['status'], progress: number, extra: Partial<VideoTask> = {}): VideoTask => ({
  task_id: 't1',
  status,
  progress,
  ...extra,
});

describe('followTask with a scripted stream', () => {
  it('delivers each event as its chunk arrives and ignores progress that goes back', async () => {
    const s = fakeStream();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('completed', 100, { result_url: 'https://x/v.mp4' })) });
    const rec = recorder();
    const following = followTask(api, 't1', { ...FAST, onUpdate: rec.onUpdate });
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 10 }));
    await waitFor(() => rec.updates.length === 1, 'the first event before the stream ends');
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 30 }));
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 20 }));
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 30 }));
    s.push(sse('state', { task_id: 't1', status: 'queued', progress: 40 }));
    s.push('event: state\ndata: {"task_id":"t1","status":"processing",');
    s.push('"progress":45}\n\n');
    s.push(sse('state', { task_id: 't1', status: 'completed', progress: 100, result_url: 'https://x/stream.mp4' }));
    const done = await following;
    assert.deepEqual(rec.updates.map((u) => u.progress), [10, 30, 45, 100]);
    assert.equal(rec.terminal().length, 1);
    // Polling is the truth: the confirming read's URL wins over the stream's.
    assert.equal(done.result_url, 'https://x/v.mp4');
    assert.equal(api.getCalls, 1);
    assert.ok(s.cancelled, 'stream body cancelled once the answer was known');
  });

  it('falls back to polling when one event exceeds maxEventBytes', async () => {
    const s = fakeStream();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('completed', 100)) });
    const logger = arrayLogger();
    const following = followTask(api, 't1', { ...FAST, maxEventBytes: 1024, logger });
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 5, pad: 'x'.repeat(2000) }));
    const done = await following;
    assert.equal(done.status, 'completed');
    assert.ok(logger.lines.some((l) => /oversize/.test(l.message)));
    assert.ok(s.cancelled);
  });

  it('falls back when an event grows past the limit without ever ending', async () => {
    const s = fakeStream();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('completed', 100)) });
    const logger = arrayLogger();
    const following = followTask(api, 't1', { ...FAST, maxEventBytes: 1024, stallTimeoutMs: 3_000, logger });
    s.push('event: state\ndata: {"pad":"');
    for (let i = 0; i < 20; i++) s.push('y'.repeat(500));
    const done = await following;
    assert.equal(done.status, 'completed');
    assert.ok(logger.lines.some((l) => /oversize/.test(l.message)));
  });

  it('lets polling win when the stream says completed but the status does not', async () => {
    const s = fakeStream();
    const answers = [task('processing', 90), task('processing', 95), task('completed', 100, { result_url: 'https://x/v.mp4' })];
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: (n) => Promise.resolve(answers[Math.min(n, 3) - 1]) });
    const rec = recorder();
    const following = followTask(api, 't1', { ...FAST, onUpdate: rec.onUpdate });
    s.push(sse('state', { task_id: 't1', status: 'completed', progress: 100 }));
    s.push(sse('done', '[DONE]'));
    const done = await following;
    assert.equal(done.status, 'completed');
    assert.equal(api.getCalls, 3);
    assert.deepEqual(rec.updates.map((u) => `${u.status}/${u.progress}`), ['processing/90', 'processing/95', 'completed/100']);
  });

  it('confirms a bare `done` with one status read', async () => {
    const s = fakeStream();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('failed', 40, { error: 'nope' })) });
    const rec = recorder();
    const following = followTask(api, 't1', { ...FAST, onUpdate: rec.onUpdate });
    s.push(sse('done', '[DONE]'));
    const done = await following;
    assert.equal(done.status, 'failed');
    assert.equal(api.getCalls, 1);
    assert.equal(rec.terminal().length, 1);
  });

  it('keeps polling through transient errors, and rejects on 401', async () => {
    const flaky = fakeApi({
      getTask: (n) =>
        n < 3 ? Promise.reject(Object.assign(new Error('upstream'), { status: 503 })) : Promise.resolve(task('completed', 100)),
    });
    assert.equal((await followTask(flaky, 't1', FAST)).status, 'completed');
    assert.equal(flaky.getCalls, 3);

    const unauthorised = fakeApi({ getTask: () => Promise.reject(Object.assign(new Error('bad key'), { status: 401 })) });
    await assert.rejects(followTask(unauthorised, 't1', FAST), /bad key/);
    assert.equal(unauthorised.getCalls, 1);
  });

  it('aborts cleanly while streaming: rejects, cancels the body, leaves no timer', async () => {
    const s = fakeStream();
    const timers = countingTimers();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('processing', 1)) });
    const ac = new AbortController();
    const following = followTask(api, 't1', { ...FAST, signal: ac.signal, timers, stallTimeoutMs: 60_000, streamCheckMs: 60_000 });
    s.push(sse('state', { task_id: 't1', status: 'processing', progress: 5 }));
    await waitFor(() => timers.active() === 2, 'the stall timer and the status-check timer');
    ac.abort();
    await assert.rejects(following, (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(timers.active(), 0);
    assert.ok(s.cancelled);
    assert.equal(api.getCalls, 0);
  });

  it('aborts cleanly while polling: no timer left behind', async () => {
    const timers = countingTimers();
    const api = fakeApi({ getTask: () => Promise.resolve(task('processing', 1)) });
    const ac = new AbortController();
    const following = followTask(api, 't1', { pollIntervalMs: 10_000, minPollMs: 10_000, signal: ac.signal, timers });
    await waitFor(() => api.getCalls === 1 && timers.active() === 1, 'the poll wait');
    ac.abort();
    await assert.rejects(following, (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(timers.active(), 0);
  });

  it('falls back when the stream is silent for stallTimeoutMs, resetting on every state change', async () => {
    const s = fakeStream();
    const api = fakeApi({ stream: () => Promise.resolve(s.response), getTask: () => Promise.resolve(task('completed', 100)) });
    const logger = arrayLogger();
    const started = Date.now();
    const following = followTask(api, 't1', { ...FAST, stallTimeoutMs: 120, streamCheckMs: 60_000, logger });
    // Chunks every 60 ms for 300 ms keep it alive past the 120 ms timeout.
    for (let i = 1; i <= 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      s.push(sse('state', { task_id: 't1', status: 'processing', progress: i }));
    }
    assert.equal(api.getCalls, 0, 'no fallback while chunks keep coming');
    const done = await following;
    assert.equal(done.status, 'completed');
    assert.ok(Date.now() - started >= 400);
    assert.ok(logger.lines.some((l) => /stalled/.test(l.message)));
    assert.ok(s.cancelled);
  });
});

describe('clampPollInterval', () => {
  it('keeps the documented 5–15 s cadence unless the floor is lowered', () => {
    assert.equal(clampPollInterval(1_000), 5_000);
    assert.equal(clampPollInterval(8_000), 8_000);
    assert.equal(clampPollInterval(60_000), 15_000);
    assert.equal(clampPollInterval(Number.NaN), 5_000);
    assert.equal(clampPollInterval(20, 20), 20);
    assert.equal(clampPollInterval(5, 20), 20);
  });
});
