// downloadToFile (io/download.ts): bytes, part files and final names, refusals, retries and resume,
// over node:http (the default), the global fetch and an injected one; the transfer's own checks
// are in transfer.test.ts, the node:http transport's own in nodeTransport.test.ts.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, beforeEach, describe, mock, test } from 'node:test';
import { DownloadError, downloadToFile, type DownloadOptions } from '../../../src/io/download/download';
import { DOWNLOAD_NAME, listDir, randomBody, rejectsWith, serveBytes, sha256, useDownloadFixture, type FileServer } from './helpers';

const NAME = DOWNLOAD_NAME;
const body = randomBody(3 * 1024 * 1024 + 123); // not a multiple of the batch size
let dir: string;
const fixture = useDownloadFixture((d) => (dir = d));
const server = fixture.server;

// Every behaviour is checked with the default transport (node:http), the global fetch and an injected one.
const TRANSPORTS: { name: string; fetch?: typeof fetch }[] = [
  { name: 'node:http (the default)' },
  { name: 'the global fetch', fetch: globalThis.fetch },
  { name: 'an injected fetch', fetch: (input, init) => globalThis.fetch(input, init) },
];
let transportFetch: typeof fetch | undefined;

function download(s: FileServer, extra: Partial<DownloadOptions> = {}): ReturnType<typeof downloadToFile> {
  return fixture.download(s, { ...(transportFetch ? { fetch: transportFetch } : {}), ...extra });
}

after(() => mock.restoreAll());

