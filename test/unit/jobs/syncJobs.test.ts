// Image and audio jobs through the tracker (issue 8): one call, results saved, never re-sent on our
// own; persisted like video records. The call is a fake: the tracker never sees the endpoints.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import { saveSyncResult } from '../../../src/jobs/sync/saveSyncResult';
import type { ResultSource } from '../../../src/io/results';
import type { TaskApi } from '../../../src/jobs/taskApi';
import { TaskTracker, type SaveSync, type SyncOutcome } from '../../../src/jobs/tracker';
import { SYNC_FATE_UNKNOWN_IN_WINDOW } from '../../../src/jobs/sync/failure';
import { SYNC_FATE_UNKNOWN_AFTER_RESTART, SYNC_SAVE_INTERRUPTED, SYNC_SAVE_INTERRUPTED_KEPT } from '../../../src/jobs/sync/restored';
import { TASKS_KEY } from '../../../src/jobs/jobStore';
import { fixturePath } from '../../simulator/resultBytes';
import { listDir, sha256, tempDir } from '../io/helpers';
import { memoryStore, waitFor, type MemoryStore } from './helpers';

const PNG = readFileSync(fixturePath('demo-image.png'));
const MP3 = readFileSync(fixturePath('tone.mp3'));
const settle = (ms = 40): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** No video API is needed: an empty list, and a count of server deletes. */
function fakeApi(): TaskApi & { deletes: string[] } {
  const deletes: string[] = [];
  const no = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    deletes,
    createVideo: no,
    getTask: no,
    listTasks: () => Promise.resolve([] as VideoTask[]),
    deleteTask: (id) => {
      deletes.push(id);
      return Promise.resolve();
    },
    streamTask: no,
  };
}

/** A fake call that counts its invocations and answers with the given steps in turn. */
function fakeCall(...steps: (SyncOutcome | Error | 'hang')[]): ((signal: AbortSignal) => Promise<SyncOutcome>) & { calls: number } {
  const call = (signal: AbortSignal): Promise<SyncOutcome> => {
    const step = steps[Math.min(call.calls++, steps.length - 1)];
    if (step === 'hang') {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    }
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
  call.calls = 0;
  return call;
}

const b64Png = (): ResultSource => ({ b64: PNG.toString('base64') });
const imageOutcome = (n = 2): SyncOutcome => ({ requestId: 'req-abc12345', costCents: 8, results: Array.from({ length: n }, b64Png) });
const lost = (): Error => new CreateOutcomeUnknownError({ requestId: 'req-lost', subject: 'image request' });
const imageRequest = { model: 'imagen-4', prompt: 'two foxes', n: 2 };

const trackers: TaskTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.dispose();
});

function newTracker(store: MemoryStore, dir: string, api = fakeApi(), saveSync?: SaveSync): TaskTracker {
  const t = new TaskTracker({
    api,
    store,
    saveDebounceMs: 1,
    pollIntervalMs: () => 1_000,
    saveSync: saveSync ?? ((record, source, at, signal) => saveSyncResult({ record, source, ...at, dir, baseIsLoopback: true, signal }).then((s) => s.path)),
  });
  trackers.push(t);
  return t;
}

