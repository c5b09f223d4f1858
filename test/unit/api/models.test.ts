import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, isVideoModel, modelKind, parseModelList } from '../../../src/api/models';
import { MODELS } from '../../simulator/catalog';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';
import type { Model } from '../../../src/api/schemas/schemas';

const KEY = 'sk-air-models-test-key';

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
  assert.deepEqual(
    (await cat.videoModels()).map((m) => m.id),
    ['wan-2.6'],
  );
  assert.deepEqual(
    (await cat.imageModels()).map((m) => m.id),
    ['flux'],
  );
  assert.deepEqual(
    (await cat.audioModels()).map((m) => m.id),
    ['tts'],
  );
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
  assert.deepEqual(
    cat.peek()?.map((m) => m.id),
    ['wan-2.6'],
  );
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

describe('r3#17 one odd model entry leaves the rest of the catalog usable', () => {
  const getSim = useSimulator({ keys: [KEY], clockSpeed: 50 });

  test('r3#17 min_duration_s 2.5 is rounded up to 3 and an unusable entry is left out with a warning; every kind still lists', async () => {
    const sim = getSim();
    sim.addFault({ fault: 'catalog-odd-entry', match: { path: '/v1/models' } });
    const { client, logger } = recordingClient(sim, KEY);
    const cat = new ModelCatalog(client);
    const videos = await cat.videoModels();
    const first = MODELS.find((m) => m.video_caps)!;
    const odd = videos.find((m) => m.id === first.id);
    assert.equal(odd?.video_caps.min_duration_s, 3);
    assert.equal(odd?.video_caps.max_duration_s, first.video_caps!.max_duration_s);
    assert.equal(videos.length, MODELS.filter((m) => m.video_caps).length);
    assert.equal(
      videos.some((m) => m.id === 'broken-video'),
      false,
    );
    assert.ok((await cat.imageModels()).length > 0);
    assert.ok((await cat.audioModels()).length > 0);
    assert.ok(
      logger.lines.some((l) => /model left out, data\[\d+\]\.video_caps\.min_duration_s: /.test(l)),
      logger.lines.join('\n'),
    );
  });
});

test('r3#17 a range with no whole second or an absurd length is left out, a fractional one rounded inward', () => {
  const caps = { aspect_ratios: [], qualities: [], modes: ['text'], price_per_second_cents: 1 };
  const { models, dropped } = parseModelList([
    { id: 'a', output_modalities: ['video'], video_caps: { ...caps, min_duration_s: 2.5, max_duration_s: 10.5 } },
    { id: 'b', output_modalities: ['video'], video_caps: { ...caps, min_duration_s: 4.2, max_duration_s: 4.8 } },
    { id: 'c', output_modalities: ['video'], video_caps: { ...caps, min_duration_s: 1, max_duration_s: 1e12 } },
    { id: '', output_modalities: ['image'] },
    { id: 'd', output_modalities: ['image'] },
  ]);
  assert.deepEqual(
    models.map((m) => m.id),
    ['a', 'd'],
  );
  assert.deepEqual([models[0].video_caps?.min_duration_s, models[0].video_caps?.max_duration_s], [3, 10]);
  assert.equal(dropped.length, 3);
  assert.match(dropped[0], /data\[1\]: b video_caps: no whole second/);
  assert.match(dropped[1], /data\[2\]: c video_caps: .*over 3600/);
  assert.match(dropped[2], /data\[3\]/);
});
