// The transfer loop behind downloadToFile (io/transfer.ts, io/rangeChecks.ts): constant memory,
// bodies that end short or long, the Content-Range parser, and log lines without the signed query.
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { describe, test } from 'node:test';
import { downloadToFile } from '../../../src/io/download/download';
import { parseContentRange } from '../../../src/io/download/rangeChecks';
import { urlForLog } from '../../../src/io/download/transfer';
import { DOWNLOAD_NAME, listDir, randomBody, rejectsWith, serveBytes, useDownloadFixture } from './helpers';

const NAME = DOWNLOAD_NAME;
const body = randomBody(3 * 1024 * 1024 + 123);
let dir: string;
const { server, download } = useDownloadFixture((d) => (dir = d));

describe('downloadToFile memory', () => {
  test('streams in bounded memory (64 MiB body)', async () => {
    const big = randomBody(64 * 1024 * 1024);
    const s = await server((req, res) => serveBytes(req, res, req.url?.startsWith('/small') ? body : big));
    // Warm up fetch and the fs paths with a small file, so one-off module loading isn't counted
    // (a big warm-up would leave freed pages in RSS and hide buffering in the measured run).
    await download(s, { fileName: 'warm.mp4', url: `${s.url}/small.mp4` });
    // Collect garbage every 4 MiB: what is left alive is what the download holds. Without it, V8
    // frees spent socket chunks only every few tens of MiB, which says nothing about buffering.
    const gc = exposeGc();
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakLive = base.arrayBuffers;
    let nextCheck = 0;
    const result = await download(s, {
      fileName: 'big.mp4',
      fsync: false,
      onProgress: (received) => {
        if (received < nextCheck) return;
        nextCheck = received + 4 * 1024 * 1024;
        gc();
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakLive = Math.max(peakLive, m.arrayBuffers);
      },
    });
    assert.equal(result.bytes, big.length);
    const MiB = 1024 * 1024;
    const liveMiB = (peakLive - base.arrayBuffers) / MiB;
    const rssMiB = (peakRss - base.rss) / MiB;
    // fetch alone keeps ~8 MiB of socket chunks in flight; the download adds ~2 MiB of batches.
    assert.ok(liveMiB < 16, `buffers held grew ${liveMiB.toFixed(1)} MiB`);
    assert.ok(rssMiB < 40, `RSS grew ${rssMiB.toFixed(1)} MiB`);
  });
});

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  assert.equal(typeof gc, 'function');
  return gc as () => void;
}

describe('downloadToFile with an injected fetch', () => {
  test('a body that ends cleanly but short is a size mismatch', async () => {
    // Content-Length says more than the body holds; fetch ends the stream early.
    const fakeFetch: typeof fetch = async () => new Response(new Uint8Array(10), { status: 200, headers: { 'content-length': '20' } });
    const err = await rejectsWith(
      downloadToFile({ url: 'http://127.0.0.1:9/x.mp4', dir, fileName: NAME, baseIsLoopback: true, fetch: fakeFetch, maxResumes: 1, retryDelayMs: 0 }),
      'size_mismatch',
    );
    assert.match(err.message, /10 of 20/);
    assert.deepEqual(await listDir(dir), []);
  });

  test('more bytes than announced is refused', async () => {
    const fakeFetch: typeof fetch = async () => new Response(new Uint8Array(30), { status: 200, headers: { 'content-length': '20' } });
    await rejectsWith(downloadToFile({ url: 'http://127.0.0.1:9/x.mp4', dir, fileName: NAME, baseIsLoopback: true, fetch: fakeFetch }), 'size_mismatch');
    assert.deepEqual(await listDir(dir), []);
  });
});

describe('helpers', () => {
  test('parseContentRange', () => {
    assert.deepEqual(parseContentRange('bytes 100-199/1000'), { start: 100, end: 199, total: 1000 });
    assert.deepEqual(parseContentRange('bytes 0-9/*'), { start: 0, end: 9, total: undefined });
    assert.equal(parseContentRange('bytes 10-5/100'), undefined);
    assert.equal(parseContentRange('bytes 0-100/100'), undefined);
    assert.equal(parseContentRange('items 0-1/2'), undefined);
    assert.equal(parseContentRange(null), undefined);
  });

  test('urlForLog drops the signed query', () => {
    assert.equal(urlForLog('https://cdn.example/files/t/video.mp4?expires=1&sig=secret'), 'https://cdn.example/files/t/video.mp4');
  });

  test('log lines never carry the signed query', async () => {
    const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { cutAfter: 1000 } : {}));
    const lines: string[] = [];
    const push = (m: unknown): void => void lines.push(String(m));
    await download(s, { logger: { trace: push, debug: push, info: push, warn: push, error: push } });
    assert.ok(lines.length >= 3);
    assert.ok(
      lines.every((l) => !l.includes('sig=') && !l.includes('expires=')),
      lines.join('\n'),
    );
  });
});
