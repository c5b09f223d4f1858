// Every simulator fault, its request log and close(), against plain fetch / node:http, so the client
// tests built on it can trust what it does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSimulator } from '../../simulator/server';
import { KEY, CREATE, withSim, api, create, createId, errorOf, waitFor, readSse, raw, completedUrl } from './helpers';

describe('faults', () => {
  it('status-429 / status-503 answer with Retry-After for `times` requests', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'status-429', times: 1, param: 2 });
      sim.addFault({ match: { path: '/v1/video/*' }, fault: 'status-503', times: 2, param: 3 });
      const a = await create(sim);
      assert.equal(a.status, 429);
      assert.equal(a.headers.get('retry-after'), '2');
      assert.equal(errorOf(a).retry_after, 2);
      assert.equal(errorOf(a).type, 'rate_limit');
      const b = await create(sim);
      assert.equal(b.status, 503);
      assert.equal(errorOf(b).type, 'upstream_error');
      assert.equal(b.headers.get('retry-after'), '3');
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 200, 'path match respected');
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 503);
      assert.equal((await create(sim)).status, 200);
      assert.equal(sim.tasks.size, 1);
      assert.deepEqual(
        sim.requests.map((e) => e.fault ?? null),
        ['status-429', 'status-503', null, 'status-503', null],
      );
    }));

  it('reset-before-body drops the connection and creates nothing', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'reset-before-body', times: 1 });
      const r = await raw(sim.url + '/v1/video/generations', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'wan-2.6', prompt: 'x' }),
      });
      assert.ok(r.error, 'the request failed');
      assert.equal(r.status, undefined);
      await waitFor(() => sim.requests.length === 1);
      assert.equal(sim.requests[0].status, 0);
      assert.equal(sim.requests[0].fault, 'reset-before-body');
      assert.equal(sim.tasks.size, 0);
      assert.equal((await create(sim)).status, 200, 'times: 1');
    }));

  it('reset-after-body creates the task, then drops the connection unanswered', () =>
    withSim({}, async (sim) => {
      sim.addFault({ match: CREATE, fault: 'reset-after-body', times: 1 });
      await assert.rejects(create(sim));
      assert.equal(sim.tasks.size, 1);
      const list = (await api(sim, 'GET', '/v1/video/tasks')).json.data as unknown[];
      assert.equal(list.length, 1, 'the client can find it in the list');
    }));

  it('stream-cut breaks the stream after N events', () =>
    withSim({ clockSpeed: 100 }, async (sim) => {
      sim.addFault({ fault: 'stream-cut', param: 2, times: 1 });
      const id = await createId(sim);
      const cut = await readSse(sim, id);
      assert.equal(cut.broken, true);
      assert.equal(cut.events.length, 2);
      assert.ok(cut.events.every((e) => e.event === 'state'));
      const again = await readSse(sim, id);
      assert.equal(again.broken, false, 'times: 1');
      assert.equal(again.events.at(-1)?.event, 'done');
    }));

  it('stream-stall sends nothing more but keeps the socket open', () =>
    withSim({ clockSpeed: 400, sseKeepAliveMs: 20 }, async (sim) => {
      sim.addFault({ fault: 'stream-stall' });
      const id = await createId(sim);
      const r = await readSse(sim, id, { stopAfterMs: 250 });
      assert.equal(r.aborted, true, 'still open when the client gave up');
      assert.equal(r.events.length, 1);
      assert.ok(!r.text.includes(': keep-alive'), 'not even keep-alives');
      assert.equal(sim.tasks.get(id)?.status, 'completed', 'the task finished meanwhile');
    }));

  it('sends keep-alive comments on a quiet stream', () =>
    withSim({ sseKeepAliveMs: 20 }, async (sim) => {
      sim.holdTasks(true);
      const id = await createId(sim);
      await waitFor(() => (sim.tasks.get(id)?.progress ?? 0) > 50);
      const r = await readSse(sim, id, { stopAfterMs: 120 });
      assert.ok(r.text.includes(': keep-alive\n\n'));
    }));

  it('stream-malformed slips in an unparsable event, then continues', () =>
    withSim({ clockSpeed: 200 }, async (sim) => {
      sim.addFault({ fault: 'stream-malformed', times: 1 });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      const bad = r.events.filter((e) => {
        try {
          JSON.parse(e.data);
          return false;
        } catch {
          return e.data !== '[DONE]';
        }
      });
      assert.equal(bad.length, 1);
      assert.equal(r.events.at(-1)?.event, 'done');
    }));

  it('stream-no-done ends cleanly without the done event', () =>
    withSim({ clockSpeed: 400 }, async (sim) => {
      sim.addFault({ fault: 'stream-no-done', times: 1 });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      assert.equal(r.broken, false);
      assert.ok(r.events.length >= 1);
      assert.ok(r.events.every((e) => e.event === 'state'));
      assert.equal(JSON.parse(r.events.at(-1)!.data).status, 'completed');
      sim.addFault({ fault: 'stream-no-done', param: 1, times: 1 });
      const early = await readSse(sim, await createId(sim));
      assert.equal(early.events.length, 1);
      assert.notEqual(JSON.parse(early.events[0].data).status, 'completed');
    }));

  it('stream-error-event sends event: error, then closes', () =>
    withSim({}, async (sim) => {
      sim.addFault({ fault: 'stream-error-event' });
      const id = await createId(sim);
      const r = await readSse(sim, id);
      assert.deepEqual(
        r.events.map((e) => e.event),
        ['state', 'error'],
      );
      assert.equal(typeof JSON.parse(r.events[1].data).message, 'string');
    }));

  it('task-fail makes the next task fail, uncharged; the following one succeeds', () =>
    withSim({}, async (sim) => {
      sim.addFault({ fault: 'task-fail', times: 1, param: 'content policy (simulated)' });
      const bad = await createId(sim);
      const good = await createId(sim);
      await waitFor(() => sim.tasks.get(bad)?.status === 'failed' && sim.tasks.get(good)?.status === 'completed');
      const r = await api(sim, 'GET', `/v1/video/tasks/${bad}`);
      assert.equal(r.json.error, 'content policy (simulated)');
      assert.equal(r.json.result_url, null);
      assert.equal(r.json.cost_cents, 0);
      const s = await readSse(sim, bad);
      assert.equal(JSON.parse(s.events[0].data).status, 'failed');
      assert.equal(s.events[1].event, 'done');
    }));

  it('download-truncate promises the full length, sends N bytes, then breaks', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'download-truncate', param: 1000, times: 1 });
      const r = await raw(url);
      assert.equal(r.status, 200);
      assert.equal(r.headers?.['content-length'], String(sim.resultBytes.length));
      assert.ok(r.error, 'the body ended early');
      assert.equal(r.body.length, 1000);
      assert.ok(r.body.equals(sim.resultBytes.subarray(0, 1000)));
      const whole = await raw(url);
      assert.equal(whole.body.length, sim.resultBytes.length);
    }));

  it('range-ignored answers a Range request with 200 and the whole file', () =>
    withSim({}, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'range-ignored', times: 1 });
      const r = await raw(url, { headers: { range: 'bytes=500-' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers?.['content-range'], undefined);
      assert.ok(r.body.equals(sim.resultBytes));
      assert.equal((await raw(url, { headers: { range: 'bytes=500-' } })).status, 206);
    }));

  it('url-expired gives 403 `times` times; re-reading the task gives a working URL', () =>
    withSim({}, async (sim) => {
      const { id, url } = await completedUrl(sim);
      sim.addFault({ fault: 'url-expired', times: 2 });
      assert.equal((await raw(url)).status, 403);
      assert.equal((await raw(url)).status, 403);
      const t = await api(sim, 'GET', `/v1/video/tasks/${id}`);
      assert.equal(t.json.status, 'completed');
      const fresh = await raw(t.json.result_url as string);
      assert.equal(fresh.status, 200);
      assert.ok(fresh.body.equals(sim.resultBytes));
    }));

  it('download-slow throttles to param bytes/s', () =>
    withSim({ resultSizeBytes: 40_000 }, async (sim) => {
      const { url } = await completedUrl(sim);
      sim.addFault({ fault: 'download-slow', param: 200_000, times: 1 });
      const t0 = Date.now();
      const r = await raw(url);
      const ms = Date.now() - t0;
      assert.equal(r.body.length, 40_000);
      assert.ok(ms >= 150, `took ${ms} ms at 200 kB/s`);
      const t1 = Date.now();
      await raw(url);
      assert.ok(Date.now() - t1 < ms, 'unthrottled is faster');
    }));

  it('faults come from options and over HTTP; /__sim exposes the log', () =>
    withSim({ faults: [{ fault: 'status-503', match: { method: 'GET', path: '/v1/models' }, times: 1 }] }, async (sim) => {
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 503);
      const add = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ fault: 'status-429', match: { pathRegex: '^/v1/video/tasks$' }, times: 5, param: 1 }),
      });
      assert.equal(add.status, 201);
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 429);
      const bad = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ fault: 'nope' }) });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' })).status, 200);
      assert.equal((await api(sim, 'GET', '/v1/video/tasks')).status, 200);
      const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as { data: { path: string; status: number }[] };
      assert.deepEqual(
        log.data.map((e) => e.status),
        [503, 429, 200],
      );

      sim.holdTasks(true);
      const id = await createId(sim);
      const done = await fetch(`${sim.url}/__sim/tasks/${id}/complete`, { method: 'POST' });
      assert.equal(((await done.json()) as { status: string }).status, 'completed');
      await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 90000 }) });
      assert.equal(sim.tasks.get(id)?.status, 'expired');
    }));

  it('addFault rejects unknown faults', () =>
    withSim({}, async (sim) => {
      assert.throws(() => sim.addFault({ fault: 'nope' as 'status-429' }));
    }));
});

