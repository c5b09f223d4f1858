// The simulator's image endpoint over plain fetch: validation envelope, sse framing, cost header,
// signed URLs served without a key (and refused when tampered with), the fixtures, faults.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../simulator/resultBytes';
import { useSimulator } from './sim-helpers';

const KEY = 'sk-air-sim-images-0123456789';
const sim = useSimulator({ keys: [KEY], clockSpeed: 50 });
const PNG = readFileSync(fixturePath('demo-image.png'));
const JPEG = readFileSync(fixturePath('demo-image.jpg'));

function post(body: unknown, key = KEY): Promise<Response> {
  return fetch(`${sim().url}/v1/images/generations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('simulator: POST /v1/images/generations', () => {
  it('the fixtures are real images: a PNG and a small JPEG', () => {
    assert.equal(PNG.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    assert.equal(JPEG.subarray(0, 3).toString('hex'), 'ffd8ff');
    assert.equal(JPEG.subarray(-2).toString('hex'), 'ffd9');
    assert.ok(JPEG.length < 16 * 1024);
  });

  it('url results are signed, served without a key, and refused when the signature is changed', async () => {
    const res = await post({ model: 'flux-2-dev', prompt: 'a kite', n: 3, output_format: 'jpeg' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-cost-cents'), '7.5');
    const json = (await res.json()) as { created: number; data: { url: string }[] };
    assert.equal(json.data.length, 3);
    for (const { url } of json.data) {
      const file = await fetch(url);
      assert.equal(file.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), JPEG);
    }
    const forged = json.data[0]!.url.replace(/sig=[0-9a-f]/, (m) => (m.endsWith('0') ? 'sig=1' : 'sig=0'));
    assert.equal((await fetch(forged)).status, 403);
    const otherName = json.data[0]!.url.replace('/0.jpg', '/1.jpg');
    assert.equal((await fetch(otherName)).status, 403);
  });

  it('b64_json results and sse:true: one data event, then [DONE]', async () => {
    const res = await post({ model: 'imagen-4', prompt: 'a kite', response_format: 'b64_json', sse: true });
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(res.headers.get('x-cost-cents'), '4');
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    assert.equal(events.length, 2);
    assert.equal(events[1], 'data: [DONE]');
    const json = JSON.parse(events[0]!.replace(/^data: /, '')) as { data: { b64_json: string }[] };
    assert.deepEqual(Buffer.from(json.data[0]!.b64_json, 'base64'), PNG);
  });

  it('validation answers the envelope with code and param', async () => {
    const cases: [unknown, string, string][] = [
      [{ model: 'flux-2-dev', prompt: 'x', n: 5 }, 'invalid_n', 'n'],
      [{ model: 'imagen-4', prompt: 'x', n: 2 }, 'invalid_n', 'n'],
      [{ model: 'flux-2-dev', prompt: 'x', aspect_ratio: '21:9' }, 'invalid_aspect_ratio', 'aspect_ratio'],
      [{ model: 'wan-2.6', prompt: 'x' }, 'model_not_image', 'model'],
      [{ model: 'flux-2-dev', prompt: ' ' }, 'missing_required_parameter', 'prompt'],
      [{ model: 'imagen-4', prompt: 'x', input_images: [{ b64_json: PNG.toString('base64') }] }, 'input_images_unsupported', 'input_images'],
      [{ model: 'flux-2-dev', prompt: 'x', input_images: [{ b64_json: 'bm90IGFuIGltYWdl' }] }, 'unsupported_image_format', 'input_images'],
    ];
    for (const [body, code, param] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, code);
      const env = (await res.json()) as { error: { code: string; param: string; type: string } };
      assert.deepEqual([env.error.type, env.error.code, env.error.param], ['invalid_request', code, param]);
      assert.equal(res.headers.get('x-cost-cents'), null);
    }
    assert.equal((await post({ model: 'flux-2-dev', prompt: 'x' }, 'sk-air-wrong-0000000000')).status, 401);
  });

  it('an edit with an input image is accepted and logged by its sha256', async () => {
    const res = await post({ model: 'flux-2-dev', prompt: 'x', input_images: [{ b64_json: PNG.toString('base64') }] });
    assert.equal(res.status, 200);
    const logged = sim().requests.at(-1)?.body as { input_images: { b64_json: { bytes: number } }[] };
    assert.equal(logged.input_images[0]!.b64_json.bytes, PNG.length);
  });

  it('faults apply: reset-after-body drops the answer, status-429 answers the envelope, download-truncate cuts the file', async () => {
    sim().addFault({ match: { path: '/v1/images/generations' }, fault: 'reset-after-body', times: 1 });
    await assert.rejects(post({ model: 'flux-2-dev', prompt: 'x' }));
    sim().addFault({ match: { path: '/v1/images/generations' }, fault: 'status-429', times: 1 });
    assert.equal((await post({ model: 'flux-2-dev', prompt: 'x' })).status, 429);
    const { data } = (await (await post({ model: 'flux-2-dev', prompt: 'x' })).json()) as { data: { url: string }[] };
    sim().addFault({ match: { path: '/files/images/*' }, fault: 'download-truncate', param: 100, times: 1 });
    await assert.rejects(async () => {
      const res = await fetch(data[0]!.url);
      await res.arrayBuffer();
    });
  });
});
