// Image results of an answered (billed) request against the simulator's careless result host and
// image endpoint (issue 16, items 11, 15, 16): the real ImageApi, the real tracker and the real
// saver; only the pauses are short. A download refused for a moment is tried again; one that keeps
// failing stays on the record for Try again (no second POST) until its link expires; more results
// than asked are not written; base64 cut short is refused.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import { ImageApi } from '../../../src/api/image';
import type { ImageRequest } from '../../../src/api/schemas/imageSchemas';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import { saveSyncResult } from '../../../src/jobs/sync/saveSyncResult';
import { LINKS_EXPIRED } from '../../../src/jobs/sync/save';
import type { TaskApi } from '../../../src/jobs/taskApi';
import { TaskTracker, type SyncOutcome } from '../../../src/jobs/tracker';
import { TASKS_KEY } from '../../../src/jobs/jobStore';
import type { Logger } from '../../../src/util/logger';
import { fixturePath } from '../../simulator/resultBytes';
import { listDir, tempDir } from '../io/helpers';
import { captureLogger, recordingHttp, useSimulator } from '../simulator/sim-helpers';
import { memoryStore, type MemoryStore } from './helpers';

const KEY = 'sk-air-results-unit-0123456789';
const POST = '/v1/images/generations';
// 50× simulated time: the host's 6 s outage lasts 120 ms here.
const sim = useSimulator({ keys: [KEY], clockSpeed: 50 });
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const PNG_SHA = sha(readFileSync(fixturePath('demo-image.png')));
const posts = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === POST).length;
const fileGets = (): number => sim().requests.filter((r) => r.method === 'GET' && r.path.startsWith('/files/images/')).length;

const noVideo: TaskApi = {
  createVideo: () => Promise.reject(new Error('not used')),
  getTask: () => Promise.reject(new Error('not used')),
  listTasks: () => Promise.resolve([] as VideoTask[]),
  deleteTask: () => Promise.resolve(),
  streamTask: () => Promise.reject(new Error('not used')),
};

const trackers: TaskTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.dispose();
});

interface Options {
  store?: MemoryStore;
  retryMs?: number[];
  logger?: Logger;
  now?: () => number;
}

/** A tracker saving into `dir` as the container does (short download pauses for the test). */
function tracker(dir: string, o: Options = {}): TaskTracker {
  const t = new TaskTracker({
    api: noVideo,
    store: o.store ?? memoryStore(),
    saveDebounceMs: 1,
    pollIntervalMs: () => 1_000,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.now ? { now: o.now } : {}),
    syncSaveRetryMs: o.retryMs ?? [40, 80, 160, 320, 640],
    saveSync: (record, source, at, signal) =>
      saveSyncResult({ record, source, ...at, dir, baseIsLoopback: true, signal, tuning: { retryDelayMs: 5, maxResumes: 2 } }).then((s) => s.path),
  });
  trackers.push(t);
  return t;
}

/** The one POST, as submit/vscode/startJob.ts (callFor) makes it. */
function imageCall(request: ImageRequest): (signal: AbortSignal) => Promise<SyncOutcome> {
  const { http } = recordingHttp(sim(), KEY);
  const api = new ImageApi(http);
  return async (signal) => {
    const r = await api.generate(request, { signal });
    return { requestId: r.requestId, costCents: r.costCents, results: r.images.map((i) => ('url' in i ? { url: i.url } : { b64: i.b64_json })) };
  };
}

const request: ImageRequest = { model: 'flux-2-dev', prompt: 'a kite over the sea', n: 1 };
const stored = (store: MemoryStore, localId: string): Record<string, unknown> | undefined =>
  (store.get<Record<string, unknown>[]>(TASKS_KEY) ?? []).find((r) => r.localId === localId);

