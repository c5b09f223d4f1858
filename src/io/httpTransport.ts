// The GET underneath downloads: the extension host's global fetch (it carries VS Code's proxy
// support and system certificates), or one a test injects, adapted to a small streaming shape.

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

/** Adapts a `fetch` (the global one or an injected one) to the same shape. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, headers, signal) => {
    const res = await fetchImpl(url, { headers, signal, redirect: 'follow' });
    // Pre-signed URLs may bounce to a CDN, but never from https down to plain http.
    if (url.startsWith('https:') && res.url && !res.url.startsWith('https:')) {
      void res.body?.cancel().catch(() => undefined);
      throw new TransportError('refusing a redirect from https to a non-https URL', res.status);
    }
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
      // fetch decodes any Content-Encoding itself; the header stays visible.
      header: (name) => res.headers.get(name) ?? undefined,
      body,
      cancel,
    };
  };
}
