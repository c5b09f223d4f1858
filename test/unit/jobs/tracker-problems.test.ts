// TaskTracker over the simulator and the real client when things go wrong: expired download URLs,
// key loss, tasks deleted elsewhere, failing status reads, unknown statuses, and disposal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AirforceClient } from '../../../src/api/client';
import { AirforceError } from '../../../src/api/http/errors';
import type { TaskApi } from '../../../src/jobs/taskApi';
import { TASKS_KEY } from '../../../src/jobs/jobStore';
import type { JobRecord } from '../../../src/jobs/types';
import { countingTimers, KEY, memoryStore, simClient, videoRequest, waitFor } from './helpers';
import { fetchingDownload, type DownloadCall, useTrackerSuite } from './tracker-helpers';

const { sim, tracker } = useTrackerSuite();

describe('TaskTracker', () => {
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
      sim()
        .requests.slice(before)
        .map((r) => `${r.method} ${r.path.replace(id, 'ID')} ${r.status}`),
      ['GET /files/ID/video.mp4 403', 'GET /v1/video/tasks/ID 200', 'GET /files/ID/video.mp4 200'],
    );
    assert.ok(
      sim()
        .requests.slice(before)
        .filter((r) => r.path.startsWith('/files/'))
        .every((r) => !r.headers.authorization),
    );
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
        return failing ? Promise.reject(new AirforceError({ message: 'GET failed with 500 internal_error', type: 'internal_error', status: 500 })) : real.getTask(id, o);
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
    const saved = store.get<JobRecord[]>(TASKS_KEY) ?? [];
    assert.equal(saved.find((r) => r.taskId === id)?.status, 'processing');
    assert.throws(() => t.submit(videoRequest('late'), { inputImageSources: [] }));
  });
});
