import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VideoModel } from '../../../src/api/models';
import { ValidationError, assertValidVideoRequest, limitToModel, validateVideoRequest } from '../../../src/api/rules/validation';

const wan: VideoModel = {
  id: 'wan-2.6',
  output_modalities: ['video'],
  video_caps: {
    aspect_ratios: ['16:9', '9:16', '1:1'],
    qualities: ['480p', '720p'],
    min_duration_s: 5,
    max_duration_s: 10,
    modes: ['text', 'image'],
    price_per_second_cents: 40,
  },
};
const fixed: VideoModel = {
  id: 'fixed-8',
  output_modalities: ['video'],
  video_caps: { aspect_ratios: ['9:16'], qualities: [], min_duration_s: 8, max_duration_s: 8, modes: ['reference'], price_per_second_cents: 10 },
};

const problemsOf = (r: ReturnType<typeof validateVideoRequest>) => (r.ok ? [] : r.problems);

test('fills defaults and keeps extra keys untouched', () => {
  const r = validateVideoRequest({ model: 'wan-2.6', prompt: 'A fox', seed: 42, sound: true, nested: { a: 1 } }, wan);
  assert.ok(r.ok);
  assert.deepEqual(r.request, { model: 'wan-2.6', prompt: 'A fox', mode: 'text', duration_seconds: 5, seed: 42, sound: true, nested: { a: 1 } });
});

test('accepts a full valid image request', () => {
  const r = validateVideoRequest(
    { model: 'wan-2.6', prompt: 'Dragon', mode: 'image', duration_seconds: 8, aspect_ratio: '16:9', quality: '720p', input_images: [{ url: 'https://example.com/d.jpg' }] },
    wan,
  );
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.request.duration_seconds, 8);
  assert.deepEqual(r.request.input_images, [{ url: 'https://example.com/d.jpg' }]);
});

test('names each field and its allowed values', () => {
  const problems = problemsOf(validateVideoRequest({ model: 'wan-2.6', prompt: '   ', mode: 'reference', duration_seconds: 12, aspect_ratio: '4:3', quality: '1080p' }, wan));
  const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
  assert.deepEqual(Object.keys(byField).sort(), ['aspect_ratio', 'duration_seconds', 'mode', 'prompt', 'quality']);
  assert.match(byField.duration_seconds!.message, /between 5 and 10 seconds/);
  assert.deepEqual(byField.duration_seconds!.allowed, [5, 6, 7, 8, 9, 10]);
  assert.equal(byField.aspect_ratio!.message, 'aspect_ratio must be one of 16:9, 9:16, 1:1');
  assert.deepEqual(byField.quality!.allowed, ['480p', '720p']);
  assert.match(byField.mode!.message, /text, image/);
});

test('duration must be a whole number; numeric strings from a form are accepted', () => {
  assert.ok(problemsOf(validateVideoRequest({ model: 'wan-2.6', prompt: 'x', duration_seconds: 6.5 }, wan)).some((p) => p.field === 'duration_seconds'));
  const r = validateVideoRequest({ model: 'wan-2.6', prompt: 'x', duration_seconds: '7' as unknown as number }, wan);
  assert.ok(r.ok);
  assert.equal(r.request.duration_seconds, 7);
  assert.match(
    problemsOf(validateVideoRequest({ model: 'fixed-8', prompt: 'x', duration_seconds: 5, mode: 'reference', input_images: [{ b64_json: 'AAAA' }] }, fixed))[0]!.message,
    /must be 8 seconds/,
  );
});

test('model must be known and a video model', () => {
  assert.match(problemsOf(validateVideoRequest({ model: 'nope', prompt: 'x' }, undefined))[0]!.message, /"nope" is not in the model list/);
  assert.equal(problemsOf(validateVideoRequest({ prompt: 'x' }, undefined))[0]!.field, 'model');
  const imageOnly = { ...wan, id: 'img', output_modalities: ['image'] } as VideoModel;
  assert.match(problemsOf(validateVideoRequest({ model: 'img', prompt: 'x' }, imageOnly))[0]!.message, /does not generate video/);
  assert.match(problemsOf(validateVideoRequest({ model: 'other', prompt: 'x' }, wan))[0]!.message, /does not match/);
});

