// The simulator's models, auth, request ids and create validation, against plain fetch, so the
// client tests built on it can trust what it does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixturePath } from '../../simulator/resultBytes';
import { KEY, sha256, withSim, api, create, createId, errorOf } from './helpers';

describe('models and auth', () => {
  it('lists models publicly with video, image and audio capabilities', () =>
    withSim({}, async (sim) => {
      const r = await api(sim, 'GET', '/v1/models', { key: null });
      assert.equal(r.status, 200);
      assert.equal(r.json.object, 'list');
      const data = r.json.data as Record<string, unknown>[];
      const wan = data.find((m) => m.id === 'wan-2.6');
      assert.deepEqual(wan?.video_caps, {
        aspect_ratios: ['16:9', '9:16', '1:1'],
        qualities: ['480p', '720p', '1080p'],
        min_duration_s: 5,
        max_duration_s: 10,
        modes: ['text', 'image'],
        price_per_second_cents: 40,
      });
      const kling = data.find((m) => m.id === 'kling-1')?.video_caps as Record<string, unknown>;
      assert.deepEqual(kling.modes, ['text', 'image', 'reference']);
      assert.equal(kling.price_per_second_cents, 28);
      for (const m of data) {
        assert.equal(m.object, 'model');
        assert.equal(m.status, 'live');
        assert.ok(Array.isArray(m.output_modalities));
      }
      assert.ok(data.filter((m) => (m.output_modalities as string[]).includes('image')).every((m) => m.image_caps));
      assert.ok(data.some((m) => (m.output_modalities as string[]).includes('audio')));
      assert.equal((await api(sim, 'GET', '/v1/models')).status, 200, 'a valid key is fine too');
      const bad = await api(sim, 'GET', '/v1/models', { key: 'sk-air-nope' });
      assert.equal(bad.status, 401);
    }));

  it('requires a valid Bearer key on video endpoints, with the error envelope', () =>
    withSim({}, async (sim) => {
      const missing = await api(sim, 'GET', '/v1/video/tasks', { key: null });
      assert.equal(missing.status, 401);
      assert.deepEqual(Object.keys(errorOf(missing)).sort(), ['code', 'message', 'param', 'type']);
      assert.equal(errorOf(missing).type, 'authentication_error');
      assert.equal(errorOf(missing).code, 'missing_api_key');
      const wrong = await create(sim, {}, 'sk-air-wrong');
      assert.equal(wrong.status, 401);
      assert.equal(errorOf(wrong).code, 'invalid_api_key');
      assert.ok(!JSON.stringify(wrong.json).includes('sk-air-wrong'), 'the key is not echoed');
      const xkey = await api(sim, 'GET', '/v1/video/tasks', { key: null, headers: { 'x-api-key': KEY } });
      assert.equal(xkey.status, 401, 'x-api-key is not accepted on video endpoints');
      assert.equal(sim.tasks.size, 0);
    }));

  it('echoes X-Request-ID, or generates one, on every response', () =>
    withSim({}, async (sim) => {
      const mine = await api(sim, 'GET', '/v1/video/tasks', { headers: { 'x-request-id': 'my-id-123' } });
      assert.equal(mine.headers.get('x-request-id'), 'my-id-123');
      const err = await api(sim, 'GET', '/v1/video/tasks', { key: null, headers: { 'x-request-id': 'err-id' } });
      assert.equal(err.headers.get('x-request-id'), 'err-id');
      const gen = await api(sim, 'GET', '/v1/models');
      assert.match(gen.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{24}$/);
      assert.equal(sim.requests.at(-1)?.requestId, gen.headers.get('x-request-id'));
      const unknown = await api(sim, 'GET', '/v1/nothing');
      assert.equal(unknown.status, 404);
      assert.equal(errorOf(unknown).type, 'not_found');
    }));

  it('can answer errors in the flat form', () =>
    withSim({}, async (sim) => {
      sim.flatErrors = true;
      const r = await api(sim, 'GET', '/v1/video/tasks', { key: null });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'authentication_error');
      assert.equal(typeof r.json.message, 'string');
    }));
});

