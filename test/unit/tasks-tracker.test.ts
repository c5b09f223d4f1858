// TaskTracker over the simulator and the real client: queueing under the per-key limit, 429s,
// restart, history merge, delete, downloads, key loss and disposal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceClient } from '../../src/api/client';
import { AirforceError } from '../../src/api/errors';
import type { TaskApi } from '../../src/tasks/taskApi';
import { TaskTracker, NOT_SENT_MESSAGE, type TaskTrackerDeps } from '../../src/tasks/tracker';
import { PENDING_KEY, TASKS_KEY } from '../../src/tasks/taskStore';
import { recordFromRequest } from '../../src/tasks/records';
import type { TaskRecord } from '../../src/tasks/types';
import { countingTimers, KEY, memoryStore, simClient, useTrackerSim, videoRequest, waitFor, type MemoryStore } from './tasks-helpers';
import { taskRecord } from './record-helpers';

const { sim, tracker: simTracker } = useTrackerSim({ clockSpeed: 200 });

interface DownloadCall {
  localId: string;
  taskId?: string;
  url?: string;
}

/** A download that really fetches the result URL (no key sent), as the extension's would. */
function fetchingDownload(calls: DownloadCall[]) {
  return async (record: TaskRecord, signal: AbortSignal): Promise<string> => {
    calls.push({ localId: record.localId, taskId: record.taskId, url: record.resultUrl });
    const res = await fetch(record.resultUrl ?? 'http://127.0.0.1:1/', { signal });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw Object.assign(new Error(`download answered ${res.status}`), { status: res.status });
    return `/saved/${record.taskId}-${bytes.length}.mp4`;
  };
}

const tracker = (store: MemoryStore, over: Partial<TaskTrackerDeps> = {}): TaskTracker =>
  simTracker(store, { rateLimitBackoffMs: 50, ...over });

