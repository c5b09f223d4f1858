// The one stale-URL policy (issue 8, "One results step"): a Download click wired as the extension
// wires it (the tracker's Downloads over saveResult) spends at most one status read and one more GET
// on a result URL that keeps being refused, and never a request on a task known to be expired.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { saveResult } from '../../../src/jobs/video/saveResult';
import { TASKS_KEY } from '../../../src/jobs/jobStore';
import type { TaskTracker, TaskTrackerDeps } from '../../../src/jobs/tracker';
import type { JobRecord } from '../../../src/jobs/types';
import { listDir, tempDir } from '../io/helpers';
import { taskRecord } from './record-helpers';
import { memoryStore, useTrackerSim, videoRequest, waitFor, type MemoryStore } from './helpers';

const { sim, tracker: simTracker } = useTrackerSim({ clockSpeed: 200 });
let dir: string;

beforeEach(async () => {
  dir = await tempDir('af-downloads-');
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** The container's download: saveResult into the output folder, nothing else. */
const saving = (record: JobRecord, signal: AbortSignal): Promise<string> =>
  saveResult({ record, dir, baseIsLoopback: true, lookup: null, signal, tuning: { retryDelayMs: 0 } }).then((s) => s.path);

const tracker = (store: MemoryStore = memoryStore(), over: Partial<TaskTrackerDeps> = {}): TaskTracker =>
  simTracker(store, { download: saving, autoDownload: () => false, ...over });

async function completed(t: TaskTracker, prompt: string): Promise<string> {
  const id = await t.submit(videoRequest(prompt), { inputImageSources: [] }).taskId;
  await waitFor(() => t.get(id)?.status === 'completed', 'completion');
  return id;
}

function counts(since: number, id: string): { fileGets: number; statusReads: number; all: number } {
  const log = sim().requests.slice(since);
  return {
    fileGets: log.filter((r) => r.method === 'GET' && r.path.startsWith(`/files/${id}/`)).length,
    statusReads: log.filter((r) => r.method === 'GET' && r.path === `/v1/video/tasks/${id}`).length,
    all: log.length,
  };
}

describe('one stale-URL policy for a Download click', () => {
  it('one stale-URL policy: a URL that keeps answering 403 costs at most 2 file GETs and 1 status read, then a clear downloadError', async () => {
    const t = tracker();
    const id = await completed(t, 'refused forever');
    sim().addFault({ fault: 'url-expired', match: { path: `/files/${id}/video.mp4` } }); // unlimited
    const before = sim().requests.length;
    await assert.rejects(t.downloadNow(id), /keeps being refused \(HTTP 403\)/);
    const c = counts(before, id);
    assert.ok(c.fileGets <= 2, `file GETs: ${c.fileGets} (the old two-layer refresh made 4)`);
    assert.ok(c.statusReads <= 1, `status reads: ${c.statusReads} (the old two-layer refresh made 3)`);
    assert.deepEqual([c.fileGets, c.statusReads], [2, 1], 'one refresh is tried before giving up');
    const r = t.get(id);
    assert.match(r?.downloadError ?? '', /keeps being refused \(HTTP 403\)/);
    assert.equal(r?.status, 'completed', 'the server still says completed: not called expired');
    assert.equal(r?.savedPath, undefined);
    assert.deepEqual(await listDir(dir), [], 'no part file, no final file');

    // Clicking again re-reads first (its one refresh) and GETs once: still one round, same clear error.
    const again = sim().requests.length;
    await assert.rejects(t.downloadNow(id), /keeps being refused/);
    assert.deepEqual(counts(again, id), { fileGets: 1, statusReads: 1, all: 2 });

    // Once the URL works again, the same click saves it.
    sim().clearFaults();
    const saved = await t.downloadNow(id);
    assert.equal(t.get(id)?.savedPath, saved);
    assert.equal(t.get(id)?.downloadError, undefined);
  });

  it('one stale-URL policy: a task past its expires_at is reported expired without any request', async () => {
    let skewSec = 0;
    const t = tracker(memoryStore(), { now: () => Date.now() + skewSec * 1000 });
    const id = await completed(t, 'kept too long');
    const expiresAt = t.get(id)?.expiresAt;
    assert.ok(expiresAt !== undefined);
    skewSec = expiresAt - Date.now() / 1000 + 60;
    const before = sim().requests.length;
    await assert.rejects(t.downloadNow(id), /expired/);
    assert.equal(counts(before, id).all, 0, 'no status read, no file GET');
    assert.equal(t.get(id)?.status, 'expired');
    assert.equal(t.get(id)?.downloadError, 'expired');
    assert.deepEqual(await listDir(dir), []);
  });

  it('one stale-URL policy: a record the server called expired is reported expired without any request', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const gone = taskRecord({
      localId: 'gone-1',
      taskId: 'gone-task',
      prompt: 'expired on the server',
      status: 'expired',
      progress: 100,
      created: nowSec - 3_600,
      expiresAt: nowSec + 3_600,
      resultUrl: `${sim().url}/files/gone-task/video.mp4?expires=1&sig=x`,
    });
    const t = tracker(memoryStore({ [TASKS_KEY]: [gone] }));
    await t.restore();
    const before = sim().requests.length;
    await assert.rejects(t.downloadNow('gone-1'), /expired/);
    assert.equal(sim().requests.length, before, 'no request at all');
    assert.equal(t.get('gone-1')?.downloadError, 'expired');
  });
});