describe('request log', () => {
  it('never holds the key: authorization is reduced to a prefix', () =>
    withSim({}, async (sim) => {
      await create(sim, { note: `pasted ${KEY} here` });
      await api(sim, 'GET', '/v1/video/tasks', { headers: { 'x-api-key': KEY } });
      await api(sim, 'GET', '/v1/video/tasks', { key: 'sk-air-wrong-secret' });
      assert.equal(sim.requests.length, 3);
      const entry = sim.requests[0];
      assert.equal(entry.method, 'POST');
      assert.equal(entry.path, '/v1/video/generations');
      assert.equal(entry.status, 200);
      assert.equal(entry.headers.authorization, 'Bearer sk-air-…');
      assert.equal(entry.headers['content-type'], 'application/json');
      assert.equal((entry.body as { model: string }).model, 'wan-2.6');
      assert.ok(entry.at > 0);
      assert.equal((entry.body as { note: string }).note, 'pasted sk-air-… here');
      const dump = JSON.stringify(sim.requests);
      for (const secret of [KEY, 'test-key', 'wrong-secret']) assert.ok(!dump.includes(secret), secret);
      const owners = JSON.stringify([...sim.tasks.values()].map((t) => t.owner));
      assert.ok(!owners.includes('test-key'), 'tasks keep a fingerprint, not the key');
    }));

  it('close() ends open streams and stops the server', async () => {
    const sim = await startSimulator({ keys: [KEY], clockSpeed: 1 });
    const id = await createId(sim);
    const reading = readSse(sim, id);
    await waitFor(() => sim.requests.some((e) => e.path.endsWith('/stream') && e.status === 200));
    const t0 = Date.now();
    await sim.close();
    assert.ok(Date.now() - t0 < 1000);
    const r = await reading;
    assert.ok(r.broken || r.events.length >= 1);
    await assert.rejects(fetch(`${sim.url}/v1/models`));
  });
});
