// The download transport over node:http(s) (io/nodeTransport.ts), the default: the ten fault
// scenarios of issue 17 against the simulator and small file servers, plus what the transport itself
// owns — Content-Encoding decoding, cancel destroying the response, the idle timeout, https.
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { DownloadError, downloadToFile, type DownloadOptions } from '../../../src/io/download/download';
import type { Simulator } from '../../simulator/server';
import { fixturePath } from '../../simulator/resultBytes';
import { listDir, randomBody, rejectsWith, serveBytes, sha256, startFileServer, tempDir, type FileServer, type Scenario } from './helpers';
import { completedTaskId, useSimulator } from '../simulator/sim-helpers';

const KEY = 'sk-air-test-key';
const sim = useSimulator({ keys: [KEY], clockSpeed: 50, resultSizeBytes: 2 * 1024 * 1024 + 7 });
const body = randomBody(1024 * 1024 + 321);
const servers: FileServer[] = [];
let dir: string;

beforeEach(async () => {
  dir = await tempDir('af-node-dl-');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await fsp.rm(dir, { recursive: true, force: true });
});

async function server(scenario: Scenario, opts: { tls?: boolean } = {}): Promise<FileServer> {
  const s = await startFileServer(scenario, opts);
  servers.push(s);
  return s;
}

/**
 * downloadToFile with no `fetch`: the node:http(s) transport. The global fetch throws meanwhile, so a
 * test passes only if the bytes really came through node:http.
 */
async function download(extra: Partial<DownloadOptions> & Pick<DownloadOptions, 'url'>): ReturnType<typeof downloadToFile> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => Promise.reject(new Error('the download must not use fetch'));
  try {
    return await downloadToFile({ dir, fileName: 'sea.mp4', retryDelayMs: 0, baseIsLoopback: true, lookup: null, ...extra });
  } finally {
    globalThis.fetch = realFetch;
  }
}

async function resultUrl(): Promise<string> {
  const id = await completedTaskId(sim(), KEY, 'sea');
  return sim().resultUrl(id);
}

const fileRequests = (since: number): Simulator['requests'] =>
  sim()
    .requests.slice(since)
    .filter((r) => r.path.startsWith('/files/'));

describe('perf#1 the ten fault scenarios over node:http', () => {
  test('perf#1 plain: identical bytes, one GET, no credentials, not through fetch', async () => {
    const url = await resultUrl();
    const mark = sim().requests.length;
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    const files = fileRequests(mark);
    assert.equal(files.length, 1);
    assert.equal(files[0]?.headers['authorization'], undefined);
    assert.equal(files[0]?.headers['accept-encoding'], 'identity');
  });

  test('perf#1 cut body → Range + If-Range resume to identical bytes', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'download-truncate', param: 300_000, times: 1 });
    const mark = sim().requests.length;
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.deepEqual([result.resumed, result.restarted], [1, 0]);
    const files = fileRequests(mark);
    assert.equal(files.length, 2);
    assert.match(files[1]?.headers['range'] ?? '', /^bytes=[1-9]\d*-$/);
    assert.ok(files[1]?.headers['if-range'], 'the resume names its validator');
    assert.equal(files[1]?.status, 206);
  });

  test('perf#1 Range ignored after a cut → the part starts over, identical bytes', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'download-truncate', param: 500_000, times: 1 });
    sim().addFault({ fault: 'range-ignored', times: 1 });
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.deepEqual([result.resumed, result.restarted], [0, 1]);
  });

  test("perf#1 a foreign 206 (another file's total) is never spliced in", async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'download-truncate', param: 300_000, times: 1 });
    sim().addFault({ fault: 'download-range-mixed', times: 1 });
    const mark = sim().requests.length;
    const result = await download({ url });
    const saved = await fsp.readFile(result.path);
    assert.equal(sha256(saved), sha256(sim().resultBytes));
    assert.ok(!saved.includes(Buffer.alloc(4096, 0x5a)), 'no bytes of the other file');
    assert.equal(result.restarted, 1);
    assert.deepEqual(
      fileRequests(mark).map((r) => r.fault),
      ['download-truncate', 'download-range-mixed', undefined],
    );
  });

  test('perf#1 no Content-Length → a Range probe confirms the end (416 naming the size)', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'download-no-length', param: 10 * 1024 * 1024, times: 1 });
    const mark = sim().requests.length;
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.deepEqual(
      fileRequests(mark).map((r) => [r.status, r.headers['range']]),
      [
        [200, undefined],
        [416, `bytes=${sim().resultBytes.length}-`],
      ],
    );
  });

  test('perf#1 no Content-Length and cut early → the probe fetches the rest', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'download-no-length', param: 500_000, times: 1 });
    const mark = sim().requests.length;
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    assert.equal(fileRequests(mark)[1]?.headers['range'], 'bytes=500000-');
  });

  test('perf#1 an allowed redirect is followed by hand, no key on any hop', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'redirect', times: 2, param: url });
    const mark = sim().requests.length;
    const result = await download({ url });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim().resultBytes));
    const files = fileRequests(mark);
    assert.deepEqual(
      files.map((r) => [r.status, r.fault]),
      [
        [302, 'redirect'],
        [302, 'redirect'],
        [200, undefined],
      ],
    );
    for (const r of files) assert.equal(r.headers['authorization'], undefined);
  });

  test('perf#1 a redirect to 169.254.169.254 is refused before it is requested', async () => {
    const s = await server((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam', 'content-length': 0 });
      res.end();
    });
    const err = await rejectsWith(download({ url: `${s.url}/files/t1/video.mp4?sig=abc`, maxResumes: 2 }), 'unsafe_url');
    assert.match(err.message, /169\.254\.169\.254 is a private or link-local address/);
    assert.equal(s.requests.length, 1, 'refused, never retried');
    assert.deepEqual(await listDir(dir), []);
  });

  test('perf#1 more than 5 redirects are refused: the 7th request is never sent', async () => {
    const s = await server((_req, res, i) => {
      res.writeHead(302, { location: `/r/${i + 1}`, 'content-length': 0 });
      res.end();
    });
    const err = await rejectsWith(download({ url: `${s.url}/r/0` }), 'unsafe_url');
    assert.match(err.message, /more than 5 times/);
    assert.equal(s.requests.length, 6);
    assert.deepEqual(await listDir(dir), []);
  });

  test('perf#1 403 (an expired URL) → expired at once: one GET, nothing on disk', async () => {
    const url = await resultUrl();
    sim().addFault({ fault: 'url-expired' });
    const mark = sim().requests.length;
    await assert.rejects(download({ url }), (e: unknown) => e instanceof DownloadError && e.code === 'expired' && e.status === 403);
    assert.equal(fileRequests(mark).length, 1);
    assert.deepEqual(await listDir(dir), []);
  });

  test('perf#1 cancel mid-body → aborted, the response (its connection) is destroyed, nothing left', async () => {
    let serverSawClose!: Promise<boolean>;
    const s = await server((req, res) => {
      // true when the client hung up before the body was complete
      serverSawClose = new Promise((resolve) => res.once('close', () => resolve(!res.writableFinished)));
      serveBytes(req, res, body, { tickBytes: 32 * 1024 });
    });
    const ac = new AbortController();
    const started = Date.now();
    const p = download({ url: `${s.url}/files/t1/video.mp4`, signal: ac.signal, onProgress: (r) => r > 100_000 && ac.abort() });
    await rejectsWith(p, 'aborted');
    assert.equal(await serverSawClose, true, 'the server saw the connection closed mid-body');
    assert.ok(Date.now() - started < 3000, 'the cancel did not wait for the body');
    assert.equal(s.requests.length, 1);
    assert.deepEqual(await listDir(dir), []);
  });
});

