// Where result downloads may go (#6, #12): manual redirects checked hop by hop, https only (loopback
// when the base URL is loopback), no private or link-local addresses.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { downloadToFile, type DownloadOptions } from '../../../src/io/download/download';
import { classifyAddress, isLoopbackBaseUrl } from '../../../src/io/download/resultUrl';
import { startSimulator, type Simulator } from '../../simulator/server';
import { listDir, randomBody, rejectsWith, serveBytes, sha256, startFileServer, tempDir, trustingFetch, type FileServer, type Scenario } from './helpers';
import { completedTaskId } from '../simulator/sim-helpers';

const body = randomBody(200_000);
const servers: FileServer[] = [];
let dir: string;
let tls: ReturnType<typeof trustingFetch>;

async function server(scenario: Scenario, opts: { tls?: boolean } = {}): Promise<FileServer> {
  const s = await startFileServer(scenario, opts);
  servers.push(s);
  return s;
}

const redirectTo =
  (location: (i: number) => string): Scenario =>
  (_req, res, i) => {
    res.writeHead(302, { location: location(i), 'content-length': 0 });
    res.end();
  };

/** A fetch that must never be called. */
function countingFetch(answer?: () => Response): { fetch: typeof fetch; calls: { url: string; init: RequestInit | undefined }[] } {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const f: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    if (!answer) throw new Error('fetch must not be called');
    return answer();
  };
  return { fetch: f, calls };
}

const opts = (extra: Partial<DownloadOptions> & Pick<DownloadOptions, 'url'>): DownloadOptions => ({
  dir,
  fileName: 'v.mp4',
  retryDelayMs: 0,
  maxResumes: 0,
  lookup: null,
  ...extra,
});

