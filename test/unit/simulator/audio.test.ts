// The simulator's audio endpoints over plain fetch: bytes and types per format, costs, validation
// with the envelope, voices and their previews, and the audio faults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MODELS } from '../../simulator/catalog';
import { fixturePath } from '../../simulator/resultBytes';
import { DEMO_KEY } from '../../simulator/server';
import { useSimulator } from './sim-helpers';

const sim = useSimulator({ keys: [DEMO_KEY] });
const MP3 = readFileSync(fixturePath('tone.mp3'));
const WAV = readFileSync(fixturePath('tone.wav'));

function post(path: string, body: unknown, key = DEMO_KEY): Promise<Response> {
  return fetch(`${sim().url}${path}`, {
    method: 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('simulator audio', () => {
  it('the fixtures are real MP3 and WAV files', () => {
    assert.ok(MP3.subarray(0, 3).toString('latin1') === 'ID3' || (MP3[0] === 0xff && (MP3[1] & 0xe0) === 0xe0));
    assert.equal(WAV.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(WAV.subarray(8, 12).toString('latin1'), 'WAVE');
    assert.equal(WAV.readUInt32LE(40), WAV.length - 44);
  });

  it('lists one model per audio kind with a price', () => {
    const kinds = MODELS.filter((m) => ['speech', 'audio', 'sfx'].includes(m.media_type)).map((m) => m.media_type);
    assert.deepEqual(kinds.sort(), ['audio', 'sfx', 'speech']);
  });

  for (const [format, type, bytes] of [
    [undefined, 'audio/mpeg', MP3],
    ['mp3_44100_192', 'audio/mpeg', MP3],
    ['pcm_44100', 'audio/wav', WAV],
    ['ulaw_8000', 'audio/wav', WAV],
  ] as const) {
    it(`speech as ${format ?? 'the default'} answers ${type}`, async () => {
      const res = await post('/v1/audio/speech', { model: 'eleven-tts-v3', input: 'abcd', voice: 'adam', response_format: format });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
      assert.equal(res.headers.get('x-cost-cents'), '0.06');
      assert.ok(res.headers.get('x-request-id'));
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    });
  }

  it('music and sound effects bill by length', async () => {
    const music = await post('/v1/audio/music', { model: 'eleven-music-v1', prompt: 'p', music_length_ms: 60_000 });
    assert.equal(music.headers.get('x-cost-cents'), '80');
    await music.arrayBuffer();
    const sfx = await post('/v1/audio/sound-effects', { model: 'eleven-sfx-v2', prompt: 'p', duration_seconds: 3, prompt_influence: 0.3 });
    assert.equal(sfx.headers.get('x-cost-cents'), '2.5');
    assert.deepEqual(Buffer.from(await sfx.arrayBuffer()), MP3);
  });

  for (const [path, body, param] of [
    ['/v1/audio/speech', { model: 'eleven-tts-v3', input: 'x', voice: 'rachel', speed: 9 }, 'speed'],
    ['/v1/audio/speech', { model: 'eleven-tts-v3', input: '', voice: 'rachel' }, 'input'],
    ['/v1/audio/speech', { model: 'eleven-tts-v3', input: 'x', voice: 'rachel', response_format: 'ogg' }, 'response_format'],
    ['/v1/audio/speech', { model: 'eleven-music-v1', input: 'x', voice: 'rachel' }, 'model'],
    ['/v1/audio/music', { model: 'eleven-music-v1', prompt: 'p', music_length_ms: 1 }, 'music_length_ms'],
    ['/v1/audio/sound-effects', { model: 'eleven-sfx-v2', prompt: 'p', prompt_influence: 3 }, 'prompt_influence'],
  ] as const) {
    it(`${path} refuses a bad ${param} with the envelope`, async () => {
      const res = await post(path, body);
      assert.equal(res.status, 400);
      const json = (await res.json()) as { error: { type: string; param: string } };
      assert.equal(json.error.type, 'invalid_request');
      assert.equal(json.error.param, param);
    });
  }

  it('audio POSTs need a key', async () => {
    const res = await post('/v1/audio/speech', { model: 'eleven-tts-v3', input: 'x', voice: 'rachel' }, '');
    assert.equal(res.status, 401);
  });

  it('voices carry preview URLs served without a key', async () => {
    const res = await fetch(`${sim().url}/v1/audio/voices`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
    const { voices } = (await res.json()) as { voices: { voice_id: string; preview_url: string }[] };
    assert.equal(voices.length, 2);
    const preview = await fetch(voices[1].preview_url);
    assert.equal(preview.headers.get('content-type'), 'audio/mpeg');
    assert.deepEqual(Buffer.from(await preview.arrayBuffer()), MP3);
    assert.equal((await fetch(`${sim().url}/files/voices/nobody/preview.mp3`)).status, 404);
  });

  it('wrong-content-type answers an HTML page with a 200', async () => {
    sim().addFault({ fault: 'wrong-content-type', times: 1 });
    const res = await post('/v1/audio/speech', { model: 'eleven-tts-v3', input: 'x', voice: 'rachel' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /<!doctype html>/);
    assert.equal(sim().requests.at(-1)?.fault, 'wrong-content-type');
  });

  it('download-truncate cuts an audio body short of its Content-Length', async () => {
    sim().addFault({ fault: 'download-truncate', match: { path: '/v1/audio/*' }, times: 1, param: 100 });
    const res = await post('/v1/audio/music', { model: 'eleven-music-v1', prompt: 'p' });
    assert.equal(res.headers.get('content-length'), String(MP3.length));
    await assert.rejects(res.arrayBuffer());
  });

  it('reset-after-body on an audio POST drops the connection unanswered', async () => {
    sim().addFault({ fault: 'reset-after-body', match: { path: '/v1/audio/sound-effects' }, times: 1 });
    await assert.rejects(post('/v1/audio/sound-effects', { model: 'eleven-sfx-v2', prompt: 'p' }));
    assert.equal(sim().requests.at(-1)?.fault, 'reset-after-body');
  });
});
