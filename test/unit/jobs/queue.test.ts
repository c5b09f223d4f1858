// SubmitQueue on its own: the in-flight limit, FIFO order, 429 re-queueing at the head, seeding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import { SubmitQueue } from '../../../src/jobs/video/queue';
import { countingTimers, waitFor } from './helpers';

interface Pending {
  localId: string;
  resolve(task: VideoTask): void;
  reject(err: unknown): void;
}

function harness(opts: { max?: number } = {}) {
  const calls: Pending[] = [];
  const created: string[] = [];
  const failed: string[] = [];
  const limited: number[] = [];
  const timers = countingTimers();
  let maxSeen = 0;
  const queue: SubmitQueue = new SubmitQueue({
    maxInFlight: opts.max ?? 2,
    backoffMs: 30,
    minRetryMs: 10,
    timers,
    create: (localId) =>
      new Promise<VideoTask>((resolve, reject) => {
        calls.push({ localId, resolve, reject });
      }),
    onCreated: (localId) => created.push(localId),
    onFailed: (localId) => failed.push(localId),
    onRateLimited: (_id, ms) => limited.push(ms),
    onChange: () => {
      maxSeen = Math.max(maxSeen, queue.inFlight());
    },
  });
  const accept = (i: number, taskId: string): void => calls[i].resolve({ task_id: taskId, status: 'queued', progress: 0 });
  return { queue, calls, created, failed, limited, timers, accept, maxSeen: () => maxSeen };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SubmitQueue', () => {
  it('never sends more than maxInFlight and starts the next as a slot frees', async () => {
    const h = harness({ max: 2 });
    for (const id of ['a', 'b', 'c', 'd']) h.queue.enqueue(id);
    assert.deepEqual(
      h.calls.map((c) => c.localId),
      ['a', 'b'],
    );
    assert.equal(h.queue.inFlight(), 2);
    assert.equal(h.queue.waiting(), 2);
    h.accept(0, 'ta');
    h.accept(1, 'tb');
    await tick();
    assert.equal(h.calls.length, 2, 'created tasks still hold their slots');
    h.queue.release('ta');
    assert.deepEqual(
      h.calls.map((c) => c.localId),
      ['a', 'b', 'c'],
    );
    h.queue.release('tb');
    h.queue.release('tb'); // a double release frees nothing more
    assert.deepEqual(
      h.calls.map((c) => c.localId),
      ['a', 'b', 'c', 'd'],
    );
    assert.ok(h.maxSeen() <= 2);
    assert.deepEqual(h.created, ['a', 'b']);
  });

  it('puts a 429 back at the head, waits Retry-After, keeps FIFO order', async () => {
    const h = harness({ max: 2 });
    for (const id of ['a', 'b', 'c']) h.queue.enqueue(id);
    h.calls[1].reject(Object.assign(new Error('limit'), { status: 429, retryAfterMs: 40 }));
    h.calls[0].reject(Object.assign(new Error('limit'), { status: 429 }));
    await tick();
    assert.deepEqual([...h.queue.waitingIds()], ['a', 'b', 'c'], 'both back, in submission order, ahead of c');
    assert.equal(h.queue.inFlight(), 0);
    assert.equal(h.calls.length, 2, 'nothing re-sent before the wait');
    assert.equal(h.timers.active(), 1);
    await waitFor(() => h.calls.length === 4, 'the retry');
    assert.deepEqual(
      h.calls.slice(2).map((c) => c.localId),
      ['a', 'b'],
    );
    assert.equal(h.limited.length, 2);
    assert.ok(h.limited[1] >= 30, 'backoff without Retry-After');
    assert.deepEqual(h.failed, []);
  });

  it('fails a request on other errors and moves on', async () => {
    const h = harness({ max: 1 });
    h.queue.enqueue('a');
    h.queue.enqueue('b');
    h.calls[0].reject(Object.assign(new Error('bad'), { status: 400 }));
    await tick();
    assert.deepEqual(h.failed, ['a']);
    assert.deepEqual(
      h.calls.map((c) => c.localId),
      ['a', 'b'],
    );
  });

  it('counts seeded server tasks, holds while paused, and removes waiting entries', async () => {
    const h = harness({ max: 2 });
    h.queue.pause();
    h.queue.enqueue('a');
    h.queue.enqueue('b');
    assert.equal(h.calls.length, 0);
    h.queue.seed(['x']);
    assert.equal(h.calls.length, 0, 'paused');
    h.queue.resume();
    assert.deepEqual(
      h.calls.map((c) => c.localId),
      ['a'],
      'one slot left beside the seeded task',
    );
    assert.equal(h.queue.remove('b'), true);
    assert.equal(h.queue.remove('a'), false, 'already sent');
    h.queue.release('x');
    assert.equal(h.calls.length, 1);
    assert.deepEqual(h.queue.dispose(), []);
    assert.equal(h.timers.active(), 0);
  });
});
