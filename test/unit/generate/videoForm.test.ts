import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VideoModel } from '../../../src/api/models';
import { formatExtraValue, parseExtraValue } from '../../../src/generate/app/extraParams';
import { pickModel, problemsByField } from '../../../src/generate/app/formCommon';
import {
  applyVideoPrefill,
  buildVideoRequest,
  emptyVideoForm,
  videoCostCents,
  videoProblems,
  imagesForMode,
  limitVideoForm,
  restoreVideoForm,
  type FormMessages,
  type VideoForm,
} from '../../../src/generate/app/videoForm';
import { addImages, isHttpsUrl, keepKnownImages, parseUriList, placeholderImages, removeImage, urlLabel } from '../../../src/generate/imageList';
import { fill, formatElapsed } from '../../../src/webview/browser/text';

const messages: FormMessages = {
  seedInvalid: 'SEED',
  extraKeyInvalid: 'KEY_INVALID',
  extraKeyDuplicate: 'KEY_DUP',
  extraKeyReserved: 'KEY_RESERVED',
  imageRequired: 'IMG_REQUIRED',
  imageOne: 'IMG_ONE',
};

function model(id: string, caps: Partial<VideoModel['video_caps']> = {}): VideoModel {
  return {
    id,
    output_modalities: ['video'],
    video_caps: {
      aspect_ratios: ['16:9', '9:16', '1:1'],
      qualities: ['480p', '720p', '1080p'],
      min_duration_s: 5,
      max_duration_s: 10,
      modes: ['text', 'image', 'reference'],
      price_per_second_cents: 40,
      ...caps,
    },
  };
}

const img = (source: string) => ({ source, label: source.split('/').pop() ?? source });

function form(patch: Partial<VideoForm> = {}): VideoForm {
  return { ...emptyVideoForm(), model: 'wan-2.6', prompt: 'a fox in snow', duration_seconds: 5, aspect_ratio: '16:9', quality: '720p', ...patch };
}

describe('formModel: building the request', () => {
  it('builds the fields the API expects, images as sources', () => {
    const built = buildVideoRequest(form({ mode: 'image', images: [img('/w/a.png')] }), messages);
    assert.deepEqual(built.problems, []);
    assert.deepEqual(built.fields, { model: 'wan-2.6', prompt: 'a fox in snow', mode: 'image', duration_seconds: 5, aspect_ratio: '16:9', quality: '720p' });
    assert.deepEqual(built.images, ['/w/a.png']);
  });

  it('leaves out empty ratio and quality (server default)', () => {
    const built = buildVideoRequest(form({ aspect_ratio: '', quality: '' }), messages);
    assert.equal('aspect_ratio' in built.fields, false);
    assert.equal('quality' in built.fields, false);
  });

  it('adds seed as an integer and sound only when ticked', () => {
    assert.deepEqual(
      { seed: buildVideoRequest(form({ seed: ' 42 ' }), messages).fields.seed, sound: buildVideoRequest(form(), messages).fields.sound },
      { seed: 42, sound: undefined },
    );
    assert.equal(buildVideoRequest(form({ sound: true }), messages).fields.sound, true);
    for (const bad of ['4.2', 'abc', '1e3', '99999999999999999999']) {
      const built = buildVideoRequest(form({ seed: bad }), messages);
      assert.deepEqual(built.problems, [{ field: 'seed', message: 'SEED' }], bad);
      assert.equal('seed' in built.fields, false);
    }
  });

  it('JSON-parses advanced values where possible', () => {
    const built = buildVideoRequest(
      form({
        extraRows: [
          { key: 'steps', value: '30' },
          { key: 'hd', value: 'true' },
          { key: 'style', value: 'noir' },
          { key: 'opts', value: '{"a":[1,2]}' },
          { key: 'quoted', value: '"7"' },
          { key: '', value: '' },
        ],
      }),
      messages,
    );
    assert.deepEqual(built.problems, []);
    assert.deepEqual(
      { steps: built.fields.steps, hd: built.fields.hd, style: built.fields.style, opts: built.fields.opts, quoted: built.fields.quoted },
      { steps: 30, hd: true, style: 'noir', opts: { a: [1, 2] }, quoted: '7' },
    );
  });

  it('refuses invalid, reserved and duplicate advanced keys, each at its row', () => {
    const built = buildVideoRequest(
      form({
        extraRows: [
          { key: '9lives', value: '1' },
          { key: 'prompt', value: 'override' },
          { key: 'steps', value: '1' },
          { key: 'steps', value: '2' },
          { key: '', value: 'orphan' },
        ],
      }),
      messages,
    );
    assert.deepEqual(built.problems, [
      { field: 'extra.0', message: 'KEY_INVALID' },
      { field: 'extra.1', message: 'KEY_RESERVED' },
      { field: 'extra.3', message: 'KEY_DUP' },
      { field: 'extra.4', message: 'KEY_INVALID' },
    ]);
    assert.equal(built.fields.prompt, 'a fox in snow');
    assert.equal(built.fields.steps, 1);
  });

  it('applies the image rules per mode', () => {
    const two = [img('/w/a.png'), img('/w/b.png')];
    assert.deepEqual(buildVideoRequest(form({ mode: 'text', images: two }), messages).images, []);
    assert.deepEqual(buildVideoRequest(form({ mode: 'image', images: two }), messages).images, ['/w/b.png']);
    assert.deepEqual(buildVideoRequest(form({ mode: 'reference', images: two }), messages).images, ['/w/a.png', '/w/b.png']);
    assert.deepEqual(buildVideoRequest(form({ mode: 'image' }), messages).problems, [{ field: 'input_images', message: 'IMG_ONE' }]);
    assert.deepEqual(buildVideoRequest(form({ mode: 'reference' }), messages).problems, [{ field: 'input_images', message: 'IMG_REQUIRED' }]);
    assert.deepEqual(buildVideoRequest(form({ mode: 'text' }), messages).problems, []);
  });
});

