// The image/speech/music/sfx forms' pure rules: the request each kind builds from its state, the
// model's caps limiting it, the problems, the price (known or unknown), prefill and restore.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Model } from '../../../src/api/schemas/schemas';
import { panelStrings } from '../../../src/generate/host/strings';
import type { ExtraMessages } from '../../../src/generate/app/extraParams';
import { applyMediaPrefill, emptyMediaForm, limitMediaForm, restoreMediaForm, restoreMediaForms, type MediaForm } from '../../../src/generate/app/mediaForm';
import { modelOptionLabel, promptLabel, voiceLabel } from '../../../src/generate/app/formLabels';
import { buildMediaRequest, mediaCost, mediaProblems, modelsOfKind } from '../../../src/generate/app/mediaRequest';
import { restoreSession } from '../../../src/generate/app/session';
import { MODELS } from '../../simulator/catalog';

const messages: ExtraMessages = { seedInvalid: 'SEED', extraKeyInvalid: 'KEY_INVALID', extraKeyDuplicate: 'KEY_DUP', extraKeyReserved: 'KEY_RESERVED' };
const all = MODELS as unknown as Model[];
const find = (id: string): Model => {
  const m = all.find((x) => x.id === id);
  assert.ok(m, id);
  return m;
};
const flux = find('flux-2-dev'); // max_n 4, takes images
const imagen = find('imagen-4'); // max_n 1, text only
const tts = find('eleven-tts-v3');
const music = find('eleven-music-v1');
const sfx = find('eleven-sfx-v2');
const strings = panelStrings({ t: (m: string) => m });

function form(patch: Partial<MediaForm>): MediaForm {
  return { ...emptyMediaForm(), ...patch };
}

const fields = (problems: ReadonlyArray<{ field: string }>): string[] => problems.map((p) => p.field);

describe('media form: requests', () => {
  it('image: prompt, n, ratio (only when chosen), seed and extra keys; images as sources', () => {
    const f = form({
      model: 'flux-2-dev',
      prompt: 'A kite',
      n: 3,
      aspect_ratio: '',
      seed: ' 42 ',
      extraRows: [{ key: 'guidance', value: '3.5' }],
      images: [{ source: 'https://example.com/a.png', label: 'a.png' }],
    });
    const built = buildMediaRequest('image', f, messages, flux);
    assert.deepEqual(built.request, { seed: 42, guidance: 3.5, model: 'flux-2-dev', prompt: 'A kite', n: 3 });
    assert.deepEqual(built.images, ['https://example.com/a.png']);
    assert.deepEqual(built.problems, []);
    assert.equal(buildMediaRequest('image', { ...f, aspect_ratio: '16:9' }, messages, flux).request.aspect_ratio, '16:9');
    // A text-only model gets no input images (they stay in the form for an editing model).
    assert.deepEqual(buildMediaRequest('image', f, messages, imagen).images, []);
  });

  it('image: the form owns n, seed and input_images; a row may not set them', () => {
    const built = buildMediaRequest(
      'image',
      form({
        model: 'flux-2-dev',
        prompt: 'x',
        seed: '1.5',
        extraRows: [
          { key: 'n', value: '9' },
          { key: 'sse', value: 'true' },
        ],
      }),
      messages,
    );
    assert.deepEqual(built.problems, [
      { field: 'seed', message: 'SEED' },
      { field: 'extra.0', message: 'KEY_RESERVED' },
      { field: 'extra.1', message: 'KEY_RESERVED' },
    ]);
    assert.equal(built.request.n, 1);
  });

  it('speech: the text is `input`; speed only when not 1; the chosen format', () => {
    const f = form({ model: 'eleven-tts-v3', prompt: 'Hello there', voice: 'rachel' });
    assert.deepEqual(buildMediaRequest('speech', f, messages).request, { model: 'eleven-tts-v3', input: 'Hello there', voice: 'rachel', response_format: 'mp3' });
    assert.deepEqual(buildMediaRequest('speech', { ...f, speed: 1.25, response_format: 'pcm_24000' }, messages).request, {
      model: 'eleven-tts-v3',
      input: 'Hello there',
      voice: 'rachel',
      response_format: 'pcm_24000',
      speed: 1.25,
    });
  });

  it('music: seconds become music_length_ms; empty leaves it to the server', () => {
    assert.deepEqual(buildMediaRequest('music', form({ model: 'eleven-music-v1', prompt: 'Jazz', music_seconds: '12.5' }), messages).request, {
      model: 'eleven-music-v1',
      prompt: 'Jazz',
      music_length_ms: 12500,
    });
    assert.deepEqual(buildMediaRequest('music', form({ model: 'eleven-music-v1', prompt: 'Jazz', music_seconds: ' ' }), messages).request, {
      model: 'eleven-music-v1',
      prompt: 'Jazz',
    });
  });

  it('sound effect: duration and prompt influence as numbers, empty ones left out', () => {
    assert.deepEqual(buildMediaRequest('sfx', form({ model: 'eleven-sfx-v2', prompt: 'Thunder', duration_seconds: '2.5', prompt_influence: '0.3' }), messages).request, {
      model: 'eleven-sfx-v2',
      prompt: 'Thunder',
      duration_seconds: 2.5,
      prompt_influence: 0.3,
    });
    assert.deepEqual(buildMediaRequest('sfx', form({ model: 'eleven-sfx-v2', prompt: 'Thunder', duration_seconds: '', prompt_influence: '' }), messages).request, {
      model: 'eleven-sfx-v2',
      prompt: 'Thunder',
    });
  });
});

