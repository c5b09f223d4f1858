// Image and audio jobs through the tracker when the wire misbehaves (issue 16 round three: #9, #13,
// #21): the real client on node:http against the simulator, results saved by the real saver. What
// the job becomes says what happened to the money: completed, failed with Try Again (nothing was
// made), or fate-unknown (billed, result lost) with the reason, never endless waiting.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { AirforceClient, type ClientOptions } from '../../../src/api/client';
import type { ImageRequest } from '../../../src/api/schemas/imageSchemas';
import type { SpeechRequest } from '../../../src/api/schemas/audioSchemas';
import { saveSyncResult } from '../../../src/jobs/sync/saveSyncResult';
import { SYNC_FATE_UNKNOWN_IN_WINDOW } from '../../../src/jobs/sync/failure';
import { TaskTracker, type SyncOutcome } from '../../../src/jobs/tracker';
import type { TaskApi } from '../../../src/jobs/taskApi';
import { listDir, tempDir } from '../io/helpers';
import { useSimulator } from '../simulator/sim-helpers';
import { memoryStore } from './helpers';

const KEY = 'sk-air-syncwire-0123456789';
const sim = useSimulator({ keys: [KEY] });
const IMAGES = '/v1/images/generations';
const SPEECH_PATH = '/v1/audio/speech';
/** `p`, or a rejection saying it was still waiting after `ms`: a job that waits forever fails the test. */
function within<T>(p: Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
const posts = (p: string): number => sim().requests.filter((r) => r.method === 'POST' && r.path === p).length;

const noVideo: TaskApi = {
  createVideo: () => Promise.reject(new Error('not used')),
  getTask: () => Promise.reject(new Error('not used')),
  listTasks: () => Promise.resolve([]),
  deleteTask: () => Promise.resolve(),
  streamTask: () => Promise.reject(new Error('not used')),
};

const trackers: TaskTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.dispose();
});

function setup(opts: Partial<ClientOptions> = {}) {
  const client = new AirforceClient({ baseUrl: sim().url, getApiKey: async () => KEY, maxRetries: 0, ...opts });
  return async (dir: string) => {
    const t = new TaskTracker({
      api: noVideo,
      store: memoryStore(),
      saveDebounceMs: 1,
      pollIntervalMs: () => 1_000,
      saveSync: (record, source, at, signal) => saveSyncResult({ record, source, ...at, dir, baseIsLoopback: true, signal }).then((s) => s.path),
    });
    trackers.push(t);
    // The calls the commands make (submit/vscode/startJob.ts callFor), over the real client.
    const image =
      (req: ImageRequest) =>
      async (signal: AbortSignal): Promise<SyncOutcome> => {
        const r = await client.images.generate(req, { signal });
        return { requestId: r.requestId, costCents: r.costCents, results: r.images.map((i) => ('url' in i ? { url: i.url } : { b64: i.b64_json })) };
      };
    const speech =
      (req: SpeechRequest) =>
      async (signal: AbortSignal): Promise<SyncOutcome> => {
        const r = await client.audio.speech(req, { signal });
        return { requestId: r.requestId, costCents: r.costCents, results: [{ bytes: r.body }] };
      };
    return { t, image, speech };
  };
}

const SPEECH: SpeechRequest = { model: 'eleven-tts-v3', input: 'Hello there', voice: 'rachel' };