describe('formModel: images', () => {
  it('image mode replaces, reference appends without duplicates', () => {
    const a = img('/w/a.png');
    const b = img('/w/b.png');
    assert.deepEqual(addImages([a], [b], 'image'), [b]);
    assert.deepEqual(addImages([a], [b, a], 'reference'), [a, b]);
    assert.deepEqual(addImages([a], [], 'image'), [a]);
    assert.deepEqual(removeImage([a, b], '/w/a.png'), [b]);
  });

  it('caps reference images at 16', () => {
    const many = Array.from({ length: 20 }, (_, i) => img(`/w/${i}.png`));
    assert.equal(addImages([], many, 'reference').length, 16);
    assert.equal(imagesForMode('reference', many).length, 16);
  });

  it('recognises https URLs only', () => {
    assert.equal(isHttpsUrl('https://example.com/dragon.jpg'), true);
    assert.equal(isHttpsUrl('  https://example.com/x.png '), true);
    for (const bad of ['http://example.com/x.png', 'file:///tmp/x.png', 'example.com/x.png', 'https://', '']) assert.equal(isHttpsUrl(bad), false, bad);
    assert.equal(urlLabel('https://example.com/img/My%20Dragon.jpg?x=1'), 'My Dragon.jpg');
    assert.equal(urlLabel('https://example.com/'), 'example.com');
  });

  it('stands in for file bytes during validation', () => {
    assert.deepEqual(placeholderImages(['https://e.com/a.png', '/w/b.png']), [{ url: 'https://e.com/a.png' }, { b64_json: 'pending' }]);
  });

  it('parses uri lists from Explorer drags', () => {
    assert.deepEqual(parseUriList('# comment\r\nfile:///w/a.png\r\n\r\nfile:///w/b%20c.png\n'), ['file:///w/a.png', 'file:///w/b%20c.png']);
  });
});

describe('formModel: models, validation and cost', () => {
  it('re-limits every field when the model changes', () => {
    const small = model('small', { aspect_ratios: ['1:1'], qualities: ['480p'], min_duration_s: 4, max_duration_s: 6, modes: ['text'] });
    const limited = limitVideoForm(form({ mode: 'image', duration_seconds: 10, aspect_ratio: '16:9', quality: '1080p', images: [img('/w/a.png')] }), small);
    assert.equal(limited.model, 'small');
    assert.equal(limited.mode, 'text');
    assert.equal(limited.duration_seconds, 6);
    assert.equal(limited.aspect_ratio, '1:1');
    assert.equal(limited.quality, '480p');
    // Images are kept for a later switch back; the mode decides whether they are sent.
    assert.equal(limited.images.length, 1);
    assert.deepEqual(buildVideoRequest(limited, messages).images, []);
  });

  it("fills an empty ratio and quality with the model's first value", () => {
    const limited = limitVideoForm(form({ aspect_ratio: '', quality: '' }), model('wan-2.6'));
    assert.equal(limited.aspect_ratio, '16:9');
    assert.equal(limited.quality, '480p');
    const none = limitVideoForm(form({ aspect_ratio: '', quality: '' }), model('bare', { aspect_ratios: [], qualities: [] }));
    assert.equal(none.aspect_ratio, '');
    assert.equal(none.quality, '');
  });

  it("combines the form's own problems with the shared validation", () => {
    const m = model('wan-2.6');
    assert.deepEqual(videoProblems(form(), m, messages), []);
    const problems = videoProblems(form({ prompt: '  ', duration_seconds: 30, seed: 'x' }), m, messages);
    const fields = problems.map((p) => p.field).sort();
    assert.deepEqual(fields, ['duration_seconds', 'prompt', 'seed']);
    assert.deepEqual(
      videoProblems(form({ model: 'gone' }), undefined, messages).map((p) => p.field),
      ['model'],
    );
    // The form's message about the image count comes first, so it is the one shown.
    const byField = problemsByField(videoProblems(form({ mode: 'image' }), m, messages));
    assert.equal(byField.get('input_images')?.message, 'IMG_ONE');
  });

  it('accepts a URL image and a file image in reference mode', () => {
    const problems = videoProblems(form({ mode: 'reference', images: [img('https://e.com/a.png'), img('/w/b.png')] }), model('wan-2.6'), messages);
    assert.deepEqual(problems, []);
  });

  it('estimates the cost as duration × price per second', () => {
    assert.equal(videoCostCents(form({ duration_seconds: 8 }), model('wan-2.6')), 320);
    assert.equal(videoCostCents(form({ duration_seconds: 0 }), model('wan-2.6')), 200);
    assert.equal(videoCostCents(form(), undefined), undefined);
  });

  it('picks the current model, else the default, else the first', () => {
    assert.equal(pickModel(['a', 'b', 'c'], 'b', 'c'), 'b');
    assert.equal(pickModel(['a', 'b', 'c'], 'gone', 'c'), 'c');
    assert.equal(pickModel(['a', 'b'], '', 'gone'), 'a');
    assert.equal(pickModel([], 'a', 'b'), '');
  });
});