describe('media form: caps and problems', () => {
  it('a newly chosen model limits n to max_n and drops a ratio it does not offer', () => {
    assert.equal(limitMediaForm('image', form({ n: 4, aspect_ratio: '16:9' }), imagen).n, 1);
    assert.equal(limitMediaForm('image', form({ n: 4, aspect_ratio: '16:9' }), flux).n, 4);
    assert.equal(limitMediaForm('image', form({ n: 0 }), flux).n, 1);
    const noRatios = { ...flux, image_caps: { max_n: 2, aspect_ratios: [] } } as Model;
    assert.equal(limitMediaForm('image', form({ aspect_ratio: '16:9' }), noRatios).aspect_ratio, '');
    assert.equal(limitMediaForm('image', form({ aspect_ratio: '16:9' }), flux).aspect_ratio, '16:9');
  });

  it("speech: the format falls back to the model's first when it does not offer the chosen one", () => {
    const onlyWav = { ...tts, speech_caps: { formats: ['pcm_24000', 'pcm_44100'] } } as Model;
    assert.equal(limitMediaForm('speech', form({ response_format: 'mp3' }), onlyWav).response_format, 'pcm_24000');
    assert.equal(limitMediaForm('speech', form({ response_format: 'ulaw_8000' }), tts).response_format, 'ulaw_8000');
  });

  it('image: n above max_n, a ratio not offered, an empty prompt and images for a text-only model are problems', () => {
    assert.deepEqual(fields(mediaProblems('image', form({ model: 'imagen-4', prompt: '', n: 2, aspect_ratio: '2:1' }), imagen, messages)), ['prompt', 'n', 'aspect_ratio']);
    assert.deepEqual(
      mediaProblems('image', form({ model: 'flux-2-dev', prompt: 'ok', n: 4, images: [{ source: 'img:AAAAAAAAAAAAAAAAAAAAAAAA', label: 'a.png' }] }), flux, messages),
      [],
    );
  });

  it('speech: speed must be 0.25–4 and the format one the model takes; a voice must be chosen', () => {
    const ok = form({ model: 'eleven-tts-v3', prompt: 'Hi', voice: 'rachel' });
    assert.deepEqual(mediaProblems('speech', ok, tts, messages), []);
    assert.deepEqual(fields(mediaProblems('speech', { ...ok, speed: 4.5 }, tts, messages)), ['speed']);
    assert.deepEqual(fields(mediaProblems('speech', { ...ok, speed: 0.2 }, tts, messages)), ['speed']);
    assert.deepEqual(mediaProblems('speech', { ...ok, speed: 0.25 }, tts, messages), []);
    assert.deepEqual(fields(mediaProblems('speech', { ...ok, response_format: 'flac' }, tts, messages)), ['response_format']);
    assert.deepEqual(fields(mediaProblems('speech', { ...ok, voice: '', prompt: '' }, tts, messages)), ['input', 'voice']);
    // A model of another kind is refused by name.
    assert.deepEqual(fields(mediaProblems('speech', { ...ok, model: 'eleven-music-v1' }, music, messages)), ['model']);
  });

  it("music and sfx: lengths within the model's caps; prompt influence 0–1", () => {
    const m = form({ model: 'eleven-music-v1', prompt: 'Jazz' });
    assert.deepEqual(mediaProblems('music', { ...m, music_seconds: '10' }, music, messages), []);
    assert.deepEqual(fields(mediaProblems('music', { ...m, music_seconds: '9' }, music, messages)), ['music_length_ms']);
    assert.deepEqual(fields(mediaProblems('music', { ...m, music_seconds: 'long' }, music, messages)), ['music_length_ms']);
    const s = form({ model: 'eleven-sfx-v2', prompt: 'Rain' });
    assert.deepEqual(fields(mediaProblems('sfx', { ...s, duration_seconds: '23' }, sfx, messages)), ['duration_seconds']);
    assert.deepEqual(fields(mediaProblems('sfx', { ...s, prompt_influence: '1.2' }, sfx, messages)), ['prompt_influence']);
    assert.deepEqual(mediaProblems('sfx', { ...s, duration_seconds: '0.5', prompt_influence: '1' }, sfx, messages), []);
  });
});

