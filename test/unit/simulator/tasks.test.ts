// The simulator's task lifecycle, limits, list and delete, and result files, against plain fetch /
// node:http, so the client tests built on it can trust what it does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateResultBytes, fixturePath } from '../../simulator/resultBytes';
import { OTHER, sha256, withSim, api, create, createId, errorOf, waitFor, readSse, raw, completedUrl } from './helpers';

describe('task lifecycle', () => {
  it('goes queued → processing with advancing progress → completed, streamed as SSE', () =>
    withSim({ clockSpeed: 60 }, async (sim) => {
      const completed: string[] = [];
      const statuses: string[] = [];
      sim.on('completed', (t) => completed.push(t.task_id));
      sim.on('change', (t) => statuses.push(t.status));
      const id = await createId(sim);
      assert.equal(sim.tasks.get(id)?.status, 'queued', 'a worker picks it up later');
      const first = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.ok(['queued', 'processing'].includes(first.json.status as string));
      assert.equal(first.json.result_url, null);
      const { res, events, broken } = await readSse(sim, id);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(broken, false);
      const done = events.pop();
      assert.deepEqual(done, { event: 'done', data: '[DONE]' });
      const states = events.map((e) => {
        assert.equal(e.event, 'state');
        return JSON.parse(e.data) as { task_id: string; status: string; progress: number; result_url: string | null };
      });
      assert.ok(states.every((s) => s.task_id === id));
      const progress = states.map((s) => s.progress);
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        'progress never goes back',
      );
      assert.ok(new Set(progress.filter((p) => p > 0 && p < 100)).size >= 4, `several steps: ${progress.join(',')}`);
      assert.ok(states.some((s) => s.status === 'processing'));
      const last = states.at(-1);
      assert.equal(last?.status, 'completed');
      assert.equal(last?.progress, 100);
      assert.match(last?.result_url ?? '', new RegExp(`^${sim.url}/files/${id}/video\\.mp4\\?expires=\\d+&sig=[0-9a-f]{64}$`));
      assert.deepEqual(completed, [id]);
      assert.equal(statuses.at(-1), 'completed');
      assert.ok(
        statuses.slice(0, -1).every((st) => st === 'processing'),
        statuses.join(','),
      );
      const task = sim.tasks.get(id);
      assert.ok(task?.completedAtMs && task.completedAtMs >= task.createdAtMs);
    }));

  it('progress advances in steps of 5–12 % (clock stepped by hand)', () =>
    withSim({ clockSpeed: 0.001 }, async (sim) => {
      const seen: string[] = [];
      sim.on('change', (t) => seen.push(`${t.status}:${t.progress}`));
      await createId(sim);
      // Half-second steps are finer than any checkpoint, so every change is seen on its own.
      for (let i = 0; i < 100; i++) sim.advanceClock(0.5);
      assert.equal(seen[0], 'processing:0');
      assert.equal(seen.at(-1), 'completed:100');
      const progress = seen.map((e) => Number(e.split(':')[1]));
      const steps = progress.slice(1).map((p, i) => p - progress[i]);
      assert.ok(steps.length >= 8, seen.join(' '));
      assert.ok(
        steps.slice(0, -1).every((d) => d >= 5 && d <= 12),
        `steps ${steps.join(',')}`,
      );
      assert.ok(steps.at(-1)! >= 1 && steps.at(-1)! <= 12);
    }));

  it('an already-terminal task streams its state, then done', () =>
    withSim({}, async (sim) => {
      const id = await createId(sim);
      sim.completeTask(id);
      const { events } = await readSse(sim, id);
      assert.equal(events.length, 2);
      assert.equal(JSON.parse(events[0].data).status, 'completed');
      assert.deepEqual(events[1], { event: 'done', data: '[DONE]' });
    }));

  it('holdTasks keeps tasks processing until completeTask; setTaskState forces a state', () =>
    withSim({ clockSpeed: 1000 }, async (sim) => {
      sim.holdTasks(true);
      const a = await createId(sim);
      const b = await createId(sim);
      await new Promise((r) => setTimeout(r, 120)); // 120 simulated seconds: far past taskSeconds
      assert.equal(sim.tasks.get(a)?.status, 'processing');
      assert.ok((sim.tasks.get(a)?.progress ?? 100) < 100);
      sim.completeTask(a);
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${a}`)).json.status, 'completed');
      sim.setTaskState(b, { status: 'failed', error: 'boom' });
      const rb = await api(sim, 'GET', `/v1/video/tasks/${b}`);
      assert.equal(rb.json.status, 'failed');
      assert.equal(rb.json.error, 'boom');
      const c = await createId(sim);
      sim.holdTasks(false);
      await waitFor(() => sim.tasks.get(c)?.status === 'completed', 2000);
    }));

  it('tasks and their result URLs expire at expires_at on the simulated clock', () =>
    withSim({}, async (sim) => {
      const { id, url } = await completedUrl(sim);
      sim.holdTasks(true);
      const running = await createId(sim);
      assert.equal((await raw(url)).status, 200);
      sim.advanceClock(86400 + 1);
      const done = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.equal(done.json.status, 'expired');
      assert.equal(done.json.result_url, null);
      const r = await api(sim, 'GET', `/v1/video/tasks/${running}`);
      assert.equal(r.json.status, 'expired');
      assert.equal(r.json.cost_cents, 0, 'unfinished expired work is not charged');
      const file = await raw(url);
      assert.equal(file.status, 403);
      assert.equal(JSON.parse(file.body.toString()).error.code, 'url_expired');
    }));
});

describe('limits, list and delete', () => {
  it('allows 4 tasks in flight per key; the 5th gets 429 with Retry-After', () =>
    withSim({}, async (sim) => {
      sim.holdTasks(true);
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await createId(sim));
      const fifth = await create(sim);
      assert.equal(fifth.status, 429);
      const e = errorOf(fifth);
      assert.equal(e.type, 'rate_limit');
      assert.equal(e.code, 'concurrent_tasks_limit');
      const retry = Number(fifth.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry >= 1);
      assert.equal(e.retry_after, retry);
      assert.equal(sim.tasks.size, 4);
      assert.equal((await create(sim, {}, OTHER)).status, 200, 'the limit is per key');
      await api(sim, 'DELETE', `/v1/video/tasks/${ids[0]}`);
      assert.equal((await create(sim)).status, 429, 'deleting does not cancel the work');
      sim.completeTask(ids[1]);
      assert.equal((await create(sim)).status, 200);
    }));

  it('honours maxInFlight', () =>
    withSim({ maxInFlight: 1 }, async (sim) => {
      sim.holdTasks(true);
      await createId(sim);
      assert.equal((await create(sim)).status, 429);
    }));

  it('lists only the caller’s tasks, newest first; other keys get 404; delete hides a task', () =>
    withSim({}, async (sim) => {
      const a = await createId(sim, { prompt: 'one' });
      const b = await createId(sim, { prompt: 'two' });
      const theirs = await createId(sim, { prompt: 'theirs' }, OTHER);
      const list = await api(sim, 'GET', '/v1/video/tasks');
      const data = list.json.data as { task_id: string; prompt: string }[];
      assert.deepEqual(
        data.map((t) => t.task_id),
        [b, a],
      );
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}`)).status, 404);
      const nf = await api(sim, 'GET', '/v1/video/tasks/00000000-0000-0000-0000-000000000000');
      assert.equal(nf.status, 404);
      assert.equal(errorOf(nf).type, 'not_found');
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}/stream`)).status, 404);

      for (const id of [a, a, theirs, 'no-such-task']) {
        const d = await api(sim, 'DELETE', `/v1/video/tasks/${id}`);
        assert.equal(d.status, 200);
        assert.deepEqual(d.json, { deleted: true });
      }
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${a}`)).status, 404);
      const after = (await api(sim, 'GET', '/v1/video/tasks')).json.data as { task_id: string }[];
      assert.deepEqual(
        after.map((t) => t.task_id),
        [b],
      );
      assert.equal(sim.tasks.get(theirs)?.deleted, false, 'another key cannot delete it');
      assert.equal((await api(sim, 'GET', `/v1/video/tasks/${theirs}`, { key: OTHER })).status, 200);
    }));

  it('caps the list at 100', () =>
    withSim({ maxInFlight: 1000, clockSpeed: 1 }, async (sim) => {
      for (let i = 0; i < 103; i++) await createId(sim, { prompt: `p${i}` });
      const data = (await api(sim, 'GET', '/v1/video/tasks')).json.data as { prompt: string }[];
      assert.equal(data.length, 100);
      assert.equal(data[0].prompt, 'p102');
    }));
});

