// The jobs a comparison hands the batch layer: one per model, each with only the shared fields its
// model has, the input image only where the model takes one, and the compare origin naming the group.
import '../vscodeFake';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compareSpecs } = require('../../../src/compare/host/run') as typeof import('../../../src/compare/host/run');

const byId = new Map((MODELS as unknown as Model[]).map((m) => [m.id, m]));
const image = { file: '/ws/shots/fox.png', source: 'shots/fox.png' };

test('each model gets its own request; the image goes only to a model with image mode', () => {
  const specs = compareSpecs({ kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'A fox', duration_seconds: 5, aspect_ratio: '16:9', image: 'img:x' }, byId, 'g1', [
    image,
  ]);
  assert.deepEqual(specs, [
    {
      key: 'wan-2.6',
      kind: 'video',
      input: { model: 'wan-2.6', prompt: 'A fox', duration_seconds: 5, aspect_ratio: '16:9', mode: 'image' },
      images: [image],
      origin: { type: 'compare', group: 'g1' },
    },
    {
      key: 'seedance-lite',
      kind: 'video',
      input: { model: 'seedance-lite', prompt: 'A fox', duration_seconds: 5, aspect_ratio: '16:9', mode: 'text' },
      origin: { type: 'compare', group: 'g1' },
    },
  ]);
});

test('an unknown model or one of the other kind keeps a bare request (the batch check refuses it, named)', () => {
  const specs = compareSpecs({ kind: 'video', models: ['wan-2.6', 'flux-2-dev', 'nope'], prompt: 'A fox', duration_seconds: 5 }, byId, 'g2', []);
  assert.deepEqual(specs[1]!.input, { model: 'flux-2-dev', prompt: 'A fox' });
  assert.deepEqual(specs[2]!.input, { model: 'nope', prompt: 'A fox' });
  assert.equal(specs[2]!.key, 'nope');
});