describe('media form: price', () => {
  it("is known from the model's price fields, per kind", () => {
    assert.deepEqual(mediaCost('image', form({ model: 'flux-2-dev', prompt: 'x', n: 2 }), flux, messages), { cents: 5 });
    assert.deepEqual(mediaCost('speech', form({ model: 'eleven-tts-v3', prompt: 'x'.repeat(1000), voice: 'rachel' }), tts, messages), { cents: 15 });
    assert.deepEqual(mediaCost('music', form({ model: 'eleven-music-v1', prompt: 'x', music_seconds: '90' }), music, messages), { cents: 120 });
    assert.deepEqual(mediaCost('sfx', form({ model: 'eleven-sfx-v2', prompt: 'x', duration_seconds: '10' }), sfx, messages), { cents: 6 });
  });

  it('is unknown (never a guess) without a length or a price, and absent without a model', () => {
    const noLength = mediaCost('music', form({ model: 'eleven-music-v1', prompt: 'x', music_seconds: '' }), music, messages);
    assert.ok(noLength && 'unknown' in noLength, JSON.stringify(noLength));
    const unpriced = { ...flux, priceperthousandimages: undefined } as Model;
    const image = mediaCost('image', form({ model: 'flux-2-dev', prompt: 'x' }), unpriced, messages);
    assert.ok(image && 'unknown' in image, JSON.stringify(image));
    assert.equal(mediaCost('image', form({}), undefined, messages), undefined);
  });

  it('labels each model with its unit price, and says so when there is none', () => {
    assert.equal(modelOptionLabel('image', flux, strings), 'flux-2-dev — $0.025/image');
    assert.equal(modelOptionLabel('speech', tts, strings), 'eleven-tts-v3 — $0.15/1K characters');
    assert.equal(modelOptionLabel('music', music, strings), 'eleven-music-v1 — $0.80/min');
    assert.equal(modelOptionLabel('sfx', sfx, strings), 'eleven-sfx-v2 — $0.005/s + $0.01/generation');
    assert.equal(modelOptionLabel('image', { ...flux, priceperthousandimages: undefined } as Model, strings), 'flux-2-dev — price unknown');
  });

  it('lists the models of one kind only', () => {
    assert.deepEqual(
      modelsOfKind(all, 'image').map((m) => m.id),
      ['flux-2-dev', 'imagen-4'],
    );
    assert.deepEqual(
      modelsOfKind(all, 'music').map((m) => m.id),
      ['eleven-music-v1'],
    );
  });
});