describe('create validation', () => {
  const png = readFileSync(fixturePath('demo-image.png'));
  const cases: [string, unknown, string, string | null, string?][] = [
    ['malformed JSON', '{"model":', 'invalid_json', null],
    ['non-object body', '[1,2]', 'invalid_body', null],
    ['missing model', { prompt: 'x' }, 'missing_required_parameter', 'model'],
    ['unknown model', { model: 'gpt-99', prompt: 'x' }, 'model_not_found', 'model'],
    ['image model', { model: 'flux-2-dev', prompt: 'x' }, 'model_not_video', 'model'],
    ['missing prompt', { model: 'wan-2.6' }, 'missing_required_parameter', 'prompt'],
    ['blank prompt', { model: 'wan-2.6', prompt: '   ' }, 'missing_required_parameter', 'prompt'],
    ['unknown mode', { model: 'wan-2.6', prompt: 'x', mode: 'audio' }, 'invalid_value', 'mode'],
    ['mode not offered', { model: 'seedance-lite', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png' }] }, 'unsupported_mode', 'mode'],
    ['duration too long', { model: 'wan-2.6', prompt: 'x', duration_seconds: 11 }, 'invalid_duration', 'duration_seconds'],
    ['duration too short', { model: 'seedance-lite', prompt: 'x', duration_seconds: 3 }, 'invalid_duration', 'duration_seconds'],
    ['fractional duration', { model: 'wan-2.6', prompt: 'x', duration_seconds: 5.5 }, 'invalid_type', 'duration_seconds'],
    ['aspect not offered', { model: 'wan-2.6', prompt: 'x', aspect_ratio: '4:3' }, 'unsupported_aspect_ratio', 'aspect_ratio'],
    ['quality not offered', { model: 'kling-1', prompt: 'x', quality: '480p' }, 'unsupported_quality', 'quality'],
    ['image mode without images', { model: 'kling-1', prompt: 'x', mode: 'image' }, 'missing_input_images', 'input_images'],
    ['reference with empty list', { model: 'kling-1', prompt: 'x', mode: 'reference', input_images: [] }, 'missing_input_images', 'input_images'],
    [
      'image with url and b64',
      { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png', b64_json: 'AAAA' }] },
      'invalid_input_image',
      'input_images',
    ],
    ['image url not http', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'file:///etc/passwd' }] }, 'invalid_image_url', 'input_images'],
    ['bad base64', { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ b64_json: '***' }] }, 'invalid_base64', 'input_images'],
    [
      'not an image',
      { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ b64_json: Buffer.from('hello world').toString('base64') }] },
      'unsupported_image_format',
      'input_images',
    ],
    [
      'two images in image mode',
      { model: 'kling-1', prompt: 'x', mode: 'image', input_images: [{ url: 'https://e.x/a.png' }, { url: 'https://e.x/b.png' }] },
      'too_many_input_images',
      'input_images',
    ],
    ['text content type', '{"model":"wan-2.6","prompt":"x"}', 'invalid_content_type', null, 'text/plain'],
  ];

  it('rejects each invalid request with 400 invalid_request, the code and the param', () =>
    withSim({}, async (sim) => {
      for (const [name, body, code, param, type] of cases) {
        const r = await api(sim, 'POST', '/v1/video/generations', {
          body,
          headers: type ? { 'content-type': type } : {},
        });
        assert.equal(r.status, 400, name);
        const e = errorOf(r);
        assert.equal(e.type, 'invalid_request', name);
        assert.equal(e.code, code, name);
        assert.equal(e.param, param, name);
        assert.ok(typeof e.message === 'string' && e.message.length > 0, name);
      }
      assert.equal(sim.tasks.size, 0, 'no invalid request created a task');
      assert.ok(png.length > 0);
    }));

  it('refuses oversized bodies with 413', () =>
    withSim({ maxBodyBytes: 1024 }, async (sim) => {
      const r = await create(sim, { pad: 'x'.repeat(2000) });
      assert.equal(r.status, 413);
      assert.equal(errorOf(r).type, 'payload_too_large');
    }));

  it('creates a task: defaults, cost, X-Cost-Cents, extra keys kept', () =>
    withSim({ clockSpeed: 1 }, async (sim) => {
      const r = await create(sim, { model: 'kling-1', seed: 7, sound: true });
      assert.equal(r.status, 200);
      const j = r.json;
      assert.match(j.task_id as string, /^[0-9a-f-]{36}$/);
      assert.equal(j.status, 'queued');
      assert.equal(j.model, 'kling-1');
      assert.equal(j.progress, 0);
      assert.equal(j.expires_at, (j.created as number) + 86400);
      assert.ok(Math.abs((j.created as number) - sim.now()) < 5);
      assert.equal(j.cost_cents, 5 * 28, 'default duration is the minimum');
      assert.equal(r.headers.get('x-cost-cents'), '140');
      const t = sim.tasks.get(j.task_id as string);
      assert.deepEqual(t?.extra, { seed: 7, sound: true });
      assert.equal(t?.duration_seconds, 5);
      const explicit = await create(sim, { duration_seconds: 8, aspect_ratio: '9:16', quality: '1080p' });
      assert.equal(explicit.json.cost_cents, 320);
      const status = await api(sim, 'GET', `/v1/video/tasks/${explicit.json.task_id as string}`);
      assert.equal(status.json.aspect_ratio, '9:16');
      assert.equal(status.json.quality, '1080p');
      assert.equal(status.json.duration_seconds, 8);
    }));

  it('accepts url and b64 images; the log keeps the sha256 of the decoded bytes, not the bytes', () =>
    withSim({}, async (sim) => {
      const b64 = png.toString('base64');
      const id = await createId(sim, { model: 'kling-1', mode: 'image', input_images: [{ b64_json: b64 }] });
      const task = sim.tasks.get(id);
      assert.deepEqual(task?.input_image_sha256, [sha256(png)]);
      const logged = sim.requests.find((e) => e.method === 'POST')?.body as { input_images: { b64_json: unknown }[] };
      assert.deepEqual(logged.input_images[0].b64_json, { length: b64.length, bytes: png.length, sha256: sha256(png) });
      assert.ok(!JSON.stringify(sim.requests).includes(b64.slice(0, 200)));

      const dataUrl = `data:image/png;base64,${b64}`;
      await createId(sim, { model: 'kling-1', mode: 'reference', input_images: [{ b64_json: dataUrl }, { url: 'https://e.x/ref.jpg' }] });
      const urlId = await createId(sim, { model: 'wan-2.6', mode: 'image', input_images: [{ url: 'https://e.x/first.png' }] });
      const r = await api(sim, 'GET', `/v1/video/tasks/${urlId}`);
      assert.equal(r.json.input_image_url, 'https://e.x/first.png');
      assert.equal(r.json.mode, 'image');
    }));
});