describe('perf#1 what the node:http transport owns', () => {
  for (const [coding, encode] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const) {
    test(`perf#1 a ${coding} body is decoded to identical bytes`, async () => {
      const encoded = encode(body);
      const s = await server((_req, res) => {
        res.writeHead(200, { 'content-encoding': coding, 'content-length': encoded.length });
        res.end(encoded);
      });
      const result = await download({ url: `${s.url}/v.mp4` });
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
    });
  }

  test('perf#1 a compressed body that ends cleanly but cut short is never saved as complete', async () => {
    // Content-Length matches the bytes sent, so only the decoder can tell the stream is incomplete.
    const gz = gzipSync(body);
    const cut = gz.subarray(0, gz.length >> 1);
    const s = await server((_req, res, i) => {
      const payload = i === 0 ? cut : gz;
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': payload.length });
      res.end(payload);
    });
    const result = await download({ url: `${s.url}/v.mp4` });
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
    assert.equal(s.requests.length, 2, 'the cut stream failed and the download started over');
    assert.equal(s.requests[1]?.headers.range, undefined);
  });

  test('perf#1 a body that goes silent hits the idle timeout and is resumed', async () => {
    const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { stallAfter: 200_000 } : {}));
    const started = Date.now();
    const result = await download({ url: `${s.url}/v.mp4`, idleTimeoutMs: 150 });
    assert.ok(Date.now() - started < 3000);
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
    assert.equal(result.resumed, 1);
  });

  test('perf#1 a server that never answers hits the idle timeout, retried, then a network error', async () => {
    const s = await server(() => undefined); // headers never come
    const started = Date.now();
    await rejectsWith(download({ url: `${s.url}/v.mp4`, idleTimeoutMs: 100, maxResumes: 1 }), 'network');
    assert.equal(s.requests.length, 2);
    assert.ok(Date.now() - started < 3000);
  });

  describe('over https', () => {
    const agent = new HttpsAgent({ ca: readFileSync(fixturePath('tls/loopback-cert.pem')) });
    after(() => agent.destroy());

    test('perf#1 https with a trusted certificate: identical bytes, a cut body resumed', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { cutAfter: 300_000 } : {}), { tls: true });
      const result = await download({ url: `${s.url}/v.mp4`, httpsAgent: agent });
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(result.resumed, 1);
    });

    test('perf#1 an untrusted certificate is a network failure, never a saved file', async () => {
      const s = await server((req, res) => serveBytes(req, res, body), { tls: true });
      const err = await rejectsWith(download({ url: `${s.url}/v.mp4`, maxResumes: 0 }), 'network');
      assert.match(err.message, /certificate/i);
      assert.deepEqual(await listDir(dir), []);
    });

    test('perf#1 https → http is refused before the http host hears anything', async () => {
      const plain = await server((req, res) => serveBytes(req, res, body));
      const secure = await server(
        (_req, res) => {
          res.writeHead(302, { location: `${plain.url}/cdn/video.mp4?sig=secret`, 'content-length': 0 });
          res.end();
        },
        { tls: true },
      );
      await rejectsWith(download({ url: `${secure.url}/v.mp4`, httpsAgent: agent }), 'unsafe_url');
      assert.equal(plain.requests.length, 0);
    });
  });
});