before(() => {
  tls = trustingFetch();
});
after(async () => {
  await tls.close();
});
beforeEach(async () => {
  dir = await tempDir('af-url-');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('#6 redirects are followed by hand, every hop checked first', () => {
  for (const [name, scheme] of [
    ['HTTPS://… → http://', 'http'],
    ['HTTPS://… → HTTP://', 'HTTP'],
  ] as const) {
    test(`#6 a mixed-case ${name} redirect is refused before the http host receives anything`, async () => {
      const plain = await server((req, res) => serveBytes(req, res, body));
      const secure = await server(
        redirectTo(() => `${scheme}://127.0.0.1:${new URL(plain.url).port}/cdn/video.mp4?sig=secret`),
        { tls: true },
      );
      const url = `${secure.url.replace('https://', 'HTTPS://')}/files/t1/video.mp4?sig=abc`;
      // Even with a loopback base URL (http to loopback allowed), https never steps down to http.
      const err = await rejectsWith(downloadToFile(opts({ url, baseIsLoopback: true, fetch: tls.fetch })), 'unsafe_url');
      assert.match(err.message, /https down to plain http/);
      assert.equal(secure.requests.length, 1);
      assert.equal(plain.requests.length, 0, 'the signed URL never reached the plain-http host');
      assert.deepEqual(await listDir(dir), []);
    });
  }

  test('an https redirect chain within https is followed, to identical bytes', async () => {
    const secure = await server((req, res, i) => (i < 2 ? redirectTo(() => `/hop${i + 1}/video.mp4?sig=${i}`)(req, res, i) : serveBytes(req, res, body)), { tls: true });
    const result = await downloadToFile(opts({ url: `${secure.url}/files/t1/video.mp4`, baseIsLoopback: true, fetch: tls.fetch }));
    assert.equal(sha256(await fsp.readFile(result.path)), sha256(body));
    assert.deepEqual(
      secure.requests.map((r) => r.url),
      ['/files/t1/video.mp4', '/hop1/video.mp4?sig=0', '/hop2/video.mp4?sig=1'],
    );
  });

  test('#6 more than 5 redirects are refused: the 7th request is never sent', async () => {
    const s = await server(redirectTo((i) => `/r/${i + 1}`));
    await rejectsWith(downloadToFile(opts({ url: `${s.url}/r/0`, baseIsLoopback: true })), 'unsafe_url');
    assert.equal(s.requests.length, 6, 'the first request and 5 redirects');
    assert.deepEqual(await listDir(dir), []);
  });

  test('exactly 5 redirects are followed', async () => {
    const s = await server((req, res, i) => (i < 5 ? redirectTo((n) => `/r/${n + 1}`)(req, res, i) : serveBytes(req, res, body)));
    const result = await downloadToFile(opts({ url: `${s.url}/r/0`, baseIsLoopback: true }));
    assert.equal(result.bytes, body.length);
    assert.equal(s.requests.length, 6);
  });

  test('#6 the key is never sent on any hop (simulator redirect fault), redirects are manual', async () => {
    const KEY = 'sk-air-redirect-test';
    const sim: Simulator = await startSimulator({ keys: [KEY], clockSpeed: 50 });
    try {
      const id = await completedTaskId(sim, KEY, 'sea');
      const url = sim.resultUrl(id);
      sim.addFault({ fault: 'redirect', times: 2, param: url });
      const inits: (RequestInit | undefined)[] = [];
      const recording: typeof fetch = (input, init) => {
        inits.push(init);
        return globalThis.fetch(input, init);
      };
      const mark = sim.requests.length;
      const result = await downloadToFile(opts({ url, baseIsLoopback: true, fetch: recording }));
      assert.equal(sha256(await fsp.readFile(result.path)), sha256(sim.resultBytes));
      const files = sim.requests.slice(mark).filter((r) => r.path.startsWith('/files/'));
      assert.deepEqual(
        files.map((r) => [r.status, r.fault]),
        [
          [302, 'redirect'],
          [302, 'redirect'],
          [200, undefined],
        ],
      );
      for (const r of files) assert.equal(r.headers['authorization'], undefined);
      assert.equal(inits.length, 3);
      for (const init of inits) {
        assert.equal(init?.redirect, 'manual');
        const names = Object.keys((init?.headers ?? {}) as Record<string, string>).map((k) => k.toLowerCase());
        assert.ok(!names.includes('authorization') && !names.includes('cookie'), names.join(','));
      }
    } finally {
      await sim.close();
    }
  });
});

describe('#12 result URLs: https, or loopback only when the base URL is loopback', () => {
  test('#12 an http result URL is refused when the base URL is https; nothing is requested', async () => {
    const f = countingFetch();
    for (const url of ['http://cdn.example.com/files/t/video.mp4?sig=x', 'HTTP://cdn.example.com/v.mp4']) {
      await rejectsWith(downloadToFile(opts({ url, baseIsLoopback: false, fetch: f.fetch })), 'unsafe_url');
    }
    // Loopback http is only for a loopback base URL.
    const s = await server((req, res) => serveBytes(req, res, body));
    await rejectsWith(downloadToFile(opts({ url: `${s.url}/v.mp4`, baseIsLoopback: false })), 'unsafe_url');
    assert.equal(s.requests.length, 0);
    assert.equal(f.calls.length, 0);
    assert.deepEqual(await listDir(dir), []);
  });

  test('#12 private, link-local and (for a non-loopback base) loopback literal addresses are refused', async () => {
    const f = countingFetch();
    const refused = [
      'https://10.1.2.3/v.mp4',
      'https://172.16.0.9/v.mp4',
      'https://172.31.255.1/v.mp4',
      'https://192.168.1.20/v.mp4',
      'https://169.254.169.254/latest/meta-data',
      'https://0.0.0.0/v.mp4',
      'https://127.0.0.1/v.mp4',
      'https://0x7f.1/v.mp4', // WHATWG URL: 127.0.0.1
      'https://2130706433/v.mp4', // 127.0.0.1 as one number
      'https://[::1]/v.mp4',
      'https://[fe80::1]/v.mp4',
      'https://[fd12:3456::1]/v.mp4',
      'https://[::ffff:169.254.169.254]/v.mp4',
      'https://[::ffff:10.0.0.1]/v.mp4',
      'https://localhost/v.mp4',
      'https://user:pw@cdn.example.com/v.mp4',
      'ftp://cdn.example.com/v.mp4',
    ];
    for (const url of refused) {
      await rejectsWith(downloadToFile(opts({ url, baseIsLoopback: false, fetch: f.fetch })), 'unsafe_url');
    }
    // Private addresses stay refused even for a loopback base URL.
    for (const url of ['https://10.0.0.1/v.mp4', 'http://169.254.169.254/', 'https://[fe80::2]/v.mp4']) {
      await rejectsWith(downloadToFile(opts({ url, baseIsLoopback: true, fetch: f.fetch })), 'unsafe_url');
    }
    assert.equal(f.calls.length, 0);
    assert.deepEqual(await listDir(dir), []);
  });

  test('#12 a redirect hop to a link-local address is refused before it is requested', async () => {
    const f = countingFetch(() => new Response(null, { status: 302, headers: { location: 'https://169.254.169.254/latest' } }));
    await rejectsWith(downloadToFile(opts({ url: 'https://cdn.example.com/v.mp4', baseIsLoopback: false, fetch: f.fetch })), 'unsafe_url');
    assert.deepEqual(
      f.calls.map((c) => c.url),
      ['https://cdn.example.com/v.mp4'],
    );
  });

  test('#12 a host name resolving to a private address is refused (injected lookup)', async () => {
    const f = countingFetch(() => new Response(new Uint8Array(10), { status: 200, headers: { 'content-length': '10' } }));
    const lookup = async (host: string): Promise<string[]> => (host === 'evil.example' ? ['93.184.216.34', '10.0.0.7'] : ['93.184.216.34']);
    await rejectsWith(downloadToFile(opts({ url: 'https://evil.example/v.mp4', baseIsLoopback: false, fetch: f.fetch, lookup })), 'unsafe_url');
    assert.equal(f.calls.length, 0);
    const result = await downloadToFile(opts({ url: 'https://cdn.example/v.mp4', baseIsLoopback: false, fetch: f.fetch, lookup }));
    assert.equal(result.bytes, 10);
    // A failing resolver decides nothing (behind a proxy the local one may know no names).
    const failing = async (): Promise<string[]> => {
      throw new Error('ENOTFOUND');
    };
    await downloadToFile(opts({ url: 'https://cdn.example/v.mp4', fileName: 'w.mp4', baseIsLoopback: false, fetch: f.fetch, lookup: failing }));
  });

  test('r3#23 IPv6 spellings of private and link-local IPv4 addresses (NAT64, 6to4, mapped, translated, Teredo) are refused before any request', async () => {
    const f = countingFetch();
    const refused = [
      'https://[64:ff9b::a9fe:a9fe]/latest/meta-data', // NAT64 well-known prefix → 169.254.169.254
      'https://[64:ff9b::169.254.169.254]/v.mp4',
      'https://[64:ff9b::a00:1]/v.mp4', // → 10.0.0.1
      'https://[64:ff9b:1::a9fe:a9fe]/v.mp4', // local-use NAT64 prefix: a site's own network
      'https://[2002:a9fe:a9fe::1]/v.mp4', // 6to4 → 169.254.169.254
      'https://[2002:c0a8:101::]/v.mp4', // 6to4 → 192.168.1.1
      'https://[2002:7f00:1::1]/v.mp4', // 6to4 → 127.0.0.1: not this computer, refused even for a loopback base
      'https://[::ffff:0:a9fe:a9fe]/v.mp4', // IPv4-translated → 169.254.169.254
      'https://[0:0:0:0:ffff:0:a00:1]/v.mp4',
      'https://[2001:0:4136:e378:8000:63bf:5601:5601]/v.mp4', // Teredo: the client address inverted is 169.254.169.254
    ];
    for (const url of refused) {
      await rejectsWith(downloadToFile(opts({ url, baseIsLoopback: true, fetch: f.fetch })), 'unsafe_url');
    }
    assert.equal(f.calls.length, 0);
    // The same spellings of public addresses still pass the check.
    for (const ip of ['64:ff9b::808:808', '2002:808:808::1', '::ffff:0:808:808']) assert.equal(classifyAddress(ip), 'public', ip);
  });

  test('address classes and loopback base URLs', () => {
    const cases: [string, ReturnType<typeof classifyAddress>][] = [
      ['8.8.8.8', 'public'],
      ['172.15.0.1', 'public'],
      ['172.32.0.1', 'public'],
      ['127.9.9.9', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['2606:4700::1111', 'public'],
      ['fc00::1', 'private'],
      ['::', 'private'],
      ['::ffff:a00:1', 'private'],
      ['not-an-ip', 'private'],
    ];
    for (const [ip, kind] of cases) assert.equal(classifyAddress(ip), kind, ip);
    assert.equal(isLoopbackBaseUrl('http://127.0.0.1:8787'), true);
    assert.equal(isLoopbackBaseUrl('http://localhost:8787/'), true);
    assert.equal(isLoopbackBaseUrl('http://[::1]:8787'), true);
    assert.equal(isLoopbackBaseUrl('https://api.airforce'), false);
    assert.equal(isLoopbackBaseUrl('not a url'), false);
  });
});
