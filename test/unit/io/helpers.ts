// A tiny file server for the download tests: every request is logged and answered by a scenario
// function, so each test states exactly how the "CDN" misbehaves.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { DownloadError, downloadToFile, type DownloadOptions } from '../../../src/io/download/download';
import { fixturePath } from '../../simulator/resultBytes';

export interface LoggedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Scenario = (req: IncomingMessage, res: ServerResponse, index: number) => void;

export interface FileServer {
  url: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

/** `tls`: serve https with the test-only certificate for 127.0.0.1 (test/fixtures/tls; trust it with `trustingFetch`). */
export async function startFileServer(scenario: Scenario, opts: { tls?: boolean } = {}): Promise<FileServer> {
  const requests: LoggedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const index = requests.length;
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    scenario(req, res, index);
  };
  const server = opts.tls ? createTlsServer({ cert: TLS.cert(), key: TLS.key() }, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ServeOptions {
  /** Answer Range requests with 206 (default true). */
  ranges?: boolean;
  /** Send only this many body bytes, then destroy the socket. */
  cutAfter?: number;
  /** Send this many bytes, then go silent with the socket open. */
  stallAfter?: number;
  etag?: string;
  /** Bytes per 20 ms tick (slow server); default: all at once. */
  tickBytes?: number;
}

/** Serves `body` honouring `Range: bytes=N-` like a CDN would, with optional misbehaviour. */
export function serveBytes(req: IncomingMessage, res: ServerResponse, body: Buffer, opts: ServeOptions = {}): void {
  const etag = opts.etag ?? '"v1"';
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const useRange = (opts.ranges ?? true) && m !== null && (ifRange === undefined || ifRange === etag);
  const start = useRange && m ? Number(m[1]) : 0;
  const slice = body.subarray(start);
  const headers: Record<string, string | number> = {
    'content-type': 'video/mp4',
    'content-length': slice.length,
    etag,
    'accept-ranges': 'bytes',
  };
  if (useRange) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  res.writeHead(useRange ? 206 : 200, headers);
  const limit = opts.cutAfter ?? opts.stallAfter;
  const toSend = limit === undefined ? slice : slice.subarray(0, limit);
  const finish = (): void => {
    if (opts.cutAfter !== undefined) res.destroy();
    else if (opts.stallAfter === undefined) res.end();
    // stall: leave the socket open and silent until the client gives up
  };
  if (!opts.tickBytes) {
    res.write(toSend, finish);
    return;
  }
  let offset = 0;
  const tick = (): void => {
    if (res.destroyed) return;
    const next = Math.min(toSend.length, offset + (opts.tickBytes ?? toSend.length));
    res.write(toSend.subarray(offset, next));
    offset = next;
    if (offset < toSend.length) setTimeout(tick, 20);
    else finish();
  };
  tick();
}

/** Awaits `p`, which must reject with a DownloadError of this code; resolves to that error. */
export async function rejectsWith(p: Promise<unknown>, code: DownloadError['code']): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DownloadError, `expected DownloadError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected a ${code} DownloadError`);
}

export const sha256 = (b: Buffer | Uint8Array): string => createHash('sha256').update(b).digest('hex');

export const randomBody = (size: number): Buffer => randomBytes(size);

export async function tempDir(prefix = 'af-io-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function listDir(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).sort();
}

// A self-signed certificate for 127.0.0.1 / localhost, valid 2000–2125, for tests only.
const TLS = {
  cert: (): Buffer => readFileSync(fixturePath('tls/loopback-cert.pem')),
  key: (): Buffer => readFileSync(fixturePath('tls/loopback-key.pem')),
};

/**
 * A fetch (undici's, the engine behind Node's) that trusts the test certificate, plus a way to close
 * its connections. The global fetch stays untouched: no process-wide dispatcher.
 */
export function trustingFetch(): { fetch: typeof fetch; close(): Promise<void> } {
  const agent = new Agent({ connect: { ca: TLS.cert() } });
  const f = ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  return { fetch: f, close: () => agent.close() };
}

export const DOWNLOAD_NAME = '2025-01-07-sea-f47ac10b.mp4';

export interface DownloadFixture {
  server(scenario: Scenario): Promise<FileServer>;
  /** A signed-looking URL on `s`, saved as DOWNLOAD_NAME in this test's folder, no retry pauses. */
  download(s: FileServer, extra?: Partial<DownloadOptions>): ReturnType<typeof downloadToFile>;
}

/** A fresh output folder per test (handed to `onDir`); file servers closed and the folder removed after it. */
export function useDownloadFixture(onDir: (dir: string) => void): DownloadFixture {
  const servers: FileServer[] = [];
  let dir = '';
  beforeEach(async () => {
    dir = await tempDir();
    onDir(dir);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await fsp.rm(dir, { recursive: true, force: true });
  });
  return {
    async server(scenario) {
      const s = await startFileServer(scenario);
      servers.push(s);
      return s;
    },
    download: (s, extra = {}) =>
      downloadToFile({
        url: `${s.url}/files/t1/video.mp4?expires=1&sig=abc`,
        dir,
        fileName: DOWNLOAD_NAME,
        retryDelayMs: 0,
        baseIsLoopback: true, // the test servers listen on 127.0.0.1
        ...extra,
      }),
  };
}