describe('sync jobs (image, speech, music, sfx) in the tracker', () => {
  it('two b64 PNG results: one call, two files -1.png/-2.png with sidecars, the record completed with files and settled cost', async () => {
    const dir = await tempDir();
    const t = newTracker(memoryStore(), dir);
    const call = fakeCall(imageOutcome());
    const job = t.runSync('image', imageRequest, { origin: { type: 'panel' }, estimateCents: 6 }, call);
    assert.equal(t.get(job.localId)?.status, 'waiting', 'in flight');
    assert.equal(t.inFlight(), 0, 'a sync job takes no video slot');
    const files = await job.files;
    assert.equal(call.calls, 1);
    assert.deepEqual(
      files.map((f) => path.basename(f).replace(/^\d{4}-\d\d-\d\d-/, '')),
      ['two-foxes-reqabc12-1.png', 'two-foxes-reqabc12-2.png'],
    );
    for (const f of files) assert.equal(sha256(await fsp.readFile(f)), sha256(PNG));
    assert.equal((await listDir(dir)).filter((n) => n.endsWith('.json')).length, 2);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'completed');
    assert.equal(r?.kind, 'image');
    assert.deepEqual(r?.origin, { type: 'panel' });
    assert.deepEqual(r?.files, files);
    assert.equal(r?.savedPath, files[0]);
    assert.equal(r?.taskId, 'req-abc12345');
    assert.equal(r?.costCents, 6, 'the estimate');
    assert.equal(r?.settledCostCents, 8, 'X-Cost-Cents');
    assert.equal(r?.extra.n, 2);
  });

  it('speech bytes are saved as .mp3 by their magic number; the text is the record prompt', async () => {
    const dir = await tempDir();
    const t = newTracker(memoryStore(), dir);
    const call = fakeCall({ requestId: 'req-speech1', results: [{ bytes: [new Uint8Array(MP3)] as unknown as AsyncIterable<Uint8Array> }] });
    const job = t.runSync('speech', { model: 'tts-1', input: 'Hello.', voice: 'v1', response_format: 'mp3' }, {}, call);
    const [file] = await job.files;
    assert.match(path.basename(file), /-hello-reqspeec\.mp3$/);
    assert.equal(sha256(await fsp.readFile(file)), sha256(MP3));
    assert.equal(t.get(job.localId)?.prompt, 'Hello.');
    assert.deepEqual(t.get(job.localId)?.origin, { type: 'command' });
  });

  it('a call whose fate is unknown: fate-unknown, exactly one call, never re-sent; Send again makes exactly one more', async () => {
    const dir = await tempDir();
    const t = newTracker(memoryStore(), dir);
    const call = fakeCall(lost(), imageOutcome(1));
    const job = t.runSync('image', imageRequest, {}, call);
    await assert.rejects(job.files, (e: unknown) => (e as Error).name === 'CreateOutcomeUnknownError');
    await settle();
    assert.equal(call.calls, 1);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.equal(r?.error, SYNC_FATE_UNKNOWN_IN_WINDOW);
    assert.equal(r?.requestId, 'req-lost');
    assert.deepEqual(await listDir(dir), []);
    await t.lookAgain(job.localId); // nothing to look up, and nothing sent
    assert.equal(call.calls, 1);

    const files = await t.sendSyncAgain(job.localId);
    assert.equal(call.calls, 2);
    assert.equal(files.length, 1);
    assert.equal(t.get(job.localId)?.status, 'completed');
    assert.equal(t.get(job.localId)?.error, undefined);
    await assert.rejects(t.sendAgain(job.localId), /Only a request whose fate is unknown/);
    assert.equal(call.calls, 2);
  });

  it('sendAgain (the generic command path) also re-runs a fate-unknown sync job once, resolving with its request id', async () => {
    const t = newTracker(memoryStore(), await tempDir());
    const call = fakeCall(lost(), imageOutcome(1));
    const job = t.runSync('image', imageRequest, {}, call);
    await job.files.catch(() => undefined);
    assert.equal(await t.sendAgain(job.localId), 'req-abc12345');
    assert.equal(call.calls, 2);
  });

  it('a refused call (e.g. 400) fails with its message and cannot be sent again', async () => {
    const t = newTracker(memoryStore(), await tempDir());
    const call = fakeCall(Object.assign(new Error('n must be at most 4'), { status: 400, requestId: 'req-400' }));
    const job = t.runSync('image', imageRequest, {}, call);
    await assert.rejects(job.files, /n must be at most 4/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.match(r?.error ?? '', /n must be at most 4/);
    assert.equal(r?.requestId, 'req-400');
    await assert.rejects(t.sendAgain(job.localId), /fate is unknown/);
    assert.equal(call.calls, 1);
  });

  it('a failing save: failed with a clear error, nothing under the final name, the call not repeated', async () => {
    const dir = await tempDir();
    const t = newTracker(memoryStore(), dir);
    const call = fakeCall({ requestId: 'req-bad', costCents: 3, results: [{ b64: Buffer.from('<html>oops</html>').toString('base64') }] });
    const job = t.runSync('image', { model: 'imagen-4', prompt: 'fox' }, {}, call);
    await assert.rejects(job.files, /The result could not be saved: The result is not a PNG, JPG, WEBP file/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.match(r?.error ?? '', /^The result could not be saved/);
    assert.equal(r?.requestId, 'req-bad');
    assert.equal(r?.settledCostCents, 3, 'billed all the same');
    assert.equal(r?.savedPath, undefined);
    assert.deepEqual(await listDir(dir), []);
    await assert.rejects(t.sendAgain(job.localId));
    assert.equal(call.calls, 1);
  });

  it('the second of two results failing keeps the first file and says which one failed', async () => {
    const dir = await tempDir();
    const t = newTracker(memoryStore(), dir);
    const call = fakeCall({ requestId: 'req-half', results: [b64Png(), { b64: '!!notbase64' }] });
    const job = t.runSync('image', imageRequest, {}, call);
    await assert.rejects(job.files, /Saved 1 of 2 results; result 2 could not be saved: The result is not valid base64/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.files?.length, 1);
    assert.deepEqual(
      (await listDir(dir)).filter((n) => n.endsWith('.png')),
      [path.basename(r?.files?.[0] ?? '')],
    );
  });

  it('restart: a completed job comes back completed with its files; nothing is called again', async () => {
    const store = memoryStore();
    const dir = await tempDir();
    const first = newTracker(store, dir);
    const call = fakeCall(imageOutcome());
    const job = first.runSync('image', imageRequest, { origin: { type: 'compare', group: 'g1' } }, call);
    const files = await job.files;
    first.dispose();
    await first.flush();

    const second = newTracker(store, dir);
    await second.restore();
    const r = second.get(job.localId);
    assert.equal(r?.status, 'completed');
    assert.equal(r?.kind, 'image');
    assert.deepEqual(r?.files, files);
    assert.deepEqual(r?.origin, { type: 'compare', group: 'g1' });
    assert.equal(r?.settledCostCents, 8);
    assert.equal(call.calls, 1);
  });

  it('restart: a job in flight when the window closed is fate-unknown, and Send again offers Generate again (no call)', async () => {
    const store = memoryStore();
    const dir = await tempDir();
    const api = fakeApi();
    const first = newTracker(store, dir, api);
    const call = fakeCall('hang');
    const job = first.runSync('music', { model: 'music-1', prompt: 'calm piano', music_length_ms: 10_000 }, {}, call);
    await waitFor(() => call.calls === 1, 'the call made');
    const saved = (store.get<{ localId: string; sending?: boolean }[]>(TASKS_KEY) ?? []).find((x) => x.localId === job.localId);
    assert.equal(saved?.sending, true, 'persisted as under way before the answer');
    first.dispose();
    await job.files.catch(() => undefined);
    await first.flush();

    const second = newTracker(store, dir, api);
    await second.restore();
    const r = second.get(job.localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.equal(r?.error, SYNC_FATE_UNKNOWN_AFTER_RESTART);
    assert.equal(r?.extra.music_length_ms, 10_000);
    await assert.rejects(second.sendAgain(job.localId), /^Error: The request is no longer available/);
    assert.equal(call.calls, 1);
    assert.deepEqual(api.deletes, []);
  });

  /** A window that dies while saving `result`: the second window's tracker, restored from what was written. */
  async function restartDuringSave(result: ResultSource): Promise<{ second: TaskTracker; localId: string }> {
    const store = memoryStore();
    const dir = await tempDir();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const first = newTracker(store, dir, fakeApi(), async () => {
      await gate;
      throw new Error('never');
    });
    const job = first.runSync('sfx', { model: 'sfx-1', prompt: 'door slam' }, {}, fakeCall({ requestId: 'req-sfx', results: [result] }));
    await waitFor(() => first.get(job.localId)?.taskId === 'req-sfx', 'the answer');
    await first.flush();
    // The window dies mid-save: what was last written is the record as of now.
    const snapshot = memoryStore(Object.fromEntries(store.data));
    release();
    await job.files.catch(() => undefined);
    const second = newTracker(snapshot, dir);
    await second.restore();
    return { second, localId: job.localId };
  }

  it('restart during the save: the answer came (billed), so it is failed with the reason, not fate-unknown; r3#11 its kept result is saved by Try again', async () => {
    const { second, localId } = await restartDuringSave({ b64: MP3.toString('base64') });
    assert.equal(second.get(localId)?.status, 'failed');
    assert.equal(second.get(localId)?.error, SYNC_SAVE_INTERRUPTED_KEPT);
    assert.equal(second.get(localId)?.retryable, true);
    await second.sendAgain(localId);
    const r = second.get(localId);
    assert.equal(r?.status, 'completed');
    assert.equal(sha256(await fsp.readFile(r?.savedPath ?? '')), sha256(MP3));
  });

  it('restart during the save of an audio stream (read once, not kept): failed with the reason, no Try again', async () => {
    const { second, localId } = await restartDuringSave({ bytes: [new Uint8Array(MP3)] as unknown as AsyncIterable<Uint8Array> });
    assert.equal(second.get(localId)?.status, 'failed');
    assert.equal(second.get(localId)?.error, SYNC_SAVE_INTERRUPTED);
    assert.equal(second.get(localId)?.retryable, undefined);
  });

  it('delete removes a sync job locally only (no server DELETE with its request id)', async () => {
    const api = fakeApi();
    const t = newTracker(memoryStore(), await tempDir(), api);
    const job = t.runSync('image', imageRequest, {}, fakeCall(imageOutcome(1)));
    await job.files;
    await t.delete(job.localId);
    assert.equal(t.get(job.localId), undefined);
    assert.deepEqual(api.deletes, []);
    await assert.rejects(t.downloadNow('req-abc12345'), /Unknown task/);
  });
});
