// Issue 7 #4: a 429 that won't clear. Every wait has a floor and grows; a waiting record says why
// and since when; the 4-task limit waits for a slot; a daily cap or an exhausted balance stops
// that request with a clear, retryable error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SubmitQueue } from '../../../src/jobs/video/queue';
import { classify429 } from '../../../src/jobs/video/rateLimit';
import { TaskTracker, type TaskTrackerDeps } from '../../../src/jobs/tracker';
import { memoryStore, simClient, useTrackerSim, videoRequest, waitFor } from './helpers';

const { sim, tracker: simTracker } = useTrackerSim({ clockSpeed: 200 });

// The 1 s floor applies whatever rateLimitBackoffMs says.
const tracker = (over: Partial<TaskTrackerDeps> = {}): TaskTracker => simTracker(memoryStore(), { rateLimitBackoffMs: 50, ...over });

const POST = { method: 'POST', path: '/v1/video/generations' };
const postsSince = (i: number): number =>
  sim()
    .requests.slice(i)
    .filter((r) => r.method === POST.method && r.path === POST.path).length;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Settles with `p`, or rejects after `ms`: a request left waiting forever must fail the test, not hang it. */
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms).unref())]);

describe('#4 rate limits on create', () => {
  it('#4 Retry-After: 0 does not cause a burst; the record shows waitReason and waitingSince', async () => {
    sim().addFault({ fault: 'status-429', param: 0, match: POST }); // Retry-After: 0 and retry_after: 0, every time
    const before = sim().requests.length;
    const t = tracker();
    const startedSec = Math.floor(Date.now() / 1000);
    const s = t.submit(videoRequest('throttled hard'), { inputImageSources: [] });
    await sleep(1_600);
    const sent = postsSince(before);
    assert.ok(sent >= 2 && sent <= 3, `${sent} POSTs in 1.6 s (a 1 s floor, then 2 s)`);
    const r = t.get(s.localId);
    assert.equal(r?.status, 'waiting');
    assert.match(r?.waitReason ?? '', /Rate limited by the API: next try at \d\d:\d\d:\d\d/);
    assert.ok(typeof r?.waitingSince === 'number' && r.waitingSince >= startedSec && r.waitingSince <= startedSec + 2);
  });

  for (const cap of [
    { param: undefined, words: /daily request cap/i },
    { param: 'balance', words: /balance exhausted/i },
  ]) {
    const name = cap.param === 'balance' ? 'balance exhausted' : 'daily cap';
    it(`#4 ${name}: failed, retryable, a clear error, no further POSTs; sendAgain then sends it`, async () => {
      sim().addFault({ fault: 'rate-cap', param: cap.param, match: POST });
      const before = sim().requests.length;
      const t = tracker();
      const s = t.submit(videoRequest(`refused: ${name}`), { inputImageSources: [] });
      await assert.rejects(within(s.taskId, 2_000, 'the refused create'), (e: unknown) => (e as { status?: number }).status === 429);
      const r = t.get(s.localId);
      assert.equal(r?.status, 'failed');
      assert.equal(r?.retryable, true);
      assert.match(r?.error ?? '', cap.words);
      assert.match(r?.error ?? '', /Nothing was created/);
      assert.match(r?.error ?? '', /Try again/);
      assert.equal(r?.waitReason, undefined);
      await sleep(1_200);
      assert.equal(postsSince(before), 1, 'the refused request is not sent again on its own');
      assert.equal(t.waiting(), 0);
      sim().clearFaults();
      const taskId = await t.sendAgain(s.localId);
      assert.equal(postsSince(before), 2);
      await waitFor(() => t.get(s.localId)?.status === 'completed', 'completion after Try again');
      assert.equal(t.get(s.localId)?.taskId, taskId);
      assert.equal(t.get(s.localId)?.retryable, undefined);
    });
  }

  it('#4 the 4-task limit (tasks started elsewhere) waits for a slot, then goes on', async () => {
    sim().holdTasks(true);
    const t = tracker();
    await t.restore(); // sees no tasks: the four below start after it looked
    const outside = simClient(sim());
    const others = await Promise.all([1, 2, 3, 4].map((i) => outside.createVideo(videoRequest(`elsewhere ${i}`))));
    const before = sim().requests.length;
    const s = t.submit(videoRequest('needs a slot'), { inputImageSources: [] });
    await waitFor(() => t.get(s.localId)?.waitReason !== undefined, 'the wait reason');
    assert.equal(t.get(s.localId)?.status, 'waiting');
    assert.match(t.get(s.localId)?.waitReason ?? '', /4 videos at a time/);
    assert.equal(
      sim()
        .requests.slice(before)
        .filter((r) => r.status === 429).length,
      1,
    );
    sim().completeTask(others[0].task_id);
    const taskId = await within(s.taskId, 3_000, 'the create after a slot freed');
    assert.equal(t.get(s.localId)?.waitReason, undefined, 'cleared once sent');
    assert.ok(postsSince(before) <= 3, `${postsSince(before)} POSTs`);
    assert.ok(sim().tasks.has(taskId));
  });

  it('#4 a queue wait after Retry-After: 0 has a 1 s floor and grows (queue alone)', async () => {
    const calls: number[] = [];
    const delays: number[] = [];
    const queue = new SubmitQueue({
      maxInFlight: 1,
      backoffMs: 10,
      create: () => {
        calls.push(Date.now());
        return Promise.reject(Object.assign(new Error('slow down'), { status: 429, retryAfterMs: 0 }));
      },
      onCreated: () => undefined,
      onFailed: () => undefined,
      onRateLimited: (_id, ms) => delays.push(ms),
    });
    queue.enqueue('a');
    await sleep(1_300);
    queue.dispose();
    assert.deepEqual(delays, [1_000, 2_000]);
    assert.equal(calls.length, 2);
  });

  it('#4 classifies 429s by code, then by the words of the message', () => {
    const e = (code: string | undefined, apiMessage: string): unknown => ({ status: 429, code, apiMessage, message: apiMessage });
    assert.equal(classify429(e('concurrent_tasks_limit', 'Too many video tasks in flight')), 'slots');
    assert.equal(classify429(e(undefined, 'Too many video tasks in flight (limit 4 per key).')), 'slots');
    assert.equal(classify429(e('daily_cap_reached', 'whatever')), 'hard');
    assert.equal(classify429(e('balance_exhausted', '')), 'hard');
    assert.equal(classify429(e('rate_limit', 'Your credit balance is too low')), 'hard');
    assert.equal(classify429(e(undefined, 'Monthly quota exceeded')), 'hard');
    assert.equal(classify429(e('rate_limited', 'Rate limit reached (simulated).')), 'throttle');
    assert.equal(classify429({ status: 429 }), 'throttle');
  });
});
