// The one place that holds prompt limits (src/api/rules/promptLimits.ts) and the validators that use it,
// host and webview alike: 4,000 characters for video, image, music and sound-effect prompts, a model's
// own limit when its caps give one, characters counted as a person sees them, no cap for speech.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countChars, DEFAULT_PROMPT_MAX_CHARS, promptLimit } from '../../../src/api/rules/promptLimits';
import type { Model } from '../../../src/api/schemas/schemas';
import { validateVideoRequest } from '../../../src/api/rules/validation';
import { validateMusicRequest, validateSfxRequest, validateSpeechRequest } from '../../../src/api/rules/validationAudio';
import { validateImageRequest } from '../../../src/api/rules/validationImage';
import { MODELS } from '../../simulator/catalog';

const byId = (id: string): Model => MODELS.find((m) => m.id === id) as unknown as Model;

describe('prompt limits', () => {
  it('fh#2 every validator but speech refuses a prompt over 4,000 characters, naming the field, the count and the limit', () => {
    const long = 'p'.repeat(DEFAULT_PROMPT_MAX_CHARS + 1);
    const results = {
      video: validateVideoRequest({ model: 'wan-2.6', prompt: long }, byId('wan-2.6') as never),
      image: validateImageRequest({ model: 'flux-2-dev', prompt: long }, byId('flux-2-dev')),
      music: validateMusicRequest({ model: 'eleven-music-v1', prompt: long }, byId('eleven-music-v1')),
      sfx: validateSfxRequest({ model: 'eleven-sfx-v2', prompt: long }, byId('eleven-sfx-v2')),
    };
    for (const [kind, r] of Object.entries(results)) {
      assert.equal(r.ok, false, kind);
      if (r.ok) continue;
      const p = r.problems.find((x) => x.code === 'prompt.tooLong');
      assert.deepEqual({ field: p?.field, params: p?.params }, { field: 'prompt', params: [4001, 4000] }, kind);
    }
    const fits = validateVideoRequest({ model: 'wan-2.6', prompt: long.slice(1) }, byId('wan-2.6') as never);
    assert.equal(fits.ok, true);
    const speech = validateSpeechRequest({ model: 'eleven-tts-v3', input: 'w'.repeat(50_000), voice: 'rachel' }, byId('eleven-tts-v3'));
    assert.equal(speech.ok, true, 'speech is billed per character and not capped');
    assert.equal(promptLimit('speech'), undefined);
  });

  it('fh#2 a model whose caps name a limit is held to it; nonsense in the caps is ignored', () => {
    const wan = byId('wan-2.6') as Model & { video_caps: Record<string, unknown> };
    const strict = { ...wan, video_caps: { ...wan.video_caps, max_prompt_chars: 500 } };
    assert.equal(promptLimit('video', strict), 500);
    const r = validateVideoRequest({ model: 'wan-2.6', prompt: 'q'.repeat(501) }, strict as never);
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.params), [[501, 500]]);
    for (const bad of [0, -3, 2.5, '900', null]) assert.equal(promptLimit('video', { ...wan, video_caps: { ...wan.video_caps, max_prompt_chars: bad } }), 4000, String(bad));
    const sfx = byId('eleven-sfx-v2') as Model & { sfx_caps: Record<string, unknown> };
    assert.equal(promptLimit('sfx', { ...sfx, sfx_caps: { ...sfx.sfx_caps, max_prompt_length: 450 } }), 450);
  });

  it('counts characters as a person sees them: an emoji or an accented letter is one', () => {
    assert.equal(countChars('🎬é a'), 4);
    assert.equal('🎬'.length, 2, 'not UTF-16 units');
  });
});
