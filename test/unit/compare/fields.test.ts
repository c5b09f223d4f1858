// Compare Models, the pure rules: which shared fields each model has (a field a model lacks is named,
// and left out of its request), each model's request, the form's choices, and the command argument's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Model } from '../../../src/api/schemas/schemas';
import { parseCompareArgs } from '../../../src/compare/args';
import { choices, modelInput, modelOfKind, supportsField, unsupportedFields, type CompareForm } from '../../../src/compare/fields';
import { MODELS } from '../../simulator/catalog';

const model = (id: string): Model => {
  const m = MODELS.find((x) => x.id === id);
  assert.ok(m, id);
  return m as unknown as Model;
};
const wan = model('wan-2.6');
const seedance = model('seedance-lite'); // text only, 4–8 s, 16:9 and 9:16
const flux = model('flux-2-dev'); // up to 4 images, edits
const imagen = model('imagen-4'); // one image, text only

const video = (over: Partial<CompareForm> = {}): CompareForm => ({ kind: 'video', models: ['wan-2.6', 'seedance-lite'], prompt: 'A fox', ...over });

test('a video model without image mode does not support the input image; one with it does', () => {
  assert.equal(supportsField('video', wan, 'image'), true);
  assert.equal(supportsField('video', seedance, 'image'), false);
  assert.equal(supportsField('video', seedance, 'duration_seconds'), true);
  assert.equal(supportsField('video', { ...wan, video_caps: { ...wan.video_caps!, aspect_ratios: [] } }, 'aspect_ratio'), false);
});

test('image models: n only where max_n > 1, input images only where the model takes them', () => {
  assert.equal(supportsField('image', flux, 'n'), true);
  assert.equal(supportsField('image', imagen, 'n'), false);
  assert.equal(supportsField('image', flux, 'image'), true);
  assert.equal(supportsField('image', imagen, 'image'), false);
  assert.equal(supportsField('image', imagen, 'aspect_ratio'), true);
});

test('unsupportedFields names only the fields the form sets and the model lacks', () => {
  assert.deepEqual(unsupportedFields(video(), seedance), []);
  assert.deepEqual(unsupportedFields(video({ image: 'img:x', aspect_ratio: '16:9' }), seedance), ['image']);
  assert.deepEqual(unsupportedFields(video({ image: 'img:x' }), wan), []);
  assert.deepEqual(unsupportedFields({ kind: 'image', models: [], prompt: 'p', n: 3, image: 'https://e.x/a.png' }, imagen), ['n', 'image']);
});

test('modelInput: each model gets the shared fields it has; an unsupported one is not sent', () => {
  const form = video({ duration_seconds: 6, aspect_ratio: '16:9', image: 'img:token' });
  assert.deepEqual(modelInput(form, wan), {
    input: { model: 'wan-2.6', prompt: 'A fox', duration_seconds: 6, aspect_ratio: '16:9', mode: 'image' },
    withImage: true,
  });
  assert.deepEqual(modelInput(form, seedance), {
    input: { model: 'seedance-lite', prompt: 'A fox', duration_seconds: 6, aspect_ratio: '16:9', mode: 'text' },
    withImage: false,
  });
  const images: CompareForm = { kind: 'image', models: [], prompt: 'A lemon', n: 2, duration_seconds: 9 };
  assert.deepEqual(modelInput(images, imagen).input, { model: 'imagen-4', prompt: 'A lemon' }, 'n not sent to a one-image model; no video field on an image job');
  assert.deepEqual(modelInput(images, flux).input, { model: 'flux-2-dev', prompt: 'A lemon', n: 2 });
});

test('a value outside one model’s range is still sent to it (the batch check refuses it, naming the model)', () => {
  // seedance-lite allows 4–8 s: 10 s is an invalid value, not a missing field.
  assert.deepEqual(unsupportedFields(video({ duration_seconds: 10 }), seedance), []);
  assert.equal(modelInput(video({ duration_seconds: 10 }), seedance).input.duration_seconds, 10);
});

test('the form offers every value any chosen model allows, sorted', () => {
  assert.deepEqual(choices('video', [wan, seedance], 'duration_seconds'), [4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(choices('video', [seedance], 'aspect_ratio'), ['16:9', '9:16']);
  assert.deepEqual(choices('image', [imagen, flux], 'n'), [1, 2, 3, 4]);
  assert.deepEqual(choices('image', [imagen], 'n'), []);
});

test('modelOfKind keeps video and image models apart', () => {
  assert.equal(modelOfKind('video', wan), true);
  assert.equal(modelOfKind('video', flux), false);
  assert.equal(modelOfKind('image', flux), true);
  assert.equal(modelOfKind('image', seedance), false);
});

test('parseCompareArgs accepts a video comparison with its shared fields', () => {
  const parsed = parseCompareArgs({ kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A fox', duration_seconds: '6', aspect_ratio: '16:9', image: 'shots/fox.png' });
  assert.deepEqual(parsed, {
    ok: true,
    form: { kind: 'video', models: ['wan-2.6', 'kling-1'], prompt: 'A fox', duration_seconds: 6, aspect_ratio: '16:9', image: 'shots/fox.png' },
  });
});

test('parseCompareArgs refuses a wrong shape, naming what is wrong', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ kind: 'speech', models: ['a', 'b'], prompt: 'p' }, /kind must be "video" or "image"/],
    [{ kind: 'video', models: ['a'], prompt: 'p' }, /2 to 4 model ids/],
    [{ kind: 'video', models: ['a', 'b', 'c', 'd', 'e'], prompt: 'p' }, /2 to 4 model ids/],
    [{ kind: 'video', models: ['a', 'a'], prompt: 'p' }, /twice/],
    [{ kind: 'video', models: ['a', 3], prompt: 'p' }, /model ids/],
    [{ kind: 'video', models: ['a', 'b'], prompt: '  ' }, /prompt/],
    [{ kind: 'video', models: ['a', 'b'], prompt: 'p', n: 2 }, /n is not a shared field of a video comparison/],
    [{ kind: 'image', models: ['a', 'b'], prompt: 'p', duration_seconds: 5 }, /duration_seconds is not a shared field/],
    [{ kind: 'video', models: ['a', 'b'], prompt: 'p', duration_seconds: 5.5 }, /whole number/],
    [{ kind: 'video', models: ['a', 'b'], prompt: 'p', image: 42 }, /image must be/],
  ];
  for (const [raw, message] of cases) {
    const parsed = parseCompareArgs(raw);
    assert.equal(parsed.ok, false, JSON.stringify(raw));
    if (!parsed.ok) assert.match(parsed.message, message);
  }
});
