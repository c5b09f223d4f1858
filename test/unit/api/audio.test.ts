// The audio endpoints (speech, music, sound effects, voices) against the simulator: bytes as served,
// headers read, local validation before sending, never re-sending a POST whose fate is unknown.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AudioValidationError, validateMusicRequest, validateSfxRequest, validateSpeechRequest } from '../../../src/api/rules/validationAudio';
import { SPEECH_FORMATS } from '../../../src/api/schemas/audioSchemas';
import { estimate } from '../../../src/api/rules/byKind';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { ValidationError } from '../../../src/api/rules/validation';
import type { Model } from '../../../src/api/schemas/schemas';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';
import { DEMO_KEY } from '../../simulator/server';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const sim = useSimulator({ keys: [DEMO_KEY] });
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const fixtureSha = (name: string): string => sha(readFileSync(fixturePath(name)));
const model = (id: string): Model => MODELS.find((m) => m.id === id) as unknown as Model;

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

const SPEECH = { model: 'eleven-tts-v3', input: 'Hello there', voice: 'rachel' };

describe('AudioApi against the simulator', () => {
  it('speech: the bytes are the MP3 fixture, with content type, cost and request id', async () => {
    const { client } = recordingClient(sim(), DEMO_KEY);
    const r = await client.audio.speech(SPEECH);
    assert.equal(r.contentType, 'audio/mpeg');
    assert.equal(sha(await readAll(r.body)), fixtureSha('tone.mp3'));
    // 11 characters × 15000 ¢ per million.
    assert.equal(r.costCents, 0.165);
    assert.equal(r.requestId, sim().requests.at(-1)?.requestId);
    assert.match(r.requestId, /\S/);
  });

  it('speech in a PCM format answers the WAV fixture as audio/wav', async () => {
    const { client } = recordingClient(sim(), DEMO_KEY);
    const r = await client.audio.speech({ ...SPEECH, response_format: 'pcm_22050', speed: 1.5 });
    assert.equal(r.contentType, 'audio/wav');
    assert.equal(sha(await readAll(r.body)), fixtureSha('tone.wav'));
  });

  it('music and sound effects: fixture bytes and X-Cost-Cents', async () => {
    const { client } = recordingClient(sim(), DEMO_KEY);
    const music = await client.audio.music({ model: 'eleven-music-v1', prompt: 'calm piano', music_length_ms: 30_000 });
    assert.equal(sha(await readAll(music.body)), fixtureSha('tone.mp3'));
    assert.equal(music.costCents, 40); // half a minute at 80 ¢ a minute
    const sfx = await client.audio.soundEffect({ model: 'eleven-sfx-v2', prompt: 'door slam', duration_seconds: 2, response_format: 'ulaw_8000' });
    assert.equal(sfx.contentType, 'audio/wav');
    assert.equal(sha(await readAll(sfx.body)), fixtureSha('tone.wav'));
    assert.equal(sfx.costCents, 2); // 1 ¢ flat + 2 s × 0.5 ¢
  });

  it('voices are listed, and a preview_url is served without a key', async () => {
    const { client } = recordingClient(sim(), DEMO_KEY);
    const voices = await client.audio.voices();
    assert.deepEqual(
      voices.map((v) => v.voice_id),
      ['rachel', 'adam'],
    );
    assert.equal(voices[0].gender, 'female');
    const preview = voices[0].preview_url ?? assert.fail('no preview_url');
    assert.ok(preview.startsWith(sim().url));
    const res = await fetch(preview);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    assert.equal(sha(Buffer.from(await res.arrayBuffer())), fixtureSha('tone.mp3'));
  });

  for (const [name, req, field, allowed] of [
    ['a speed out of range', { ...SPEECH, speed: 5 }, 'speed', [0.25, 4]],
    ['an unknown format', { ...SPEECH, response_format: 'flac' }, 'response_format', SPEECH_FORMATS],
    ['an empty input', { ...SPEECH, input: '  ' }, 'input', undefined],
  ] as const) {
    it(`speech with ${name} is refused locally, naming ${field}, and nothing is sent`, async () => {
      const { client } = recordingClient(sim(), DEMO_KEY);
      const err = await client.audio.speech(req as never).then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ValidationError && err instanceof AudioValidationError);
      assert.equal(err.problems[0].field, field);
      assert.match(err.message, new RegExp(`speech request.*${field}`));
      if (allowed) assert.deepEqual(err.problems[0].allowed, allowed);
      assert.equal(sim().requests.length, 0);
    });
  }

  it('a POST whose connection drops after the body was sent is not re-sent: CreateOutcomeUnknownError', async () => {
    sim().addFault({ fault: 'reset-after-body', match: { path: '/v1/audio/speech' }, times: 1 });
    const { client, delays } = recordingClient(sim(), DEMO_KEY);
    await assert.rejects(client.audio.speech(SPEECH), (e: unknown) => {
      assert.ok(e instanceof CreateOutcomeUnknownError);
      assert.match(e.message, /speech request may or may not/);
      return true;
    });
    assert.equal(sim().requests.filter((r) => r.path === '/v1/audio/speech').length, 1);
    assert.deepEqual(delays, []);
  });

  it('a POST left unanswered after its body (hold-after-body) times out as CreateOutcomeUnknownError, not re-sent', async () => {
    sim().addFault({ fault: 'hold-after-body', match: { path: '/v1/audio/music' }, times: 1 });
    const { client } = recordingClient(sim(), DEMO_KEY, { requestTimeoutMs: 200 });
    await assert.rejects(client.audio.music({ model: 'eleven-music-v1', prompt: 'x' }), CreateOutcomeUnknownError);
    assert.equal(sim().requests.filter((r) => r.path === '/v1/audio/music').length, 1);
  });

  it('a 503 response is retried (it proves nothing was made)', async () => {
    sim().addFault({ fault: 'status-503', match: { path: '/v1/audio/sound-effects' }, times: 1, param: 0 });
    const { client } = recordingClient(sim(), DEMO_KEY);
    const r = await client.audio.soundEffect({ model: 'eleven-sfx-v2', prompt: 'rain' });
    await r.body.cancel();
    assert.equal(sim().requests.filter((x) => x.path === '/v1/audio/sound-effects').length, 2);
  });

  it('a text/html answer is a clear error, not audio', async () => {
    sim().addFault({ fault: 'wrong-content-type', times: 1 });
    const { client } = recordingClient(sim(), DEMO_KEY);
    await assert.rejects(client.audio.music({ model: 'eleven-music-v1', prompt: 'x' }), (e: unknown) => {
      assert.ok(e instanceof AirforceError);
      assert.equal(e.code, 'wrong_content_type');
      assert.match(e.message, /text\/html.*instead of audio/);
      return true;
    });
    assert.equal(sim().requests.length, 1);
  });

  it('a server validation error comes back with the envelope', async () => {
    const { client } = recordingClient(sim(), DEMO_KEY);
    await assert.rejects(client.audio.speech({ ...SPEECH, voice: 'nobody' }), (e: unknown) => {
      assert.ok(e instanceof AirforceError);
      assert.equal(e.status, 400);
      assert.equal(e.param, 'voice');
      return true;
    });
  });
});

