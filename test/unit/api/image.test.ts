// The image endpoint over the shared transport, against the simulator: url and b64_json results
// byte for byte, sse:true, X-Cost-Cents and X-Request-ID, local validation, the never-re-send rule,
// and the price before sending.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { estimateCostCents } from '../../../src/api/rules/cost';
import { estimate } from '../../../src/api/rules/byKind';
import { AirforceError, CreateOutcomeUnknownError } from '../../../src/api/http/errors';
import { ImageApi, parseSseEvents } from '../../../src/api/image';
import type { Model } from '../../../src/api/schemas/schemas';
import { ValidationError } from '../../../src/api/rules/validation';
import { assertValidImageRequest, validateImageRequest } from '../../../src/api/rules/validationImage';
import { fixturePath } from '../../simulator/resultBytes';
import { recordingClient, recordingHttp, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-image-unit-0123456789';
const PATH = '/v1/images/generations';
const sim = useSimulator({ keys: [KEY], clockSpeed: 50 });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const PNG_SHA = sha(readFileSync(fixturePath('demo-image.png')));
const JPEG_SHA = sha(readFileSync(fixturePath('demo-image.jpg')));
const posts = (): number => sim().requests.filter((r) => r.method === 'POST' && r.path === PATH).length;

function images() {
  const { http, logger, delays } = recordingHttp(sim(), KEY);
  return { api: new ImageApi(http), logger, delays };
}

async function models(): Promise<Map<string, Model>> {
  const { client } = recordingClient(sim(), KEY);
  return new Map((await client.listModels()).map((m) => [m.id, m]));
}

describe('ImageApi', () => {
  it('url results: fetched without the key, bytes identical to the fixture; sse:true sent and parsed; X-Cost-Cents and X-Request-ID kept', async () => {
    const { api } = images();
    const result = await api.generate({ model: 'flux-2-dev', prompt: 'a red kite', n: 2 });
    const sent = sim().requests.find((r) => r.path === PATH);
    assert.equal((sent?.body as { sse?: unknown }).sse, true);
    assert.equal(result.images.length, 2);
    assert.equal(result.costCents, 5); // 2 × 2500 / 1000
    assert.equal(result.requestId, sent?.requestId);
    assert.equal(typeof result.created, 'number');
    for (const img of result.images) {
      assert.ok('url' in img);
      assert.ok(!img.url.includes(KEY));
      const res = await fetch(img.url); // no Authorization header
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(sha(new Uint8Array(await res.arrayBuffer())), PNG_SHA);
    }
  });

  it('b64_json results decode to exactly the fixture bytes (PNG and JPEG)', async () => {
    const { api } = images();
    const png = await api.generate({ model: 'flux-2-dev', prompt: 'a red kite', response_format: 'b64_json' });
    const jpeg = await api.generate({ model: 'imagen-4', prompt: 'a blue kite', response_format: 'b64_json', output_format: 'jpeg' });
    assert.ok('b64_json' in png.images[0]! && 'b64_json' in jpeg.images[0]!);
    assert.equal(sha(Buffer.from((png.images[0] as { b64_json: string }).b64_json, 'base64')), PNG_SHA);
    assert.equal(sha(Buffer.from((jpeg.images[0] as { b64_json: string }).b64_json, 'base64')), JPEG_SHA);
    assert.equal(jpeg.costCents, 4);
  });

  it('a plain JSON answer is read too, and an error event inside the stream is an error', async () => {
    const fake = (body: string, type: string) => {
      const { http } = recordingHttp(sim(), KEY, {
        fetch: async () => new Response(body, { status: 200, headers: { 'content-type': type, 'x-cost-cents': '2.5' } }),
      });
      return new ImageApi(http);
    };
    const plain = await fake('{"data":[{"url":"https://cdn.example/a.png"}]}', 'application/json').generate({ model: 'm', prompt: 'p' });
    assert.deepEqual(plain.images, [{ url: 'https://cdn.example/a.png' }]);
    assert.equal(plain.costCents, 2.5);
    await assert.rejects(
      fake('data: {"error":{"message":"provider exploded"}}\n\ndata: [DONE]\n\n', 'text/event-stream').generate({ model: 'm', prompt: 'p' }),
      (e: unknown) => e instanceof AirforceError && /provider exploded/.test(e.message),
    );
    await assert.rejects(
      fake('data: {"data":[{}]}\n\n', 'text/event-stream').generate({ model: 'm', prompt: 'p' }),
      (e: unknown) => e instanceof AirforceError && e.code === 'schema_mismatch' && /probably generated/.test(e.message),
    );
  });

  it('a POST whose connection drops after the body was sent is not re-sent: CreateOutcomeUnknownError, one POST in the log', async () => {
    const { api } = images();
    sim().addFault({ match: { method: 'POST', path: PATH }, fault: 'reset-after-body', times: 1 });
    await assert.rejects(api.generate({ model: 'flux-2-dev', prompt: 'lost' }), (e: unknown) => {
      assert.ok(e instanceof CreateOutcomeUnknownError);
      assert.match(e.message, /image request may or may not/);
      return true;
    });
    assert.equal(posts(), 1);
  });

  it('a 503 answer is retried (nothing was made), and the retry succeeds', async () => {
    const { api, delays } = images();
    sim().addFault({ match: { method: 'POST', path: PATH }, fault: 'status-503', times: 1 });
    const result = await api.generate({ model: 'flux-2-dev', prompt: 'retry me' });
    assert.equal(result.images.length, 1);
    assert.equal(posts(), 2);
    assert.equal(delays.length, 1);
  });

  it('a malformed request is refused before sending', async () => {
    const { api } = images();
    await assert.rejects(api.generate({ model: 'flux-2-dev', prompt: 'x', n: 0 }), (e: unknown) => e instanceof AirforceError && e.code === 'invalid_request_local');
    assert.equal(posts(), 0);
  });
});

describe('validateImageRequest', () => {
  it('an invalid n or aspect_ratio rejects locally with the allowed values, and nothing is sent', async () => {
    const byId = await models();
    const flux = byId.get('flux-2-dev');
    sim().requests.length = 0;
    const bad = validateImageRequest({ model: 'flux-2-dev', prompt: 'x', n: 5, aspect_ratio: '21:9' }, flux);
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.deepEqual(bad.problems.find((p) => p.field === 'n')?.allowed, [1, 2, 3, 4]);
    assert.deepEqual(bad.problems.find((p) => p.field === 'aspect_ratio')?.allowed, ['1:1', '16:9', '9:16', '4:3', '3:4']);
    assert.throws(
      () => assertValidImageRequest({ model: 'imagen-4', prompt: 'x', n: 2 }, byId.get('imagen-4')),
      (e: unknown) => e instanceof ValidationError && /image request/.test(e.message) && e.problems[0]?.field === 'n',
    );
    assert.equal(sim().requests.length, 0);
  });

  it('normalises a good request; refuses input images for a text-only model and a video model', async () => {
    const byId = await models();
    const ok = validateImageRequest({ model: 'flux-2-dev', prompt: 'x', n: '3', seed: '7', size: '1024x1024', sse: false } as Record<string, unknown>, byId.get('flux-2-dev'));
    assert.deepEqual(ok, { ok: true, request: { model: 'flux-2-dev', prompt: 'x', n: 3, seed: 7, size: '1024x1024' } });
    const edit = validateImageRequest({ model: 'imagen-4', prompt: 'x', input_images: [{ b64_json: 'AAAA' }] }, byId.get('imagen-4'));
    assert.equal(edit.ok, false);
    const video = validateImageRequest({ model: 'wan-2.6', prompt: 'x' }, byId.get('wan-2.6'));
    assert.equal(!video.ok && video.problems[0]?.field, 'model');
  });
});

describe('estimateCostCents (image)', () => {
  it('n × priceperthousandimages / 1000; unknown without a price, never a guess', async () => {
    const byId = await models();
    const flux = byId.get('flux-2-dev')!;
    assert.deepEqual(estimate('image', { n: 4 }, flux), { cents: 10 });
    assert.deepEqual(estimate('image', {}, flux), { cents: 2.5 });
    assert.deepEqual(estimate('image', { n: 1 }, { ...flux, price_per_generation_cents: 1 }), { cents: 3.5 });
    const noPrice = estimate('image', { n: 2 }, { ...flux, priceperthousandimages: undefined });
    assert.ok('unknown' in noPrice && /price unknown/.test(noPrice.reason));
    // The video form's old two-argument call still answers a number.
    assert.equal(estimateCostCents(8, { price_per_second_cents: 40 }), 320);
  });
});

describe('parseSseEvents', () => {
  it('joins data lines, skips comments, keeps the event name', () => {
    assert.deepEqual(parseSseEvents(': ka\r\n\r\nevent: x\ndata: a\ndata: b\n\ndata: [DONE]\n\n'), [
      { event: 'x', data: 'a\nb' },
      { event: undefined, data: '[DONE]' },
    ]);
  });
});