describe('r3#11 a billed image whose result host fails for a while', () => {
  it('r3#11 a result host answering 503 for 6 s: the download is tried again with growing pauses and the image is saved; one POST', async () => {
    const dir = await tempDir();
    sim().addFault({ fault: 'image-unavailable-for', param: 6 });
    const t = tracker(dir);
    const job = t.runSync('image', request, {}, imageCall(request));
    const [file] = await job.files;
    assert.equal(sha(await fsp.readFile(file!)), PNG_SHA);
    assert.equal(t.get(job.localId)?.status, 'completed');
    assert.equal(posts(), 1, 'never sent again');
    assert.ok(
      sim().requests.some((r) => r.fault === 'image-unavailable-for' && r.status === 503),
      'the host did refuse at first',
    );
  });

  it('r3#11 still down after every retry: failed with Try again, the URL kept on the persisted record; Try again saves it, no second POST', async () => {
    const dir = await tempDir();
    const store = memoryStore();
    sim().addFault({ fault: 'image-unavailable-for', param: 1e9 });
    const t = tracker(dir, { store, retryMs: [5, 10] });
    const job = t.runSync('image', request, {}, imageCall(request));
    await assert.rejects(job.files, /could not be saved: .*503.*"Try again" saves what is missing without sending it again/s);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.retryable, true, 'Try again is offered');
    assert.equal(r?.settledCostCents, 2.5, 'billed all the same (1 × 2500 / 1000)');
    await t.flush();
    const kept = stored(store, job.localId)?.pendingResults as { url?: string; index: number }[] | undefined;
    assert.equal(kept?.length, 1);
    assert.match(kept?.[0]?.url ?? '', /\/files\/images\//);
    assert.deepEqual(await listDir(dir), [], 'nothing under a final name');

    sim().clearFaults(); // the host is back
    const id = await t.sendAgain(job.localId); // what airforce.tryAgain calls
    assert.equal(id, r?.taskId);
    const done = t.get(job.localId);
    assert.equal(done?.status, 'completed');
    assert.equal(done?.retryable, undefined);
    assert.equal(done?.error, undefined);
    assert.equal(sha(await fsp.readFile(done?.savedPath ?? '')), PNG_SHA);
    assert.equal(posts(), 1, 'Try again sent nothing');
    await t.flush();
    assert.equal(stored(store, job.localId)?.pendingResults, undefined, 'nothing kept once saved');
  });

  it('r3#11 one of two images down: the other is saved at once; Try again saves the missing one as -2 beside it', async () => {
    const dir = await tempDir();
    sim().addFault({ fault: 'image-unavailable-for', param: 1e9, match: { path: /\/1\.png$/ } });
    const t = tracker(dir, { retryMs: [5] });
    const two: ImageRequest = { ...request, n: 2 };
    const job = t.runSync('image', two, {}, imageCall(two));
    await assert.rejects(job.files, /^Error: Saved 1 of 2 results; result 2 could not be saved/);
    const r = t.get(job.localId);
    assert.equal(r?.files?.length, 1);
    assert.match(r?.savedPath ?? '', /-1\.png$/);
    assert.equal(r?.retryable, true);

    sim().clearFaults();
    await t.sendAgain(job.localId);
    const done = t.get(job.localId);
    assert.equal(done?.status, 'completed');
    assert.deepEqual(
      done?.files?.map((f) => f.replace(/^.*-(\d)\.png$/, '$1')),
      ['1', '2'],
    );
    assert.equal((await listDir(dir)).length, 4, 'two images, two sidecars');
    assert.equal(posts(), 1);
  });

  it('r3#11 after a restart, Download again (downloadNow) saves the kept URL; once the link has expired it is refused and no longer offered', async () => {
    const dir = await tempDir();
    const store = memoryStore();
    sim().addFault({ fault: 'image-unavailable-for', param: 1e9 });
    const first = tracker(dir, { store, retryMs: [5] });
    const job = first.runSync('image', request, {}, imageCall(request));
    await job.files.catch(() => undefined);
    first.dispose();
    await first.flush();
    const snapshot = JSON.parse(JSON.stringify(Object.fromEntries(store.data))) as Record<string, unknown>;
    sim().clearFaults();

    const second = tracker(dir, { store });
    await second.restore();
    assert.equal(second.get(job.localId)?.retryable, true);
    const saved = await second.downloadNow(job.localId);
    assert.equal(sha(await fsp.readFile(saved)), PNG_SHA);
    assert.equal(second.get(job.localId)?.status, 'completed');

    // Two days later (the image URLs live an hour; anything is kept a day at most).
    const late = tracker(dir, { store: memoryStore(snapshot), now: () => Date.now() + 2 * 86_400_000 });
    await late.restore();
    const r = late.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.retryable, undefined, 'Try again is no longer offered');
    await assert.rejects(late.downloadNow(job.localId), /nothing left to download again/);
    assert.equal(posts(), 1);
  });

  it('r3#11 Try again when the kept links expired meanwhile: refused with the reason, no request at all', async () => {
    const dir = await tempDir();
    let now = Date.now();
    sim().addFault({ fault: 'image-unavailable-for', param: 1e9 });
    const t = tracker(dir, { retryMs: [5], now: () => now });
    const job = t.runSync('image', request, {}, imageCall(request));
    await job.files.catch(() => undefined);
    const gets = fileGets();
    now += 2 * 86_400_000;
    await assert.rejects(t.sendAgain(job.localId), (e: unknown) => (e as Error).message === LINKS_EXPIRED);
    assert.equal(t.get(job.localId)?.retryable, undefined);
    assert.equal(t.get(job.localId)?.error, LINKS_EXPIRED);
    assert.equal(fileGets(), gets);
    assert.equal(posts(), 1);
  });
});

describe('r3#15 and r3#16: what a careless image endpoint answers', () => {
  it('r3#15 one image asked, 300 returned: one file and one sidecar, one download, the surplus logged', async () => {
    const dir = await tempDir();
    const logger = captureLogger();
    sim().addFault({ fault: 'image-n-surplus', param: 300 });
    const t = tracker(dir, { logger });
    const job = t.runSync('image', request, {}, imageCall(request));
    const files = await job.files;
    assert.equal(files.length, 1);
    assert.deepEqual((await listDir(dir)).map((n) => n.replace(/^.*\./, '')).sort(), ['json', 'png']);
    assert.equal(fileGets(), 1);
    assert.ok(
      logger.lines.some((l) => /300 results for 1 asked; only the first 1 are saved/.test(l)),
      logger.lines.join('\n'),
    );
  });

  it('r3#16 base64 cut short by the server (22 bytes of the PNG, still decodable): refused, nothing written, not kept for Try again', async () => {
    const dir = await tempDir();
    sim().addFault({ fault: 'image-b64-truncate', param: 22 });
    const t = tracker(dir);
    const b64 = { ...request, response_format: 'b64_json' as const };
    const job = t.runSync('image', b64, {}, imageCall(b64));
    await assert.rejects(job.files, /cut short/);
    assert.deepEqual(await listDir(dir), []);
    assert.equal(t.get(job.localId)?.retryable, undefined);
  });
});