describe('sync jobs over a misbehaving wire', () => {
  it('r3#9 four ~2 MB images (a 10.7 MiB answer) are saved as four PNG files, the job completed and billed', async () => {
    sim().addFault({ fault: 'image-large', times: 1, param: 2_000_000 });
    const dir = await tempDir();
    const { t, image } = await setup()(dir);
    const req = { model: 'flux-2-dev', prompt: 'four big kites', n: 4, response_format: 'b64_json' } as ImageRequest;
    const job = t.runSync('image', req, {}, image(req));
    const files = await job.files;
    assert.equal(files.length, 4);
    assert.equal((await listDir(dir)).filter((n) => n.endsWith('.png')).length, 4);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'completed');
    assert.equal(r?.settledCostCents, 10);
  });

  it('r3#13 an audio body that stalls after 1 KB ends fate-unknown (billed, result lost) with the reason, and Send again works', async () => {
    sim().addFault({ fault: 'body-stall', match: { path: SPEECH_PATH }, times: 1, param: 1024 });
    const dir = await tempDir();
    const { t, speech } = await setup({ requestTimeoutMs: 800 })(dir);
    const started = Date.now();
    const job = t.runSync('speech', SPEECH, {}, speech(SPEECH));
    await assert.rejects(within(job.files), /nothing arrived/);
    assert.ok(Date.now() - started < 3_000, `ended after ${Date.now() - started} ms`);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.match(
      r?.error ?? '',
      /accepted the request, so it was probably made and billed, but its answer could not be read \(.*nothing arrived for 1 s after 1 KiB.*\): the result is lost/,
    );
    assert.match(r?.error ?? '', /"Send again" may be billed twice/);
    assert.ok(typeof r?.settledCostCents === 'number', 'the billed cost is kept');
    assert.deepEqual(await listDir(dir), [], 'no part file left behind');
    assert.equal(posts(SPEECH_PATH), 1, 'never re-sent on its own');

    const files = await t.sendAgain(job.localId).then(() => t.get(job.localId)?.files ?? []);
    assert.equal(posts(SPEECH_PATH), 2);
    assert.equal(t.get(job.localId)?.status, 'completed');
    assert.equal(files.length, 1);
  });

  it('r3#21 a 2xx image answer that stalls is fate-unknown saying the answer could not be read, not that the connection was lost', async () => {
    sim().addFault({ fault: 'image-slow-sse', times: 1, param: '4000,60000' });
    const { t, image } = await setup({ requestTimeoutMs: 800 })(await tempDir());
    const req = { model: 'flux-2-dev', prompt: 'a silent model' } as ImageRequest;
    const job = t.runSync('image', req, {}, image(req));
    await assert.rejects(within(job.files), /could not be read|stopped/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'fate-unknown');
    assert.notEqual(r?.error, SYNC_FATE_UNKNOWN_IN_WINDOW);
    assert.doesNotMatch(r?.error ?? '', /connection was lost/);
    assert.match(r?.error ?? '', /its answer could not be read/);
  });

  it('r3#21 an error event in the image stream is a failed job with Try Again (not fate-unknown), and Try Again sends it once more', async () => {
    sim().addFault({ fault: 'image-error-event', times: 1, param: 'The provider ran out of GPUs' });
    const { t, image } = await setup()(await tempDir());
    const req = { model: 'flux-2-dev', prompt: 'unlucky' } as ImageRequest;
    const job = t.runSync('image', req, {}, image(req));
    await assert.rejects(within(job.files), /provider/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.retryable, true);
    assert.match(r?.error ?? '', /The provider ran out of GPUs/);
    assert.doesNotMatch(r?.error ?? '', /connection was lost|billed twice/);
    assert.equal(r?.settledCostCents, undefined, 'nothing billed');
    await t.sendAgain(job.localId);
    assert.equal(posts(IMAGES), 2);
    assert.equal(t.get(job.localId)?.status, 'completed');
  });

  it('r3#21 connection refused (nothing sent) is a failed job with Try Again, never fate-unknown', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const { t, speech } = await setup({ baseUrl: `http://127.0.0.1:${port}` })(await tempDir());
    const job = t.runSync('speech', SPEECH, {}, speech(SPEECH));
    await assert.rejects(within(job.files), /ECONNREFUSED/);
    const r = t.get(job.localId);
    assert.equal(r?.status, 'failed');
    assert.equal(r?.retryable, true);
    assert.match(r?.error ?? '', /Could not reach Airforce/);
  });
});
