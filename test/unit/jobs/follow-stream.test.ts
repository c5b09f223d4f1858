// followTask over fake APIs, for what a server cannot easily be made to do: chunked and oversize
// events, polling winning over the stream, transient errors, aborts, the stall timer; and the poll clamp.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { followTask } from '../../../src/jobs/video/followTask';
import { clampPollInterval } from '../../../src/jobs/video/poller';
import { arrayLogger, countingTimers, fakeStream, sse, waitFor } from './helpers';
import { FAST, fakeApi, recorder, task } from './follow-helpers';

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
    assert.deepEqual(
      rec.updates.map((u) => u.progress),
      [10, 30, 45, 100],
    );
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
    assert.deepEqual(
      rec.updates.map((u) => `${u.status}/${u.progress}`),
      ['processing/90', 'processing/95', 'completed/100'],
    );
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
      getTask: (n) => (n < 3 ? Promise.reject(Object.assign(new Error('upstream'), { status: 503 })) : Promise.resolve(task('completed', 100))),
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