for (const transport of TRANSPORTS)
  describe(`downloadToFile over ${transport.name}`, () => {
    beforeEach(() => {
      transportFetch = transport.fetch;
    });

    test('saves exactly the served bytes and reports progress', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      const progress: [number, number | undefined][] = [];
      const result = await download(s, { onProgress: (r, t) => progress.push([r, t]) });
      assert.equal(result.path, path.join(dir, NAME));
      assert.equal(result.bytes, body.length);
      assert.deepEqual([result.resumed, result.restarted], [0, 0]);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.deepEqual(await listDir(dir), [NAME]);
      assert.deepEqual(progress.at(-1), [body.length, body.length]);
      assert.ok(
        progress.every(([r], i) => i === 0 || r > (progress[i - 1]?.[0] ?? 0)),
        'progress only grows',
      );
    });

    test('never sends an Authorization header (or any credential) to the result URL', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { cutAfter: 100_000 } : {}));
      await download(s);
      assert.equal(s.requests.length, 2);
      for (const r of s.requests) {
        assert.equal(r.headers.authorization, undefined);
        assert.equal(r.headers.cookie, undefined);
        assert.ok(!JSON.stringify(r.headers).includes('sk-air'));
      }
    });

    test('writes to <name>.part-<hex> opened with wx, then nothing but the final file remains', async () => {
      const opened: { file: string; flags: unknown }[] = [];
      const realOpen = fsp.open.bind(fsp);
      const spy = mock.method(fsp, 'open', (file: string, flags?: string, mode?: number) => {
        opened.push({ file: String(file), flags });
        return realOpen(file, flags, mode);
      });
      let seenDuring: string[] = [];
      const s = await server((req, res) => {
        void listDir(dir).then((names) => {
          seenDuring = names;
          serveBytes(req, res, body);
        });
      });
      try {
        await download(s);
      } finally {
        spy.mock.restore();
      }
      const part = opened.find((o) => o.file.includes('.part-'));
      assert.ok(part, 'a part file was opened');
      assert.equal(part.flags, 'wx');
      assert.match(path.basename(part.file), new RegExp(`^${NAME.replace(/\./g, '\\.')}\\.part-[0-9a-f]{12}$`));
      assert.deepEqual(seenDuring, [path.basename(part.file)], 'only the part file exists while downloading');
      assert.deepEqual(await listDir(dir), [NAME]);
    });

    test('a truncated body is resumed with Range (and If-Range) to identical bytes', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { cutAfter: 1_000_000 } : {}));
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.deepEqual([result.resumed, result.restarted], [1, 0]);
      assert.equal(s.requests.length, 2);
      assert.equal(s.requests[0]?.headers.range, undefined);
      assert.match(s.requests[1]?.headers.range ?? '', /^bytes=\d+-$/);
      const from = Number(/\d+/.exec(s.requests[1]?.headers.range ?? '')?.[0]);
      assert.ok(from > 0 && from <= 1_000_000, `resumed from ${from}`);
      assert.equal(s.requests[1]?.headers['if-range'], '"v1"');
    });

    test('several breaks are each resumed', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, i < 3 ? { cutAfter: 700_000 } : {}));
      const result = await download(s, { maxResumes: 3 });
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(result.resumed, 3);
    });

    test('a server that ignores Range (200) makes it start over, to identical bytes', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, { ranges: false, ...(i === 0 ? { cutAfter: 1_500_000 } : {}) }));
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.deepEqual([result.resumed, result.restarted], [0, 1]);
      assert.ok(s.requests[1]?.headers.range, 'it did ask for a range');
    });

    test('a changed file (If-Range mismatch → 200) starts over', async () => {
      const newer = randomBody(body.length);
      const s = await server((req, res, i) => (i === 0 ? serveBytes(req, res, body, { cutAfter: 500_000 }) : serveBytes(req, res, newer, { etag: '"v2"' })));
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(newer));
      assert.equal(result.restarted, 1);
    });

    test('a 206 for the wrong range starts over', async () => {
      const s = await server((req, res, i) => {
        if (i === 1) {
          res.writeHead(206, { 'content-range': `bytes 0-9/${body.length}`, 'content-length': 10 });
          res.end(body.subarray(0, 10));
          return;
        }
        serveBytes(req, res, body, i === 0 ? { cutAfter: 400_000 } : {});
      });
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(result.restarted, 1);
      assert.equal(s.requests[2]?.headers.range, undefined, 'the fresh start asks for the whole file');
    });

    test('truncated with no resume left → error, and no part or final file is left', async () => {
      const s = await server((req, res) => serveBytes(req, res, body, { cutAfter: 200_000 }));
      await rejectsWith(download(s, { maxResumes: 2 }), 'network');
      assert.equal(s.requests.length, 3);
      assert.deepEqual(await listDir(dir), []);
    });

    test('403, 404 and 410 → expired at once, one request each, never refreshed here, nothing left', async () => {
      for (const status of [403, 404, 410]) {
        const s = await server((_req, res) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end('{"error":{"message":"Result URL has expired."}}');
        });
        const err = await rejectsWith(download(s), 'expired');
        assert.equal(err.status, status);
        assert.match(err.message, new RegExp(`refused \\(HTTP ${status}\\)`));
        assert.equal(s.requests.length, 1, 'the stale-URL policy lives in jobs/downloads.ts, not here');
      }
      assert.deepEqual(await listDir(dir), []);
    });

    test('other 4xx → http error, no retry', async () => {
      const s = await server((_req, res) => {
        res.writeHead(400);
        res.end();
      });
      const err = await rejectsWith(download(s), 'http');
      assert.equal(err.status, 400);
      assert.equal(s.requests.length, 1);
    });

    test('503 then success is retried', async () => {
      const s = await server((req, res, i) => {
        if (i === 0) {
          res.writeHead(503);
          res.end();
          return;
        }
        serveBytes(req, res, body);
      });
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(s.requests.length, 2);
    });

    test('a stalled connection times out and is resumed', async () => {
      const s = await server((req, res, i) => serveBytes(req, res, body, i === 0 ? { stallAfter: 300_000 } : {}));
      const started = Date.now();
      const result = await download(s, { idleTimeoutMs: 150 });
      assert.ok(Date.now() - started < 5000);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(result.resumed, 1);
    });

    test('abort mid-way → aborted, and no files are left', async () => {
      const s = await server((req, res) => serveBytes(req, res, body, { tickBytes: 64 * 1024 }));
      const ac = new AbortController();
      const p = download(s, { signal: ac.signal, onProgress: (r) => r > 100_000 && ac.abort() });
      await rejectsWith(p, 'aborted');
      assert.deepEqual(await listDir(dir), []);
    });

    test('an already-aborted signal makes no request', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      await rejectsWith(download(s, { signal: AbortSignal.abort() }), 'aborted');
      assert.equal(s.requests.length, 0);
      assert.deepEqual(await listDir(dir), []);
    });

    test('never overwrites: an existing name gets -2, then -3', async () => {
      await fsp.writeFile(path.join(dir, NAME), 'precious');
      const s = await server((req, res) => serveBytes(req, res, body));
      const second = await download(s);
      const third = await download(s);
      assert.equal(second.path, path.join(dir, '2025-01-07-sea-f47ac10b-2.mp4'));
      assert.equal(third.path, path.join(dir, '2025-01-07-sea-f47ac10b-3.mp4'));
      assert.equal(await fsp.readFile(path.join(dir, NAME), 'utf8'), 'precious');
      assert.equal(sha256(await fsp.readFile(third.path)), sha256(body));
    });

    test('concurrent downloads to one name all land, under distinct names', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      const results = await Promise.all([1, 2, 3, 4].map(() => download(s)));
      const names = results.map((r) => path.basename(r.path)).sort();
      assert.equal(new Set(names).size, 4);
      assert.deepEqual(await listDir(dir), names);
      for (const r of results) assert.equal(sha256(await fsp.readFile(r.path)), sha256(body));
    });

    test('a name or folder that escapes is refused before any request', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      for (const fileName of ['../../etc/passwd', '../escape.mp4', path.resolve('/tmp/elsewhere.mp4'), '']) {
        await rejectsWith(download(s, { fileName }), 'unsafe_path');
      }
      await rejectsWith(download(s, { dir: 'relative/folder' }), 'unsafe_path');
      assert.equal(s.requests.length, 0);
      assert.deepEqual(await listDir(dir), []);
      assert.deepEqual(await listDir(path.dirname(dir)).then((n) => n.filter((x) => x.startsWith('escape'))), []);
    });

    test('creates a missing output folder', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      const nested = path.join(dir, 'a', 'b');
      const result = await download(s, { dir: nested });
      assert.equal(path.dirname(result.path), nested);
    });

    test('refuses non-http URLs', async () => {
      await rejectsWith(download(await server(() => undefined), { url: 'file:///etc/passwd' }), 'unsafe_url');
      assert.deepEqual(await listDir(dir), []);
    });

    test('fsync only when asked', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      const probe = await fsp.open(path.join(dir, 'probe'), 'w');
      const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
      await probe.close();
      await fsp.rm(path.join(dir, 'probe'));
      const spy = mock.method(proto, 'sync');
      try {
        await download(s, { fileName: 'a.mp4' });
        assert.equal(spy.mock.callCount(), 0);
        await download(s, { fileName: 'b.mp4', fsync: true });
        assert.equal(spy.mock.callCount(), 1);
      } finally {
        spy.mock.restore();
      }
    });

    test('a folder that cannot be created → io error', async () => {
      const s = await server((req, res) => serveBytes(req, res, body));
      await fsp.writeFile(path.join(dir, 'file'), 'x');
      await rejectsWith(download(s, { dir: path.join(dir, 'file', 'sub') }), 'io');
      assert.equal(s.requests.length, 0);
    });

    test('follows a redirect, still without credentials', async () => {
      const s = await server((req, res) => {
        if (req.url?.startsWith('/files/')) {
          res.writeHead(302, { location: '/cdn/video.mp4?sig=xyz' });
          res.end();
          return;
        }
        serveBytes(req, res, body);
      });
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
      assert.equal(s.requests[1]?.url, '/cdn/video.mp4?sig=xyz');
      assert.ok(s.requests.every((r) => r.headers.authorization === undefined));
    });

    test('a redirect to a non-http scheme fails and leaves nothing', async () => {
      const s = await server((_req, res) => {
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
      });
      await assert.rejects(download(s, { maxResumes: 0 }), DownloadError);
      assert.deepEqual(await listDir(dir), []);
    });

    test('a compressed body is decoded; after a break it starts over instead of resuming', async () => {
      const plain = randomBody(1_000_000); // incompressible: half the stream decodes to many bytes
      const gz = gzipSync(plain);
      const s = await server((_req, res, i) => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': gz.length, etag: '"gz"' });
        if (i === 0) res.write(gz.subarray(0, gz.length >> 1), () => res.destroy());
        else res.end(gz);
      });
      const result = await download(s);
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(plain));
      assert.equal(result.restarted, 1);
      assert.equal(s.requests[1]?.headers.range, undefined, 'no Range into a compressed stream');
      assert.equal(s.requests[0]?.headers['accept-encoding'], 'identity');
    });
  });
