import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, isVideoModel, modelKind } from '../../src/api/models';
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

// Shapes as /v1/models answers them (see docs "Models: which is which").
const catalogue: { model: Model; kind: ReturnType<typeof modelKind> }[] = [
  { kind: 'video', model: { ...video, media_type: 'video', input_modalities: ['text', 'image'] } },
  { kind: 'image', model: { id: 'flux-2-dev', media_type: 'image', output_modalities: ['image'], image_caps: { max_n: 4 }, priceperthousandimages: 2500 } },
  { kind: 'music', model: { id: 'suno-v4', media_type: 'audio', input_modalities: ['text'], output_modalities: ['audio'], audio_caps: { music_length_ms: { max: 240000 } } } },
  { kind: 'speech', model: { id: 'eleven-tts', media_type: 'speech', output_modalities: ['audio'], speech_caps: {}, price_per_million_chars_cents: 3000 } },
  { kind: 'speech', model: { id: 'voiceover-1', media_type: 'voiceover', output_modalities: ['audio'] } },
  { kind: 'sfx', model: { id: 'eleven-sfx', media_type: 'sfx', output_modalities: ['audio'], sfx_caps: {} } },
  // No media_type: the output modalities decide; audio out of text in is speech.
  { kind: 'speech', model: { id: 'tts-1', input_modalities: ['text'], output_modalities: ['audio'] } },
  { kind: 'image', model: image },
  { kind: 'video', model: videoNoCaps },
  // An unknown media_type falls back to the modalities; chat models are "other".
  { kind: 'other', model: { id: 'gpt-4o-mini', media_type: 'text', output_modalities: ['text'] } },
  { kind: 'other', model: { id: 'odd', media_type: 'constructor', output_modalities: [] } },
];

test('modelKind: media_type first, then output_modalities', () => {
  for (const { model, kind } of catalogue) assert.equal(modelKind(model), kind, model.id);
});

test('media_type wins over the modalities, so an image model listing video output is not a video model', () => {
  const mislabelled: Model = { ...video, id: 'img', media_type: 'image' };
  assert.equal(modelKind(mislabelled), 'image');
  assert.equal(isVideoModel(mislabelled), false);
});
