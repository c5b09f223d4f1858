// How one API request reaches the server: `nodeTransport` sends it on node:http/https through one
// keep-alive Agent (so 20 calls share a connection or two instead of opening 20), `fetchTransport`
// wraps an injected fetch (the scripted tests). Both answer a web Response at the headers, its body
// streamed, and reject with an error that has a `code`. Redirects are never followed (an API call
// that is redirected is an error, as with fetch's `redirect: 'error'`), and the abort signal destroys
// the socket: our own timers (requestSender.ts) do not depend on fetch's abort surviving a garbage
// collection (Node's bundled undici, issue #4627).
//
// VS Code's extension host patches the http/https modules in place (proxies, system certificates):
// `http.request` is looked up at call time so the patched one is used.
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  /**
   * A JSON text, or an upload's bytes (its Content-Type and Content-Length are in `headers`); each
   * chunk is valid only until the next is asked for (multipart.ts reuses its buffer).
   */
  body?: string | AsyncIterable<Uint8Array>;
  signal: AbortSignal;
}

/** One request: resolves at the response headers; rejects with an Error carrying `code` (and `sent` when known). */
export type Transport = (url: string, req: TransportRequest) => Promise<Response>;

/** A failure before any answer; `sent: false` = the connection never opened, so nothing reached the server. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** An injected fetch as a transport (tests script their answers this way). */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return (url, req) => {
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers, signal: req.signal, redirect: 'error' };
    if (typeof req.body === 'string') init.body = req.body;
    else if (req.body !== undefined) {
      // The web stream reads ahead, and a body's chunk is valid only until the next: keep copies.
      init.body = Readable.toWeb(Readable.from(copies(req.body))) as unknown as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
    return fetchImpl(url, init);
  };
}

async function* copies(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) yield new Uint8Array(chunk);
}

/**
 * An idle socket is closed after this long (sooner when the server announces `Keep-Alive: timeout`):
 * a create is then never written onto a connection the server may be closing at that moment.
 */
const IDLE_SOCKET_MS = 30_000;

/** node:http(s) with one keep-alive Agent for every request of this transport (a client = one base URL). */
export function nodeTransport(): Transport {
  // lifo: the most recently used socket is reused first, so the others time out and close.
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS };
  let plain: http.Agent | undefined;
  let secure: https.Agent | undefined;
  return (url, req) => (url.startsWith('https:') ? send(url, req, true, (secure ??= new https.Agent(options))) : send(url, req, false, (plain ??= new http.Agent(options))));
}

function send(url: string, spec: TransportRequest, secure: boolean, agent: http.Agent): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const { signal } = spec;
    if (signal.aborted) return reject(abortErrorOf(signal));
    // `Connection: keep-alive` said outright: VS Code's patched request hands every call a fresh proxy
    // agent without keepAlive, which would otherwise close the connection after each answer (the
    // socket itself still comes from our Agent, or the global one, whose pool keeps it).
    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate, br', Connection: 'keep-alive', ...spec.headers };
    if (typeof spec.body === 'string') headers['Content-Length'] = String(Buffer.byteLength(spec.body));
    let connected = false;
    let answered = false;
    const options: http.RequestOptions = { method: spec.method, headers, agent };
    const req = (secure ? https : http).request(url, options);
    let res: http.IncomingMessage | undefined;
    const onAbort = (): void => {
      const reason = abortErrorOf(signal);
      req.destroy(reason);
      res?.destroy(reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal.removeEventListener('abort', onAbort);
    req.on('socket', (socket) => {
      // A reused keep-alive socket is connected already; a new one once its (TLS) handshake is done:
      // before that, nothing of the request has left this machine.
      if (!socket.connecting) connected = true;
      else socket.once(secure ? 'secureConnect' : 'connect', () => void (connected = true));
    });
    req.on('error', (err: Error & { code?: string }) => {
      done();
      if (answered) return;
      if (signal.aborted) return reject(abortErrorOf(signal));
      reject(new TransportError(err.message, err.code ?? 'network', connected, { cause: err }));
    });
    req.on('response', (incoming) => {
      answered = true;
      res = incoming;
      const status = incoming.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        done();
        incoming.destroy();
        req.destroy();
        const where = incoming.headers.location ? ` to ${String(incoming.headers.location).slice(0, 200)}` : '';
        return reject(new TransportError(`the server answered a redirect (${status})${where}; API redirects are not followed`, 'redirect', true));
      }
      incoming.once('close', done);
      try {
        resolve(toResponse(incoming, status, spec.method === 'HEAD'));
      } catch (err) {
        done();
        incoming.destroy();
        reject(new TransportError(`unreadable answer: ${err instanceof Error ? err.message : String(err)}`, 'bad_response', true, { cause: err }));
      }
    });
    if (spec.body === undefined || typeof spec.body === 'string') req.end(spec.body);
    else void pump(spec.body, req);
  });
}

/**
 * An upload: each chunk is written and flushed to the socket before the next is read (the body
 * reuses its buffer, multipart.ts), so the connection's pace reads the file; a failing read ends the
 * request with that error. A request that closes first stops the reading (and closes the file).
 */
async function pump(body: AsyncIterable<Uint8Array>, req: http.ClientRequest): Promise<void> {
  // node:http never calls a write's callback once its socket is destroyed: 'close' ends the wait.
  let closed = false;
  let wake: ((written: boolean) => void) | undefined;
  const onClose = (): void => {
    closed = true;
    wake?.(false);
  };
  req.once('close', onClose);
  try {
    for await (const chunk of body) {
      if (closed) return; // leaving the loop closes the body (and its file)
      const written = await new Promise<boolean>((resolve) => {
        wake = resolve;
        req.write(chunk, (err) => resolve(!err));
      });
      if (!written) return;
    }
    req.end();
  } catch (err) {
    req.destroy(err instanceof Error ? err : new Error(String(err)));
  } finally {
    req.off('close', onClose);
  }
}

function toResponse(incoming: http.IncomingMessage, status: number, head: boolean): Response {
  const encoding = String(incoming.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = decoderFor(encoding);
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    // A decoded body no longer has the encoded length.
    if (decoder && (name === 'content-encoding' || name === 'content-length')) continue;
    try {
      headers.append(name, raw[i + 1]);
    } catch {
      // A header value fetch would refuse is left out; the parser already refused worse.
    }
  }
  if (head || NULL_BODY.has(status)) {
    incoming.resume();
    return new Response(null, { status, statusText: incoming.statusMessage ?? '', headers });
  }
  const source: Readable = decoder ? pipeline(incoming, decoder, () => undefined) : incoming;
  const body = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers });
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** Codes a connection attempt fails with before anything was written. */
const BEFORE_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'UND_ERR_CONNECT_TIMEOUT']);

/** The request provably never reached the server: a POST that failed like this may be sent again. */
export function nothingSent(err: unknown): boolean {
  if (err instanceof TransportError) return !err.sent;
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && BEFORE_CONNECT.has(code);
}
