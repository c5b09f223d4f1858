// The GET underneath downloads. node:http is the default: it is markedly faster than fetch on
// large bodies (and on the first request of a process), and VS Code's proxy support patches it.
// A `fetch` can still be injected (tests, other runtimes); both look the same to the caller.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

export interface FileResponse {
  status: number;
  /** A response header (lower-case name), several values joined with ', '. */
  header(name: string): string | undefined;
  /** The decoded body. Iteration throws when the connection breaks or the request is aborted. */
  body: AsyncIterable<Uint8Array>;
  /** Stops receiving and releases the connection. Safe to call more than once. */
  cancel(): void;
}

export type Transport = (url: string, headers: Record<string, string>, signal: AbortSignal) => Promise<FileResponse>;

export class TransportError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'TransportError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export function nodeTransport(): Transport {
  return (url, headers, signal) => getFollowingRedirects(url, headers, signal, MAX_REDIRECTS);
}

async function getFollowingRedirects(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  redirectsLeft: number,
): Promise<FileResponse> {
  const target = new URL(url);
  const res = await get(target, headers, signal);
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (REDIRECTS.has(status) && location) {
    res.destroy();
    if (redirectsLeft <= 0) throw new TransportError('too many redirects', status);
    const next = new URL(location, target);
    // Pre-signed URLs may bounce to a CDN, but never off https or to another scheme.
    if (next.protocol !== 'https:' && (next.protocol !== 'http:' || target.protocol === 'https:')) {
      throw new TransportError(`refusing a redirect to a ${next.protocol} URL`, status);
    }
    return getFollowingRedirects(next.href, headers, signal, redirectsLeft - 1);
  }
  return wrap(res);
}

function get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { headers, signal }, resolve);
    // Kept for the request's whole life: a late socket error must not become an uncaught one
    // (errors after the headers reach the caller through the body instead).
    req.on('error', reject);
  });
}

function wrap(res: IncomingMessage): FileResponse {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = decoderFor(encoding);
  if (decoder === null) {
    res.destroy();
    throw new TransportError(`unsupported Content-Encoding ${JSON.stringify(encoding)}`, res.statusCode);
  }
  let body: Readable = res;
  if (decoder) {
    // Errors on either side end the iteration (the decoder is destroyed with res's error).
    res.on('error', (e) => decoder.destroy(e));
    body = res.pipe(decoder);
  }
  return {
    status: res.statusCode ?? 0,
    header: (name) => {
      const value = res.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    body,
    cancel: () => {
      res.destroy();
      decoder?.destroy();
    },
  };
}

// undefined: nothing to decode; null: an encoding we can't decode.
function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined | null {
  switch (encoding) {
    case 'identity':
    case '':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Adapts a `fetch` (the global one or an injected one) to the same shape. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, headers, signal) => {
    const res = await fetchImpl(url, { headers, signal, redirect: 'follow' });
    const reader = res.body?.getReader();
    let cancelled = false;
    const cancel = (): void => {
      if (cancelled) return;
      cancelled = true;
      void (reader ? reader.cancel() : res.body?.cancel())?.catch(() => undefined);
    };
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<Uint8Array>> => {
          if (!reader) return { done: true, value: undefined };
          const r = await reader.read();
          return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
        },
      }),
    };
    return {
      status: res.status,
      // fetch already decoded any Content-Encoding; say so, so lengths aren't trusted.
      header: (name) => res.headers.get(name) ?? undefined,
      body,
      cancel,
    };
  };
}
