// The download transport over node:http / node:https: the socket's Buffers go to the part file as
// they arrive, instead of through fetch's web streams (which copy each chunk several times and cost
// ~1.5× the CPU). In VS Code the extension host patches these modules for proxies and system
// certificates, so nothing is lost against its fetch. Redirects are followed by hand and checked per
// hop in httpTransport.ts; Content-Encoding (gzip, deflate, br) is decoded here as fetch would; a
// cancel or an abort destroys the response (and its socket). The idle timeout is the caller's
// signal (transfer.ts aborts it when no bytes arrived for a while).
import * as http from 'node:http';
import * as https from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { abortReason } from '../../util/abort';
import { followRedirects, type FileResponse, type Transport } from './httpTransport';
import type { ResultUrlPolicy } from './resultUrl';

export interface NodeTransportOptions {
  /** For https URLs; tests trust their own certificate through one. Default: the global agent. */
  httpsAgent?: https.Agent;
}

// Chunks held between the socket and the writer before the socket is paused: enough to keep the
// writer's ~1 MiB batches fed, small enough that a slow disk holds little memory.
const HIGH_WATER_BYTES = 2 * 1024 * 1024;

export function nodeTransport(policy: ResultUrlPolicy, opts: NodeTransportOptions = {}): Transport {
  return followRedirects((url, headers, signal) => getOnce(url, headers, signal, opts), policy);
}

function getOnce(url: URL, headers: Record<string, string>, signal: AbortSignal, opts: NodeTransportOptions): Promise<FileResponse> {
  return new Promise<FileResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = { headers, ...(secure && opts.httpsAgent ? { agent: opts.httpsAgent } : {}) };
    const req = (secure ? https : http).get(url, options);
    const onAbort = (): void => void req.destroy(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    // Errors after the response are the body's (see BodyQueue); this one only rejects the request.
    req.on('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
    req.once('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve(adapt(res, signal));
    });
  });
}

function adapt(res: http.IncomingMessage, signal: AbortSignal): FileResponse {
  const decoded = decode(res);
  const body = new BodyQueue(decoded);
  let cancelled = false;
  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    signal.removeEventListener('abort', onAbort);
    body.close();
    if (decoded !== res) decoded.destroy();
    res.destroy();
  };
  // An abort (the caller's cancel or the idle timeout) fails the body with the signal's reason.
  const onAbort = (): void => {
    body.fail(abortReason(signal));
    cancel();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    status: res.statusCode ?? 0,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body: { [Symbol.asyncIterator]: () => body },
    cancel,
  };
}

/**
 * The body through the decoders its Content-Encoding names (last applied, first undone). An unknown
 * coding leaves the body as it came, as fetch does; transfer.ts then neither resumes it nor trusts
 * its length.
 */
function decode(res: http.IncomingMessage): Readable {
  const codings = (res.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  const decoders: Transform[] = [];
  for (const coding of codings.reverse()) {
    const d = decoderFor(coding);
    if (!d) return res;
    decoders.push(d);
  }
  if (decoders.length === 0) return res;
  // A cut or corrupt stream fails the last decoder, which the body reads from.
  return pipeline([res, ...decoders], () => undefined) as unknown as Readable;
}

// Strict about the end (zlib's default finish): a stream cut short fails instead of ending early,
// which is what lets transfer.ts accept a compressed body whose length it cannot check.
function decoderFor(coding: string): Transform | undefined {
  const options = { chunkSize: 64 * 1024 };
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(options);
  if (coding === 'deflate') return zlib.createInflate(options);
  if (coding === 'br') return zlib.createBrotliDecompress(options);
  return undefined;
}

/**
 * The body as an async iterator of the Buffers the stream emits, without copying them. The source
 * is paused while HIGH_WATER_BYTES wait for the reader. A close before the end is an error: a cut
 * connection must never look like a complete body.
 */
class BodyQueue implements AsyncIterator<Uint8Array> {
  private readonly chunks: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private error: unknown;
  private waiter: { resolve(r: IteratorResult<Uint8Array>): void; reject(e: unknown): void } | undefined;

  constructor(private readonly source: Readable) {
    source.on('data', (chunk: Buffer) => {
      if (this.waiter) return this.settle({ done: false, value: chunk });
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= HIGH_WATER_BYTES) source.pause();
    });
    source.once('end', () => {
      this.ended = true;
      this.wake();
    });
    source.on('error', (e) => this.fail(e));
    source.once('close', () => {
      if (!this.ended) this.fail(new Error('the connection closed before the body ended'));
    });
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    const chunk = this.chunks.shift();
    if (chunk) {
      this.queued -= chunk.length;
      if (this.queued < HIGH_WATER_BYTES / 2 && this.source.isPaused() && this.error === undefined) this.source.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.error !== undefined) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The first failure wins; chunks already queued are dropped (the caller resumes from what it wrote). */
  fail(e: unknown): void {
    if (this.error !== undefined || this.ended) return;
    this.error = e;
    this.chunks.length = 0;
    this.queued = 0;
    this.wake();
  }

  /** Cancelled by the reader: a read still pending fails (it must never look like the end). */
  close(): void {
    this.fail(new Error('the download was cancelled'));
    this.chunks.length = 0;
  }

  private wake(): void {
    if (!this.waiter) return;
    if (this.error !== undefined) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(this.error);
    } else if (this.ended) this.settle({ done: true, value: undefined });
  }

  private settle(result: IteratorResult<Uint8Array>): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve(result);
  }
}
