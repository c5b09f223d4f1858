// fh#2: every input image the server would receive is an image by its bytes before anything is
// sent. A URL's first bytes are fetched (without the key, under the result-URL address rules) from
// the simulator, which serves a real PNG and an HTML page; the video submit refuses the page next
// to input_images and no create reaches the server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inputImageProblem, type InputImageCheckDeps } from '../../../src/io/inputImageCheck';
import { startJob } from '../../../src/submit/startJob';
import type { VideoModel } from '../../../src/api/rules/modelKind';
import { fixturePath } from '../../simulator/resultBytes';
import { MODELS } from '../../simulator/catalog';
import { recordingClient, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-input-image-key';
const getSim = useSimulator({ keys: [KEY], clockSpeed: 50 });

/**
 * The image host is https://img.example (public, as the injected resolver says); its requests go to
 * the simulator, so the address rules see the URL a person wrote and the bytes are real answers.
 */
function deps(headers: Array<Record<string, string>> = []): InputImageCheckDeps {
  return {
    policy: { baseIsLoopback: false, lookup: async () => ['93.184.216.34'] },
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      headers.push(Object.fromEntries(new Headers(init?.headers).entries()));
      return fetch(`${getSim().url}${url.pathname}`, init);
    }) as typeof fetch,
  };
}

describe('fh#2 input images are images by their bytes before anything is sent', () => {
  it('fh#2 an https URL answering an HTML page is refused, a PNG passes; no key goes to the image host', async () => {
    const seen: Array<Record<string, string>> = [];
    const page = await inputImageProblem({ url: 'https://img.example/files/inputs/page.png' }, deps(seen));
    assert.match(page ?? '', /https:\/\/img\.example\/files\/inputs\/page\.png cannot be used: it is not a PNG, JPEG or WebP image \(it looks like an HTML page\)/);
    assert.equal(await inputImageProblem({ url: 'https://img.example/files/inputs/image.png' }, deps(seen)), undefined);
    assert.match((await inputImageProblem({ url: 'https://img.example/files/inputs/missing.png' }, deps(seen))) ?? '', /answered 404/);
    assert.ok(
      seen.every((h) => h.authorization === undefined),
      'no Authorization header',
    );
    assert.equal(seen[0]?.range, 'bytes=0-31', 'only the first bytes are asked for');
  });

  it('fh#2 the address rules of result URLs apply: a link-local or private host is refused before any request', async () => {
    const seen: Array<Record<string, string>> = [];
    for (const url of ['https://169.254.169.254/latest/x.png', 'https://[64:ff9b::a9fe:a9fe]/x.png', 'http://img.example/x.png']) {
      assert.match((await inputImageProblem({ url }, deps(seen))) ?? '', /cannot be used/, url);
    }
    assert.equal(seen.length, 0);
  });

  it('fh#2 inline base64 must be an image too', async () => {
    const png = readFileSync(fixturePath('demo-image.png')).toString('base64');
    assert.equal(await inputImageProblem({ b64_json: png }, deps()), undefined);
    assert.match(
      (await inputImageProblem({ b64_json: Buffer.from('<html>nope</html>').toString('base64') }, deps())) ?? '',
      /inline input_images entry is not a PNG, JPEG or WebP image \(it looks like an HTML page\)/,
    );
  });

  it('fh#2 a video request whose first frame is an HTML page is refused at input_images after the cost was agreed, and no create is sent', async () => {
    const sim = getSim();
    const { client } = recordingClient(sim, KEY);
    const model = MODELS.find((m) => m.id === 'wan-2.6') as unknown as VideoModel;
    const check = deps();
    const out = await startJob('video', { model: 'wan-2.6', prompt: 'Animate it', mode: 'image', duration_seconds: 5 }, [{ url: 'https://img.example/files/inputs/page.png' }], {
      findModel: async () => model,
      budget: async () => ({ ok: true }),
      confirmAboveCents: 10_000,
      confirm: async () => true,
      encodeFile: async () => {
        throw new Error('no file here');
      },
      checkImage: (image) => inputImageProblem(image, check),
      run: (request) => client.createVideo(request as never),
    });
    assert.equal(out.ok, false);
    assert.ok(!out.ok && out.stage === 'encode');
    assert.deepEqual(!out.ok && out.stage === 'encode' ? out.problems.map((p) => p.field) : [], ['input_images']);
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 0, 'nothing was sent');
  });
});