const serverActive = (): number => [...sim().tasks.values()].filter((t) => t.status === 'queued' || t.status === 'processing').length;
const posts = (since = 0): number =>
  sim().requests.slice(since).filter((r) => r.method === 'POST' && r.path === '/v1/video/generations').length;

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
    assert.equal(sim().requests.slice(before).filter((r) => r.status === 429).length, 0);
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
    await waitFor(() => t.records().filter((r) => r.prompt.startsWith('mine')).every((r) => r.status === 'completed'), 'mine completed', 6_000);
    assert.equal(posts(before), 2);
    assert.equal(sim().requests.slice(before).filter((r) => r.status === 429).length, 0);
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
    assert.deepEqual(sim().requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.status), [429, 200]);
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

  it('after a restart resumes a running task, downloads a finished one, re-queues or fails waiting ones', async () => {
    const store = memoryStore();
    const first = tracker(store, { maxInFlight: 2, autoDownload: () => false, download: fetchingDownload([]) });
    const finished = first.submit(videoRequest('finished before restart'), { inputImageSources: [] });
    const finishedId = await finished.taskId;
    await waitFor(() => first.get(finished.localId)?.status === 'completed', 'the first task');
    sim().holdTasks(true);
    const running = first.submit(videoRequest('running across restart'), { inputImageSources: ['https://example.com/a.png'] });
    const runningId = await running.taskId;
    first.submit(videoRequest('fills the last slot'), { inputImageSources: [] });
    const plain = first.submit(videoRequest('waiting, plain', { seed: 7 }), { inputImageSources: [] });
    const withBytes = first.submit(
      videoRequest('waiting, with bytes', { mode: 'image', input_images: [{ b64_json: 'QUJDRA'.repeat(50) }] }),
      { inputImageSources: ['/workspace/frame.png'] },
    );
    await waitFor(() => first.get(runningId)?.status === 'processing', 'processing');
    assert.equal(first.waiting(), 2);
    first.dispose();
    await first.flush();

    const persisted = JSON.stringify([...store.data.values()]);
    assert.ok(!persisted.includes('QUJDRA'), 'image bytes are never persisted');
    assert.ok(!persisted.includes(KEY), 'the key is never persisted');
    const pending = store.get<{ localId: string }[]>(PENDING_KEY) ?? [];
    assert.deepEqual(pending.map((p) => p.localId), [plain.localId]);

    const calls: DownloadCall[] = [];
    const before = sim().requests.length;
    const second = tracker(store, { maxInFlight: 2, download: fetchingDownload(calls), autoDownload: () => true });
    assert.equal(second.records().length, 0, 'nothing loads before restore()');
    await second.restore();
    assert.equal(second.get(withBytes.localId)?.status, 'failed');
    assert.equal(second.get(withBytes.localId)?.error, NOT_SENT_MESSAGE);
    assert.equal(second.get(plain.localId)?.status, 'waiting');
    assert.equal(second.get(runningId)?.prompt, 'running across restart');
    assert.deepEqual(second.get(runningId)?.inputImageSources, ['https://example.com/a.png']);
    await waitFor(() => calls.length === 1, 'the finished task downloaded');
    assert.equal(calls[0].taskId, finishedId);
    await waitFor(() => second.get(finishedId)?.savedPath !== undefined, 'saved path');
    sim().holdTasks(false);
    await waitFor(() => second.get(plain.localId)?.status === 'completed', 'the re-queued request completed', 6_000);
    await waitFor(() => calls.length === 4, 'every completed local task downloaded once', 6_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls.length, 4, 'no download twice');
    assert.equal(new Set(calls.map((c) => c.taskId)).size, 4);
    assert.equal(second.get(runningId)?.status, 'completed');
    assert.match(second.get(runningId)?.savedPath ?? '', new RegExp(runningId));
    assert.equal(second.get(plain.localId)?.extra.seed, 7);
    assert.equal(posts(before), 1, 'only the plain waiting request was sent after the restart');
  });

  it('merges the server list into the history: server status wins, local fields stay', async () => {
    const store = memoryStore();
    const t = tracker(store);
    const local = t.submit(videoRequest('local one', { seed: 42 }), { inputImageSources: ['/w/img.png'] });
    const localId = await local.taskId;
    await waitFor(() => t.get(localId)?.status === 'completed', 'local completion');
    const outsider = await simClient(sim()).createVideo(videoRequest('made in a browser'));
    sim().setTaskState(outsider.task_id, { status: 'failed', error: 'provider said no' });
    t.markSaved(localId, '/w/out.mp4');
    sim().setTaskState(localId, { status: 'expired' });
    await t.refresh();
    const imported = t.get(outsider.task_id);
    assert.equal(imported?.prompt, 'made in a browser');
    assert.equal(imported?.status, 'failed');
    assert.equal(imported?.error, 'provider said no');
    const mine = t.get(localId);
    assert.equal(mine?.status, 'completed', 'a saved result stays usable after the server expires it');
    assert.equal(mine?.savedPath, '/w/out.mp4');
    assert.equal(mine?.extra.seed, 42);
    assert.deepEqual(mine?.inputImageSources, ['/w/img.png']);
    const order = t.records().map((r) => r.taskId);
    assert.ok(order.indexOf(outsider.task_id) < order.indexOf(localId), 'newest first');
    await t.refresh();
    assert.equal(t.records().filter((r) => r.taskId === outsider.task_id).length, 1, 'merging twice adds nothing');
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
    let lastEvent: TaskRecord | undefined | 'none' = 'none';
    t.onDidChange((r) => (lastEvent = r));
    await t.delete(id);
    assert.deepEqual(
      sim().requests.slice(before).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`),
      [`DELETE /v1/video/tasks/${id} 200`],
    );
    assert.equal(t.get(id), undefined);
    assert.equal(lastEvent, undefined);
    assert.equal(sim().tasks.get(id)?.deleted, true);
    assert.equal(t.inFlight(), 0);
  });

  it('downloadNow re-reads the task for a fresh URL after the old one expired', async () => {
    const calls: DownloadCall[] = [];
    const t = tracker(memoryStore(), { download: fetchingDownload(calls), autoDownload: () => false });
    const s = t.submit(videoRequest('download me'), { inputImageSources: [] });
    const id = await s.taskId;
    await waitFor(() => t.get(id)?.status === 'completed', 'completion');
    assert.equal(calls.length, 0, 'autoDownload off');
    sim().addFault({ fault: 'url-expired', times: 1, match: { path: `/files/${id}/video.mp4` } });
    const before = sim().requests.length;
    const path = await t.downloadNow(id);
    assert.equal(path, `/saved/${id}-${sim().resultBytes.length}.mp4`);
    assert.equal(calls.length, 2);
    assert.deepEqual(
      sim().requests.slice(before).map((r) => `${r.method} ${r.path.replace(id, 'ID')} ${r.status}`),
      ['GET /files/ID/video.mp4 403', 'GET /v1/video/tasks/ID 200', 'GET /files/ID/video.mp4 200'],
    );
    assert.ok(sim().requests.slice(before).filter((r) => r.path.startsWith('/files/')).every((r) => !r.headers.authorization));
    assert.equal(t.get(id)?.savedPath, path);
    assert.equal(t.get(id)?.downloadError, undefined);
  });

  it('keeps the record on a 401 while following and resumes with a new key', async () => {
    let key = KEY;
    const api = new AirforceClient({ baseUrl: sim().url, getApiKey: () => Promise.resolve(key), maxRetries: 0 });
    const authErrors: unknown[] = [];
    const t = tracker(memoryStore(), { api, onAuthError: (e) => authErrors.push(e) });
    sim().holdTasks(true);
    const s = t.submit(videoRequest('key rotates'), { inputImageSources: [] });
    const id = await s.taskId;
    sim().addFault({ fault: 'stream-cut', param: 1, times: 1, match: { path: `/v1/video/tasks/${id}/stream` } });
    key = 'sk-air-revoked';
    await waitFor(() => /key/i.test(t.get(id)?.error ?? ''), 'the 401 surfaced');
    const r = t.get(id);
    assert.equal(r?.taskId, id);
    assert.ok(r?.status === 'queued' || r?.status === 'processing');
    assert.ok(!(r?.error ?? '').includes('sk-air-revoked'));
    assert.equal(authErrors.length, 1, 'the caller is told once, to offer a new key');
    assert.equal((authErrors[0] as { status?: number }).status, 401);
    key = KEY;
    sim().holdTasks(false);
    await t.resumeAll();
    await waitFor(() => t.get(id)?.status === 'completed', 'completion after resume');
    assert.equal(t.get(id)?.error, undefined);
  });

  it('stops following a task deleted elsewhere (404), keeps the record, frees its slot', async () => {
    const t = tracker(memoryStore());
    sim().holdTasks(true);
    sim().addFault({ fault: 'stream-cut', param: 1, times: 1, match: { path: /\/stream$/ } });
    const s = t.submit(videoRequest('deleted in a browser'), { inputImageSources: [] });
    const id = await s.taskId;
    await waitFor(() => sim().requests.some((r) => r.method === 'GET' && r.path === `/v1/video/tasks/${id}`), 'polling');
    assert.equal(t.inFlight(), 1);
    await simClient(sim()).deleteTask(id);
    await waitFor(() => (t.get(id)?.error ?? '') !== '', 'the 404 surfaced');
    assert.equal(t.get(id)?.taskId, id);
    assert.equal(t.inFlight(), 0);
    const polls = sim().requests.filter((r) => r.path === `/v1/video/tasks/${id}`).length;
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(sim().requests.filter((r) => r.path === `/v1/video/tasks/${id}`).length, polls, 'polling stopped');
  });

  it('after a restart, finds a create that was under way in the list; one not listed is never re-sent', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const arrived = await simClient(sim()).createVideo(videoRequest('sent just before the crash'));
    const base = recordFromRequest(videoRequest('sent just before the crash'), [], 'lost-1', nowSec - 5);
    const sending: TaskRecord & { sending: boolean } = { ...base, sending: true };
    const neverArrived: TaskRecord & { sending: boolean } = {
      ...recordFromRequest(videoRequest('never reached the server'), [], 'lost-2', nowSec - 5),
      sending: true,
    };
    const store = memoryStore({
      [TASKS_KEY]: [sending, neverArrived],
      [PENDING_KEY]: [
        { localId: 'lost-1', request: videoRequest('sent just before the crash') },
        { localId: 'lost-2', request: videoRequest('never reached the server') },
      ],
    });
    const before = sim().requests.length;
    const t = tracker(store);
    await t.restore();
    assert.equal(t.get('lost-1')?.taskId, arrived.task_id);
    await waitFor(() => t.get('lost-1')?.status === 'completed', 'the found one done');
    // Not in the list may mean "not listed yet": its fate is unknown, and only the person may re-send it.
    assert.equal(t.get('lost-2')?.status, 'fate-unknown');
    assert.equal(posts(before), 0, 'nothing re-sent');
    assert.equal(t.records().filter((r) => r.taskId === arrived.task_id).length, 1, 'not imported twice');
  });

  it('#9 persistent 500 on status reads: the problem shows on the record while following goes on', async () => {
    const real = simClient(sim());
    let failing = true;
    let reads = 0;
    const api: TaskApi = {
      createVideo: (req, o) => real.createVideo(req, o),
      listTasks: (o) => real.listTasks(o),
      deleteTask: (id, o) => real.deleteTask(id, o),
      streamTask: (id, o) => real.streamTask(id, o),
      getTask: (id, o) => {
        reads++;
        return failing
          ? Promise.reject(new AirforceError({ message: 'GET failed with 500 internal_error', type: 'internal_error', status: 500 }))
          : real.getTask(id, o);
      },
    };
    const t = tracker(memoryStore(), { api, maxReadBackoffMs: 80 });
    sim().holdTasks(true);
    sim().addFault({ fault: 'stream-cut', param: 1, times: 1, match: { path: /\/stream$/ } });
    const s = t.submit(videoRequest('status reads keep failing'), { inputImageSources: [] });
    const id = await s.taskId;
    await waitFor(() => /Status reads keep failing/.test(t.get(id)?.error ?? ''), 'the problem on the record');
    const r = t.get(id);
    assert.ok(r?.status === 'queued' || r?.status === 'processing', `still running (${r?.status})`);
    assert.match(r?.error ?? '', /internal error|500/i);
    const seen = reads;
    await waitFor(() => reads >= seen + 2, 'still reading, with backoff');
    failing = false;
    await waitFor(() => t.get(id)?.error === undefined, 'the problem cleared by a good read');
    sim().holdTasks(false);
    await waitFor(() => t.get(id)?.status === 'completed', 'completion');
  });

  it('#9 an unknown status is kept (unrecognized + rawStatus), followed, and never breaks the list', async () => {
    const t = tracker(memoryStore());
    sim().holdTasks(true);
    const s = t.submit(videoRequest('odd status'), { inputImageSources: [] });
    const id = await s.taskId;
    sim().setTaskState(id, { status: 'paused_by_provider' as never });
    await t.refresh();
    const r = t.get(id);
    assert.equal(r?.status, 'unrecognized');
    assert.equal(r?.rawStatus, 'paused_by_provider');
    assert.equal(t.inFlight(), 1, 'treated as running: it holds its slot');
    sim().setTaskState(id, { status: 'completed' });
    await waitFor(() => t.get(id)?.status === 'completed', 'followed to the end');
    assert.equal(t.get(id)?.rawStatus, undefined);
  });

  it('marks an unsaved record expired past its expiry', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const old: TaskRecord = taskRecord({
      localId: 'old-1',
      taskId: 'gone-task',
      prompt: 'long ago',
      status: 'completed',
      progress: 100,
      created: nowSec - 90_000,
      expiresAt: nowSec - 3_600,
      resultUrl: 'http://127.0.0.1:1/x.mp4',
    });
    const kept: TaskRecord = { ...old, localId: 'old-2', taskId: 'gone-2', savedPath: '/w/kept.mp4' };
    const calls: DownloadCall[] = [];
    const t = tracker(memoryStore({ [TASKS_KEY]: [old, kept] }), { download: fetchingDownload(calls) });
    await t.restore();
    assert.equal(t.get('old-1')?.status, 'expired');
    assert.equal(t.get('old-2')?.status, 'completed');
    assert.equal(calls.length, 0);
  });

  it('dispose aborts followers and leaves no timer behind', async () => {
    const timers = countingTimers();
    const store = memoryStore();
    const t = tracker(store, { timers });
    sim().holdTasks(true);
    const s = t.submit(videoRequest('abandoned'), { inputImageSources: [] });
    const id = await s.taskId;
    await waitFor(() => t.get(id)?.status === 'processing', 'processing');
    assert.ok(timers.active() >= 1, 'a stall timer is armed while streaming');
    t.dispose();
    await waitFor(() => timers.active() === 0, 'all timers cleared', 1_000);
    await t.flush();
    const saved = store.get<TaskRecord[]>(TASKS_KEY) ?? [];
    assert.equal(saved.find((r) => r.taskId === id)?.status, 'processing');
    assert.throws(() => t.submit(videoRequest('late'), { inputImageSources: [] }));
  });
});
