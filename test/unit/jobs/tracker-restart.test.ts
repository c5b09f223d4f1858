// TaskTracker over the simulator and the real client across a restart: resuming, re-queueing and
// downloading, finding creates that were under way, merging the server's history, expiry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NOT_SENT_MESSAGE } from '../../../src/jobs/tracker';
import { PENDING_KEY, TASKS_KEY } from '../../../src/jobs/jobStore';
import { recordFromRequest } from '../../../src/jobs/records';
import type { JobRecord } from '../../../src/jobs/types';
import { KEY, memoryStore, simClient, videoRequest, waitFor } from './helpers';
import { taskRecord } from './record-helpers';
import { fetchingDownload, type DownloadCall, useTrackerSuite } from './tracker-helpers';

const { sim, tracker, posts } = useTrackerSuite();

describe('TaskTracker', () => {
  it('after a restart resumes a running task, downloads a finished one, re-queues or fails waiting ones', async () => {
    const store = memoryStore();
    const first = tracker(store, { maxInFlight: 2, autoDownload: () => false, download: fetchingDownload([]) });
    const finished = first.submit(videoRequest('finished before restart'), { inputImageSources: [] });
    const finishedId = await finished.taskId;
    await waitFor(() => first.get(finished.localId)?.status === 'completed', 'the first task');
    sim().holdTasks(true);
    const running = first.submit(videoRequest('running across restart'), { inputImageSources: ['https://example.com/a.png'] });
    const runningId = await running.taskId;
    const fill = first.submit(videoRequest('fills the last slot'), { inputImageSources: [] });
    const plain = first.submit(videoRequest('waiting, plain', { seed: 7 }), { inputImageSources: [] });
    const withBytes = first.submit(videoRequest('waiting, with bytes', { mode: 'image', input_images: [{ b64_json: 'QUJDRA'.repeat(50) }] }), {
      inputImageSources: ['/workspace/frame.png'],
    });
    await waitFor(() => first.get(runningId)?.status === 'processing', 'processing');
    // Its create must have been answered: a create still under way keeps its request for Send again,
    // which on a loaded machine made the pending list below hold two entries.
    await fill.taskId;
    assert.equal(first.waiting(), 2);
    first.dispose();
    await first.flush();

    const persisted = JSON.stringify([...store.data.values()]);
    assert.ok(!persisted.includes('QUJDRA'), 'image bytes are never persisted');
    assert.ok(!persisted.includes(KEY), 'the key is never persisted');
    const pending = store.get<{ localId: string }[]>(PENDING_KEY) ?? [];
    assert.deepEqual(
      pending.map((p) => p.localId),
      [plain.localId],
    );

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

  it('after a restart, finds a create that was under way in the list; one not listed is never re-sent', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const arrived = await simClient(sim()).createVideo(videoRequest('sent just before the crash'));
    const base = recordFromRequest(videoRequest('sent just before the crash'), [], 'lost-1', nowSec - 5);
    const sending: JobRecord & { sending: boolean } = { ...base, sending: true };
    const neverArrived: JobRecord & { sending: boolean } = {
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

  it('marks an unsaved record expired past its expiry', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const old: JobRecord = taskRecord({
      localId: 'old-1',
      taskId: 'gone-task',
      prompt: 'long ago',
      status: 'completed',
      progress: 100,
      created: nowSec - 90_000,
      expiresAt: nowSec - 3_600,
      resultUrl: 'http://127.0.0.1:1/x.mp4',
    });
    const kept: JobRecord = { ...old, localId: 'old-2', taskId: 'gone-2', savedPath: '/w/kept.mp4' };
    const calls: DownloadCall[] = [];
    const t = tracker(memoryStore({ [TASKS_KEY]: [old, kept] }), { download: fetchingDownload(calls) });
    await t.restore();
    assert.equal(t.get('old-1')?.status, 'expired');
    assert.equal(t.get('old-2')?.status, 'completed');
    assert.equal(calls.length, 0);
  });
});
