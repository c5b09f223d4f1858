// GET|HEAD /files/<task_id>/video.mp4?expires=&sig= — the pre-signed result file. No key needed;
// 403 when the signature is wrong or the URL has expired. Honours `Range: bytes=…` with 206, and
// streams slices of one shared buffer with backpressure. download-* / range-ignored / url-expired /
// redirect faults bend this.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock';
import { ApiError, notFound } from './errors';
import { numericParam, type FaultContext, type FaultRegistry } from './faults';
import type { UrlSigner } from './signing';
import type { FaultName, SimTask } from './types';

const CHUNK = 256 * 1024;
const SLOW_TICK_MS = 50;

export interface FileServerDeps {
  signer: UrlSigner;
  clock: SimClock;
  tasks: ReadonlyMap<string, SimTask>;
  bytes: Buffer;
  faults: FaultRegistry;
}

export class ResultFileServer {
  private readonly etag: string;
  private readonly lastModified = new Date().toUTCString();

  constructor(private readonly deps: FileServerDeps) {
    const head = deps.bytes.subarray(0, 65536);
    this.etag = `"${createHash('sha256').update(head).update(String(deps.bytes.length)).digest('hex').slice(0, 16)}"`;
  }

  /** `noteFault` records which fault shaped the response (for the request log). */
  serve(req: IncomingMessage, res: ServerResponse, taskId: string, query: URLSearchParams, ctx: FaultContext, noteFault: (name: FaultName) => void): void {
    const { signer, clock, tasks, bytes, faults } = this.deps;
    const expires = query.get('expires');
    if (!signer.verify(taskId, expires, query.get('sig'))) {
      throw new ApiError(403, 'permission_error', 'Result URL signature is invalid.', 'invalid_signature');
    }
    if (Number(expires) <= clock.now()) throw expired();
    if (faults.take(['url-expired'], ctx)) {
      noteFault('url-expired');
      throw expired();
    }
    const task = tasks.get(taskId);
    if (!task || task.status !== 'completed') throw notFound('Result file not found.', 'file_not_found');
    const redirect = faults.take(['redirect'], ctx);
    if (redirect) {
      noteFault('redirect');
      res.writeHead(302, { Location: String(redirect.param ?? ''), 'Content-Length': 0 });
      res.end();
      return;
    }

    const size = bytes.length;
    let range = parseRange(req.headers.range, size);
    if (range && req.headers['if-range'] && req.headers['if-range'] !== this.etag) range = undefined;
    if (range && faults.take(['range-ignored'], ctx)) {
      noteFault('range-ignored');
      range = undefined;
    }
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const mixed = range ? faults.take(['download-range-mixed'], ctx) : undefined;
    if (range && mixed) {
      noteFault('download-range-mixed');
      serveOtherFile(res, range.start, size + Math.trunc(numericParam(mixed, 4096)), this.etag);
      return;
    }
    const noLength = req.method === 'HEAD' ? undefined : faults.take(['download-no-length'], ctx);
    const start = range ? range.start : 0;
    const end = range ? range.end : size - 1;
    const headers: Record<string, string | number> = {
      'Content-Type': 'video/mp4',
      'Content-Length': end - start + 1,
      'Accept-Ranges': 'bytes',
      ETag: this.etag,
      'Last-Modified': this.lastModified,
      'Cache-Control': 'private, max-age=0',
    };
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    if (noLength) {
      noteFault('download-no-length');
      const count = Math.max(0, Math.min(end - start + 1, Math.floor(numericParam(noLength, Math.ceil((end - start + 1) / 2)))));
      sendWithoutLength(res, range ? 206 : 200, headers, bytes.subarray(start, start + count));
      return;
    }
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const truncate = faults.take(['download-truncate'], ctx);
    if (truncate) noteFault('download-truncate');
    const slow = faults.take(['download-slow'], ctx);
    if (slow) noteFault('download-slow');
    pump(res, bytes.subarray(start, end + 1), {
      limit: truncate ? Math.max(0, Math.floor(numericParam(truncate, 1024))) : undefined,
      bytesPerSecond: slow ? Math.max(1, numericParam(slow, 64 * 1024)) : undefined,
    });
  }
}

/**
 * download-range-mixed: a 206 for the asked start, but of another file of `otherTotal` bytes (a
 * different Content-Range total, different bytes, the same ETag: a careless CDN mixing versions).
 */
function serveOtherFile(res: ServerResponse, start: number, otherTotal: number, etag: string): void {
  const total = Math.max(start + 1, otherTotal);
  const body = Buffer.alloc(total - start, 0x5a);
  res.writeHead(206, {
    'Content-Type': 'video/mp4',
    'Content-Length': body.length,
    'Content-Range': `bytes ${start}-${total - 1}/${total}`,
    'Accept-Ranges': 'bytes',
    ETag: etag,
  });
  res.end(body);
}

/**
 * download-no-length: no Content-Length and no chunked framing, so the body ends when the server
 * closes the connection; it closes cleanly after `body`, which may be short of the whole file.
 */
function sendWithoutLength(res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer): void {
  const { 'Content-Length': _dropped, ...rest } = headers;
  res.useChunkedEncodingByDefault = false; // Node would otherwise frame it as chunked
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...rest, Connection: 'close' });
  res.end(body);
}

const expired = (): ApiError => new ApiError(403, 'permission_error', 'Result URL has expired.', 'url_expired');

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=N-`, `bytes=N-M` or `bytes=-S`; anything else is ignored (a full 200), as RFC 9110 allows. */
export function parseRange(header: string | undefined, size: number): Range {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}

interface PumpOptions {
  /** Send only this many bytes, then destroy the socket (the headers promised more). */
  limit?: number;
  bytesPerSecond?: number;
}

function pump(res: ServerResponse, body: Buffer, opts: PumpOptions): void {
  const total = opts.limit === undefined ? body.length : Math.min(opts.limit, body.length);
  const truncated = total < body.length;
  const chunk = opts.bytesPerSecond ? Math.max(1, Math.floor((opts.bytesPerSecond * SLOW_TICK_MS) / 1000)) : CHUNK;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  res.on('close', () => {
    closed = true;
    clearTimeout(timer);
  });

  const finish = (): void => {
    if (truncated) res.write('', () => res.destroy());
    else res.end();
  };

  const step = (): void => {
    while (!closed && offset < total) {
      const next = Math.min(total, offset + chunk);
      const ok = res.write(body.subarray(offset, next));
      offset = next;
      if (opts.bytesPerSecond && offset < total) {
        timer = setTimeout(step, SLOW_TICK_MS);
        return;
      }
      if (!ok) {
        res.once('drain', step);
        return;
      }
    }
    if (!closed) finish();
  };
  step();
}