describe('formModel: prefill and persistence', () => {
  it('puts a previous request back, seed and sound in their own fields', () => {
    const next = applyVideoPrefill(
      emptyVideoForm(),
      {
        model: 'wan-2.6',
        mode: 'reference',
        prompt: 'again',
        duration_seconds: 8,
        aspect_ratio: '9:16',
        quality: '1080p',
        extra: { seed: 12, sound: true, steps: 30, style: 'noir', tricky: '42' },
      },
      [img('/w/a.png'), img('/w/b.png')],
    );
    assert.equal(next.seed, '12');
    assert.equal(next.sound, true);
    assert.deepEqual(next.extraRows, [
      { key: 'steps', value: '30' },
      { key: 'style', value: 'noir' },
      { key: 'tricky', value: '"42"' },
    ]);
    assert.equal(next.images.length, 2);
    // Round trip: the rebuilt request carries the same extras.
    const built = buildVideoRequest(next, messages);
    assert.deepEqual(
      { seed: built.fields.seed, sound: built.fields.sound, steps: built.fields.steps, style: built.fields.style, tricky: built.fields.tricky },
      { seed: 12, sound: true, steps: 30, style: 'noir', tricky: '42' },
    );
  });

  it('keeps fields the prefill does not name', () => {
    const next = applyVideoPrefill(form({ seed: '5' }), { prompt: 'only the prompt' }, []);
    assert.equal(next.prompt, 'only the prompt');
    assert.equal(next.seed, '5');
    assert.equal(next.model, 'wan-2.6');
  });

  it('restores a saved form and repairs a damaged one field by field', () => {
    const token = { source: 'img:abcdefghijklmnopqrstuvwx', label: 'a.png' };
    const saved = form({ seed: '3', images: [token, img('https://e.com/r.png')], extraRows: [{ key: 'k', value: 'v' }] });
    assert.deepEqual(restoreVideoForm(JSON.parse(JSON.stringify(saved))), saved);
    // #11 a raw path (an older version's state) is never restored, so it is never sent back.
    const damaged = restoreVideoForm({ model: 5, mode: 'warp', prompt: 'kept', images: [{ nope: 1 }, img('/w/b.png'), token], extraRows: 'x', sound: 'yes' });
    assert.equal(damaged.model, '');
    assert.equal(damaged.mode, 'text');
    assert.equal(damaged.prompt, 'kept');
    assert.deepEqual(damaged.images, [token]);
    assert.deepEqual(damaged.extraRows, []);
    assert.equal(damaged.sound, false);
    assert.deepEqual(restoreVideoForm(undefined), emptyVideoForm());
  });

  it('#11 keeps only the images the host still knows after a reload (URLs always)', () => {
    const a = { source: 'img:aaaaaaaaaaaaaaaaaaaaaaaa', label: 'a.png' };
    const b = { source: 'img:bbbbbbbbbbbbbbbbbbbbbbbb', label: 'b.png' };
    const url = img('https://e.com/r.png');
    assert.deepEqual(keepKnownImages([a, url, b], new Set([b.source])), [url, b]);
  });
});

describe('formModel: small helpers', () => {
  it('parses and formats extra values symmetrically', () => {
    for (const v of [30, true, null, 'noir', '42', { a: 1 }, [1, 'x']]) assert.deepEqual(parseExtraValue(formatExtraValue(v)), v);
    assert.equal(parseExtraValue('  '), '');
  });

  it('fills placeholders and formats elapsed time', () => {
    assert.equal(fill('{0} — {1}/s', 'wan-2.6', '$0.40'), 'wan-2.6 — $0.40/s');
    assert.equal(fill('{0} and {1}', 'a'), 'a and {1}');
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatElapsed(65_400), '1:05');
    assert.equal(formatElapsed(3_605_000), '1:00:05');
    assert.equal(formatElapsed(-5), '0:00');
  });
});
