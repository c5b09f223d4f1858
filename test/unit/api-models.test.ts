import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, isVideoModel } from '../../src/api/models';
import type { Model } from '../../src/api/schemas';

const video: Model = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: { aspect_ratios: ['16:9'], qualities: ['720p'], min_duration_s: 5, max_duration_s: 10, modes: ['text'], price_per_second_cents: 40 },
};
const image: Model = { id: 'flux', output_modalities: ['image'] };
const audio: Model = { id: 'tts', output_modalities: ['audio'] };
const videoNoCaps: Model = { id: 'bare', output_modalities: ['video'], video_caps: null };

function source(models: Model[]) {
  let calls = 0;
  let fail = false;
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    get calls() {
      return calls;
    },
    failNext() {
      fail = true;
    },
    hold() {
      gate = new Promise((r) => (release = r));
    },
    release() {
      release?.();
      gate = undefined;
    },
    async listModels(): Promise<Model[]> {
      calls++;
      if (gate) await gate;
      if (fail) {
        fail = false;
        throw new Error('boom');
      }
      return models;
    },
  };
}

test('isVideoModel needs the video modality and caps', () => {
  assert.equal(isVideoModel(video), true);
  assert.equal(isVideoModel(videoNoCaps), false);
  assert.equal(isVideoModel(image), false);
});

test('filters by modality and finds by id', async () => {
  const cat = new ModelCatalog(source([video, image, audio, videoNoCaps]));
  assert.deepEqual((await cat.videoModels()).map((m) => m.id), ['wan-2.6']);
  assert.deepEqual((await cat.imageModels()).map((m) => m.id), ['flux']);
  assert.deepEqual((await cat.audioModels()).map((m) => m.id), ['tts']);
  assert.equal((await cat.find('flux'))?.id, 'flux');
  assert.equal(await cat.find('nope'), undefined);
});

test('caches for the TTL, refreshes on demand and after expiry', async () => {
  let now = 0;
  const src = source([video]);
  const cat = new ModelCatalog(src, { ttlMs: 60_000, now: () => now });
  assert.equal(cat.peek(), undefined);
  await cat.get();
  await cat.get();
  assert.equal(src.calls, 1);
  assert.deepEqual(cat.peek()?.map((m) => m.id), ['wan-2.6']);
  now = 59_999;
  await cat.get();
  assert.equal(src.calls, 1);
  now = 60_000;
  await cat.get();
  assert.equal(src.calls, 2);
  await cat.get({ refresh: true });
  assert.equal(src.calls, 3);
});

test('concurrent calls share one request', async () => {
  const src = source([video]);
  const cat = new ModelCatalog(src);
  src.hold();
  const all = Promise.all([cat.get(), cat.videoModels(), cat.find('wan-2.6'), cat.get({ refresh: true })]);
  src.release();
  const [a, , found] = await all;
  assert.equal(src.calls, 1);
  assert.equal(a.length, 1);
  assert.equal(found?.id, 'wan-2.6');
});

test('a failure is not cached', async () => {
  const src = source([video]);
  const cat = new ModelCatalog(src);
  src.failNext();
  await assert.rejects(cat.get(), /boom/);
  assert.equal((await cat.get()).length, 1);
  assert.equal(src.calls, 2);
});

test("one caller's abort does not cancel the shared request for others", async () => {
  const src = source([video]);
  const cat = new ModelCatalog(src);
  src.hold();
  const ctrl = new AbortController();
  const first = cat.get({ signal: ctrl.signal });
  const second = cat.get();
  ctrl.abort();
  await assert.rejects(first, (e: unknown) => e instanceof Error && e.name === 'AbortError');
  src.release();
  assert.equal((await second).length, 1);
  assert.equal(src.calls, 1);
});