test('images: required for image/reference, checked one by one, refused in text mode', () => {
  const need = problemsOf(validateVideoRequest({ model: 'wan-2.6', prompt: 'x', mode: 'image' }, wan));
  assert.equal(need[0]!.field, 'input_images');
  assert.match(need[0]!.message, /at least one image/);
  const bad = problemsOf(
    validateVideoRequest(
      {
        model: 'wan-2.6',
        prompt: 'x',
        mode: 'image',
        input_images: [
          { url: 'http://example.com/a.png' },
          { b64_json: '' },
          { url: 'https://x/a', b64_json: 'AA' },
          { b64_json: 'data:image/png;base64,AA' },
          { b64_json: 'AAAA' },
        ] as never,
      },
      wan,
    ),
  );
  assert.deepEqual(
    bad.map((p) => p.message.slice(0, 15)),
    ['input_images[0]', 'input_images[1]', 'input_images[2]', 'input_images[3]'],
  );
  assert.ok(problemsOf(validateVideoRequest({ model: 'wan-2.6', prompt: 'x', input_images: [{ b64_json: 'AA' }] }, wan))[0]!.message.includes('only used in image or reference'));
  const empty = validateVideoRequest({ model: 'wan-2.6', prompt: 'x', input_images: [] }, wan);
  assert.ok(empty.ok && !('input_images' in empty.request), 'an empty list in text mode is dropped');
});

test('empty optional fields are dropped, not sent', () => {
  const r = validateVideoRequest({ model: 'wan-2.6', prompt: 'x', aspect_ratio: '', quality: undefined }, wan);
  assert.ok(r.ok);
  assert.ok(!('aspect_ratio' in r.request) && !('quality' in r.request));
  assert.match(
    problemsOf(validateVideoRequest({ model: 'fixed-8', prompt: 'x', mode: 'reference', quality: '720p', input_images: [{ b64_json: 'AA' }] }, fixed))[0]!.message,
    /cannot be chosen/,
  );
});

test('ValidationError lists every problem', () => {
  assert.throws(
    () => assertValidVideoRequest({ model: 'wan-2.6', prompt: '', duration_seconds: 99 }, wan),
    (e: unknown) => e instanceof ValidationError && e.problems.length === 2 && /prompt.*duration_seconds/.test(e.message),
  );
  assert.equal(assertValidVideoRequest({ model: 'wan-2.6', prompt: 'ok' }, wan).duration_seconds, 5);
});

test('limitToModel re-limits every field at once', () => {
  const form = {
    model: 'wan-2.6',
    prompt: 'keep me',
    mode: 'image' as const,
    duration_seconds: 10,
    aspect_ratio: '16:9',
    quality: '720p',
    input_images: [{ b64_json: 'AA' }],
    seed: 3,
  };
  const out = limitToModel(form, fixed);
  assert.deepEqual(out, { model: 'fixed-8', prompt: 'keep me', mode: 'reference', duration_seconds: 8, aspect_ratio: '9:16', input_images: [{ b64_json: 'AA' }], seed: 3 });
  assert.ok(validateVideoRequest(out, fixed).ok);

  const back = limitToModel({ ...out, duration_seconds: 3, mode: 'reference' }, wan);
  assert.equal(back.mode, 'text', 'unsupported mode falls back to text');
  assert.equal(back.duration_seconds, 5, 'nearest valid duration');
  assert.equal(back.aspect_ratio, '9:16', 'kept: allowed');
  assert.ok(!('input_images' in back), 'no images in text mode');
  assert.equal(limitToModel({ model: 'x', prompt: 'p', duration_seconds: 7.4 }, wan).duration_seconds, 7);
  assert.equal(limitToModel({ model: 'x', prompt: 'p' }, wan).duration_seconds, 5);
  assert.equal(limitToModel({ model: 'x', prompt: 'p', aspect_ratio: '4:3' }, wan).aspect_ratio, '16:9');
  assert.equal(form.model, 'wan-2.6', 'input not mutated');
});
