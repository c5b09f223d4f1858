// Issue 20: airforce_list_models' answer, from the simulator's catalog: models by job kind with
// their caps and unit prices (the Models view's rules), the defaults, and the voices when asked.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobKindOf, modelListing } from '../../../src/tools/vscode/modelListing';
import { ModelListSchema, type Model } from '../../../src/api/schemas/schemas';
import type { Voice } from '../../../src/api/schemas/audioSchemas';
import { MODELS } from '../../simulator/catalog';

const models: Model[] = ModelListSchema.parse({ data: MODELS }).data;
const byId = (id: string): Model => models.find((m) => m.id === id)!;
const none = (): undefined => undefined;

describe('airforce_list_models', () => {
  it('issue 20: every model of ours under its job kind; chat models left out', () => {
    assert.equal(jobKindOf(byId('flux-2-dev')), 'image');
    assert.equal(jobKindOf(byId('wan-2.6')), 'video');
    assert.equal(jobKindOf(byId('whisper-1')), 'transcribe');
    assert.equal(jobKindOf(byId('eleven-dubbing-v1')), 'dub');
    assert.equal(jobKindOf(byId('eleven-isolation-v1')), 'isolate');
    assert.equal(jobKindOf(byId('eleven-sts-v2')), 'voiceChange');
    assert.equal(jobKindOf(byId('gpt-4o-mini')), undefined);
    const listing = modelListing(models, none);
    assert.deepEqual(Object.keys(listing.kinds), ['video', 'image', 'speech', 'music', 'sfx', 'transcribe', 'dub', 'isolate', 'voiceChange']);
    assert.ok(!JSON.stringify(listing).includes('gpt-4o-mini'));
  });

  it('issue 20: unit prices in cents and caps, as the Models view reads them', () => {
    const { kinds } = modelListing(models, none);
    const find = (kind: keyof typeof kinds, id: string) => kinds[kind]!.find((m) => m.id === id)!;
    assert.deepEqual(find('image', 'flux-2-dev').prices_cents, { per_image: 2.5 });
    assert.deepEqual(find('image', 'flux-2-dev').caps, { max_n: 4, aspect_ratios: ['1:1', '16:9', '9:16', '4:3', '3:4'] });
    assert.deepEqual(find('video', 'seedance-lite').prices_cents, { per_second: 5 });
    assert.deepEqual(find('video', 'seedance-lite').caps, { min_duration_s: 4, max_duration_s: 8, aspect_ratios: ['16:9', '9:16'], qualities: ['480p', '720p'], modes: ['text'] });
    assert.deepEqual(find('sfx', 'eleven-sfx-v2').prices_cents, { per_second: 0.5, per_generation: 1 });
    assert.deepEqual(find('music', 'eleven-music-v1').prices_cents, { per_minute: 80 });
    assert.deepEqual(find('speech', 'eleven-tts-v3').prices_cents, { per_thousand_chars: 15 });
    assert.deepEqual(find('transcribe', 'whisper-1').prices_cents, { per_minute: 0.6 });
    assert.deepEqual(find('transcribe', 'scribe-v1').prices_cents, {}, 'no price listed: empty, never a guess');
  });

  it('issue 20: the defaults are the settings of the kinds, and each operation’s first model; one kind when asked', () => {
    const listing = modelListing(models, (k) => (k === 'image' ? 'imagen-4' : undefined));
    assert.equal(listing.defaults.image, 'imagen-4');
    assert.equal(listing.defaults.video, undefined);
    assert.equal(listing.defaults.transcribe, 'whisper-1');
    const only = modelListing(models, (k) => (k === 'image' ? 'imagen-4' : undefined), 'music');
    assert.deepEqual(Object.keys(only.kinds), ['music']);
    assert.deepEqual(only.defaults, {});
  });

  it('issue 20: voices when given, at most 100, the rest counted', () => {
    const voices: Voice[] = Array.from({ length: 103 }, (_, i) => ({ voice_id: `v${i}`, name: `Voice ${i}`, category: i === 0 ? 'cloned' : null }));
    const listing = modelListing(models, none, 'speech', voices);
    assert.equal(listing.voices?.length, 100);
    assert.deepEqual(listing.voices?.[0], { voice_id: 'v0', name: 'Voice 0', category: 'cloned' });
    assert.match(listing.note ?? '', /3 more voices/);
    assert.equal(modelListing(models, none).voices, undefined);
  });
});