describe('media form: labels, prefill and restore', () => {
  it('names a voice by its language, gender and accent when it has them', () => {
    assert.equal(voiceLabel({ voice_id: 'r', name: 'Rachel', language: 'en', gender: 'female', accent: 'american', hasPreview: true }, strings), 'Rachel — en · female · american');
    assert.equal(voiceLabel({ voice_id: 'a', name: 'Adam', gender: ' ', hasPreview: false }, strings), 'Adam');
    assert.equal(promptLabel('a\n  long   prompt', 8), 'a long…');
  });

  it('fills the form of its kind from a previous request', () => {
    const speech = applyMediaPrefill('speech', emptyMediaForm(), { model: 'eleven-tts-v3', input: 'Read me', voice: 'adam', speed: 0.75, response_format: 'pcm_22050' }, []);
    assert.deepEqual([speech.prompt, speech.voice, speech.speed, speech.response_format], ['Read me', 'adam', 0.75, 'pcm_22050']);
    const music = applyMediaPrefill('music', emptyMediaForm(), { prompt: 'Jazz', music_length_ms: 15000 }, []);
    assert.equal(music.music_seconds, '15');
    const image = applyMediaPrefill('image', emptyMediaForm(), { prompt: 'Edit', n: 2, seed: 9, extra: { guidance: 3 } }, [
      { source: 'img:AAAAAAAAAAAAAAAAAAAAAAAA', label: 'a.png' },
    ]);
    assert.deepEqual([image.n, image.seed, image.extraRows, image.images.length], [2, '9', [{ key: 'guidance', value: '3' }], 1]);
  });

  it("restores each kind's form field by field; an old video-only state gets the defaults", () => {
    const old = restoreSession({ view: 'form', form: { model: 'wan-2.6', prompt: 'A fox', mode: 'text' } });
    assert.equal(old.kind, 'video');
    assert.equal(old.forms.video.prompt, 'A fox');
    assert.deepEqual(old.forms.image, emptyMediaForm());
    const saved = restoreSession({
      view: 'form',
      kind: 'speech',
      form: {},
      media: { speech: { ...emptyMediaForm(), prompt: 'Hi', speed: 'fast', images: [{ source: '/etc/passwd', label: 'x' }] } },
    });
    assert.equal(saved.kind, 'speech');
    assert.equal(saved.forms.speech.prompt, 'Hi');
    assert.equal(saved.forms.speech.speed, 1);
    assert.deepEqual(saved.forms.speech.images, []);
    // Today's state holds every kind's form under `forms`.
    const current = restoreSession({ view: 'form', kind: 'music', forms: { video: { prompt: 'A fox' }, music: { ...emptyMediaForm(), prompt: 'Jazz' } } });
    assert.equal(current.forms.video.prompt, 'A fox');
    assert.equal(current.forms.music.prompt, 'Jazz');
    assert.deepEqual(current.forms.sfx, emptyMediaForm());
    assert.equal(restoreSession({ kind: 'hologram' }).kind, 'video');
    assert.deepEqual(restoreMediaForm(null), emptyMediaForm());
    assert.deepEqual(Object.keys(restoreMediaForms('junk')), ['image', 'speech', 'music', 'sfx']);
  });
});
