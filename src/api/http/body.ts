// Reads a response body with a size cap. A hostile or broken server once sent a 1.2 GB JSON body
// that was read whole (2.5 GB RSS); now reading stops, and the connection is dropped, as soon as
// the body (or its announced Content-Length) goes over the cap.

export const MiB = 1024 * 1024;
/** JSON answers of this API are a few KiB; the task list of 100 entries stays far below this. */
export const DEFAULT_MAX_JSON_BYTES = 8 * MiB;

export interface CappedBody {
  text: string;
  /** Set when the body was over the cap: the bytes announced or read so far (the text is then empty). */
  tooLarge?: number;
}

function announcedLength(headers: Headers): number | undefined {
  const raw = headers.get('content-length');
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** The body as UTF-8 text, or `tooLarge` without reading further once it exceeds `maxBytes`. */
export async function readBodyCapped(response: { headers: Headers; body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<CappedBody> {
  const announced = announcedLength(response.headers);
  if (announced !== undefined && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { text: '', tooLarge: announced };
  }
  const body = response.body;
  if (!body) return { text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        chunks.length = 0;
        await reader.cancel().catch(() => undefined);
        return { text: '', tooLarge: size };
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { text: new TextDecoder().decode(all) };
}

export function formatBytes(n: number): string {
  if (n >= MiB) return `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