describe('audio validation against the model', () => {
  it('speech: a music model is refused, a good request is normalised', () => {
    const wrong = validateSpeechRequest({ ...SPEECH, model: 'eleven-music-v1' }, model('eleven-music-v1'));
    assert.equal(wrong.ok, false);
    assert.equal(!wrong.ok && wrong.problems[0].field, 'model');
    const ok = validateSpeechRequest({ ...SPEECH, speed: '1.25', seed: '' }, model('eleven-tts-v3'));
    assert.deepEqual(ok, { ok: true, request: { ...SPEECH, speed: 1.25 } });
  });

  it('music: music_length_ms is limited by audio_caps', () => {
    const r = validateMusicRequest({ model: 'eleven-music-v1', prompt: 'p', music_length_ms: 5000 }, model('eleven-music-v1'));
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems[0], {
      field: 'music_length_ms',
      code: 'range.msBetween',
      params: ['music_length_ms', 10000, 300000],
      message: 'music_length_ms must be a whole number between 10000 and 300000 ms',
      allowed: [10000, 300000],
    });
  });

  it('sfx: duration from sfx_caps, prompt_influence 0–1, missing prompt', () => {
    const r = validateSfxRequest({ model: 'eleven-sfx-v2', prompt: '', duration_seconds: 30, prompt_influence: 2 }, model('eleven-sfx-v2'));
    assert.deepEqual(!r.ok && r.problems.map((p) => p.field), ['prompt', 'duration_seconds', 'prompt_influence']);
    assert.equal(validateSfxRequest({ model: 'eleven-sfx-v2', prompt: 'boom' }, undefined).ok, false);
  });
});

describe('audio cost estimates', () => {
  it('speech = characters × price per million, in code points', () => {
    assert.deepEqual(estimate('speech', { input: 'héllo 👋' }, model('eleven-tts-v3')), { cents: (7 * 15000) / 1e6 });
  });
  it('music = minutes × price per minute; sfx = flat fee + seconds × price per second', () => {
    assert.deepEqual(estimate('music', { music_length_ms: 90_000 }, model('eleven-music-v1')), { cents: 120 });
    assert.deepEqual(estimate('sfx', { duration_seconds: 4 }, model('eleven-sfx-v2')), { cents: 3 });
  });
  it('price unknown when a price or the length is missing, never a guess', () => {
    const bare = { id: 'x-tts', media_type: 'speech', output_modalities: ['audio'] } as Model;
    const speech = estimate('speech', { input: 'hi' }, bare);
    assert.ok('unknown' in speech && /price unknown/.test(speech.reason));
    const music = estimate('music', {}, model('eleven-music-v1'));
    assert.ok('unknown' in music && /no length/.test(music.reason));
    const flatOnly = { ...bare, id: 'x-sfx', price_per_generation_cents: 3 } as Model;
    assert.deepEqual(estimate('sfx', {}, flatOnly), { cents: 3 });
    const negative = { ...bare, price_per_million_chars_cents: -1 } as Model;
    assert.ok('unknown' in estimate('speech', { input: 'hi' }, negative));
  });
});
