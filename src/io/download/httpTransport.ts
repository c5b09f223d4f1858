// The GET underneath downloads, as a small streaming shape (the transport contract), and the redirect
// loop every transport shares: node:http(s) (nodeTransport.ts, the default) or a `fetch` adapted
// here (one a caller injects; the voice previews). Redirects are followed by hand, so every hop is
// checked before anything is sent to it: with `redirect: 'follow'` the signed URL would already
// have reached a plain-http host by the time its response could be inspected.
import { DownloadError } from './downloadError';
import { checkResolvedHost, checkResultUrl, type ResultUrlPolicy } from './resultUrl';

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

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One GET without following redirects: the response as it came (a 3xx included). */
export type SingleRequest = (url: URL, headers: Record<string, string>, signal: AbortSignal) => Promise<FileResponse>;

/**
 * Follows redirects by hand over `send`: every URL, the first and each redirect's, passes
 * `checkResultUrl` (and the host lookup) before anything is sent to it; at most MAX_REDIRECTS
 * redirects. `headers` go to every hop unchanged: they are built without credentials. Both
 * transports (fetch and node:http(s)) share this loop, so both check exactly the same.
 */
export function followRedirects(send: SingleRequest, policy: ResultUrlPolicy): Transport {
  return async (url, headers, signal) => {
    let current = checkResultUrl(url, policy);
    await checkResolvedHost(current, policy);
    for (let hops = 0; ; hops++) {
      const res = await send(current, headers, signal);
      const location = REDIRECT_STATUSES.has(res.status) ? res.header('location') : undefined;
      if (location === undefined) return res;
      res.cancel();
      if (hops >= MAX_REDIRECTS) {
        throw new DownloadError('unsafe_url', `The file server redirected more than ${MAX_REDIRECTS} times.`, res.status);
      }
      const next = checkResultUrl(location, policy, current);
      await checkResolvedHost(next, policy);
      current = next;
    }
  };
}

/** Adapts a `fetch` (the global one or an injected one) to the same shape, redirects checked per hop. */
export function fetchTransport(fetchImpl: typeof fetch, policy: ResultUrlPolicy): Transport {
  return followRedirects(async (url, headers, signal) => {
    const res = await fetchImpl(url.href, { headers, signal, redirect: 'manual' });
    // A browser-style fetch hides the Location of a manual redirect: nothing to check, so no hop.
    if (res.type === 'opaqueredirect') {
      throw new DownloadError('unsafe_url', 'The file server redirected, and the redirect could not be inspected.');
    }
    return adapt(res);
  }, policy);
}

function adapt(res: Response): FileResponse {
  const reader = res.body?.getReader();
  let cancelled = false;
  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    void (reader ? reader.cancel() : res.body?.cancel())?.catch(() => undefined);
  };
  const done: Promise<IteratorResult<Uint8Array>> = Promise.resolve({ done: true, value: undefined });
  // The reader's own promise is handed out as is: no extra promise per chunk.
  const next = reader ? (): Promise<IteratorResult<Uint8Array>> => reader.read() as Promise<IteratorResult<Uint8Array>> : (): Promise<IteratorResult<Uint8Array>> => done;
  return {
    status: res.status,
    // fetch decodes any Content-Encoding itself; the header stays visible.
    header: (name) => res.headers.get(name) ?? undefined,
    body: { [Symbol.asyncIterator]: () => ({ next }) },
    cancel,
  };
}