describe('result files', () => {
  it('serves the MP4 without a key, with length, type and ranges', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      const fixture = readFileSync(fixturePath('sample.mp4'));
      assert.ok(sim.resultBytes.equals(fixture));
      assert.equal(fixture.subarray(4, 8).toString('latin1'), 'ftyp');
      const full = await raw(url);
      assert.equal(full.status, 200);
      assert.equal(full.headers?.['content-type'], 'video/mp4');
      assert.equal(full.headers?.['content-length'], String(fixture.length));
      assert.equal(full.headers?.['accept-ranges'], 'bytes');
      assert.ok(full.body.equals(fixture));

      const part = await raw(url, { headers: { range: 'bytes=1000-' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers?.['content-range'], `bytes 1000-${fixture.length - 1}/${fixture.length}`);
      assert.equal(part.headers?.['content-length'], String(fixture.length - 1000));
      assert.ok(part.body.equals(fixture.subarray(1000)));

      const mid = await raw(url, { headers: { range: 'bytes=10-19' } });
      assert.ok(mid.body.equals(fixture.subarray(10, 20)));
      const suffix = await raw(url, { headers: { range: 'bytes=-100' } });
      assert.ok(suffix.body.equals(fixture.subarray(fixture.length - 100)));
      const beyond = await raw(url, { headers: { range: `bytes=${fixture.length}-` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers?.['content-range'], `bytes */${fixture.length}`);
      const head = await raw(url, { method: 'HEAD' });
      assert.equal(head.headers?.['content-length'], String(fixture.length));
      assert.equal(head.body.length, 0);

      const log = sim.requests.find((e) => e.path.startsWith('/files/'));
      assert.ok(log && !log.path.includes('sig='), 'the signature stays out of the log');
    }));

  it('refuses a bad signature, a tampered expiry, an unfinished task', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      const badSig = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
      assert.equal((await raw(badSig)).status, 403);
      const later = url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 1}`);
      assert.equal((await raw(later)).status, 403);
      const pending = await createId(sim);
      const early = await raw(sim.resultUrl(pending));
      assert.equal(early.status, 404);
    }));

  it('serves a generated file of resultSizeBytes, identical to generateResultBytes', () =>
    withSim({ resultSizeBytes: 3 * 1024 * 1024 + 5 }, async (sim) => {
      const { url } = await completedUrl(sim);
      const r = await raw(url);
      assert.equal(r.body.length, 3 * 1024 * 1024 + 5);
      assert.equal(sha256(r.body), sha256(generateResultBytes(3 * 1024 * 1024 + 5)));
      assert.ok(!r.body.subarray(0, 1 << 20).equals(r.body.subarray(1 << 20, 2 << 20)), 'blocks differ');
    }));
});
