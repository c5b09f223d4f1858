// The results step for every kind: a result URL, base64 text or a byte stream becomes one file in
// the output folder. Bytes go to a `wx` part file and get their final name only when complete;
// the extension comes from the magic number of the first bytes (for a URL, when the caller lists
// what it accepts), never from what the server said.
// No URL is refreshed here: the stale-URL policy belongs to the caller (jobs/downloads.ts).
import * as path from 'node:path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { BatchWriter } from './batchWriter';
import { downloadToFile, type DownloadOptions } from './download/download';
import { DownloadError } from './download/downloadError';
import { checkMediaType, incompleteImage, MEDIA_TYPES, SNIFF_BYTES, TAIL_BYTES, withMediaExtension, type MediaType } from './magic';
import { safeTarget, throwIfAborted, writeThroughPart } from './download/partWrite';
import type { HostLookup } from './download/resultUrl';

/**
 * Where a result's bytes come from: a pre-signed URL, `b64_json` text, a response body, or text
 * written as is (a transcript and its subtitles: no signature to sniff, the name says what it is).
 */
export type ResultSource = { url: string } | { b64: string } | { bytes: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> } | { text: string };

/** Where and how a result is written: shared by video results and synchronous ones. */
export interface WriteTarget {
  /** The output folder's real path (see resolveOutputDir); created if missing. */
  dir: string;
  /** `airforce.baseUrl` is loopback: see DownloadOptions.baseIsLoopback (URL results only). */
  baseIsLoopback?: boolean;
  signal?: AbortSignal;
  logger?: Logger;
  fetch?: typeof fetch;
  lookup?: HostLookup | null;
  /** Tuning passed to downloadToFile (tests use short delays). */
  tuning?: Pick<DownloadOptions, 'retryDelayMs' | 'maxResumes' | 'idleTimeoutMs' | 'fsync'>;
}

/** Where and how a result is written; the callers must say whether the base URL is loopback. */
export interface ResultTarget extends WriteTarget {
  baseIsLoopback: boolean;
}

export interface WriteResultOptions extends WriteTarget {
  source: ResultSource;
  /** The final name; its extension is replaced by the sniffed type's. */
  fileName: string;
  /**
   * Types the result may be, by magic number; anything else is refused. Base64 and bytes: default
   * every known type. A URL result is checked only when this is given (a video keeps its name).
   */
  accept?: readonly MediaType[];
  /** Base64 or bytes results larger than this are refused. Default 1 GiB. */
  maxBytes?: number;
  /**
   * false: this result gets no sidecar (a transcript's .srt and .vtt), so another file's sidecar of
   * the same base name (`clip.json` of `clip.mp4`) does not hold its name. Default true.
   */
  ownSidecar?: boolean;
}

export interface WrittenResult {
  path: string;
  bytes: number;
  /** The sniffed type (always, but for a URL result written without `accept`). */
  type?: MediaType;
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function writeResult(opts: WriteResultOptions): Promise<WrittenResult> {
  const { source } = opts;
  if ('url' in source) {
    const done = await downloadToFile({ ...opts, ...opts.tuning, url: source.url });
    return { path: done.path, bytes: done.bytes, ...(done.type ? { type: done.type } : {}) };
  }
  if ('text' in source) return writeText(opts, source.text);
  const chunks = 'b64' in source ? [decodeBase64(source.b64)] : source.bytes;
  return writeBytes(opts, chunks);
}

/** UTF-8 text under its given name, through the same part file (never replacing a file). */
async function writeText(opts: WriteResultOptions, text: string): Promise<WrittenResult> {
  const target = safeTarget(opts.dir, opts.fileName);
  throwIfAborted(opts.signal);
  const bytes = Buffer.from(text, 'utf8');
  const part = { target, file: 'result', saved: 'result', fsync: opts.tuning?.fsync, logger: opts.logger ?? silentLogger, ownSidecar: opts.ownSidecar };
  const saved = await writeThroughPart(part, async (handle) => {
    await handle.writeFile(bytes);
    throwIfAborted(opts.signal);
    return { desired: target, value: bytes.length };
  });
  return { path: saved.path, bytes: saved.value };
}

/** Strict base64 (whitespace allowed, padding optional): `Buffer.from` would silently skip junk. */
function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new DownloadError('unsupported_type', 'The result is not valid base64.');
  }
  return Buffer.from(compact, 'base64');
}

async function writeBytes(opts: WriteResultOptions, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): Promise<WrittenResult> {
  const log = opts.logger ?? silentLogger;
  const accept = opts.accept ?? MEDIA_TYPES;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const target = safeTarget(opts.dir, opts.fileName);
  throwIfAborted(opts.signal);
  const part = { target, file: 'result', saved: 'result', fsync: opts.tuning?.fsync, logger: log, ownSidecar: opts.ownSidecar };
  const saved = await writeThroughPart(part, async (handle) => {
    const writer = new BatchWriter(handle, 0);
    let head: Uint8Array = new Uint8Array(0);
    let tail: Uint8Array = new Uint8Array(0);
    let type: MediaType | undefined;
    let received = 0;
    try {
      for await (const chunk of iterate(chunks)) {
        throwIfAborted(opts.signal);
        received += chunk.length;
        if (received > maxBytes) throw new DownloadError('too_large', `The result is larger than ${maxBytes} bytes.`);
        if (!type) {
          head = concat(head, chunk.subarray(0, SNIFF_BYTES));
          // Sniffed as soon as enough bytes arrived: a wrong file is refused before the rest is written.
          if (head.length >= SNIFF_BYTES) type = checkMediaType(head, accept);
        }
        tail = lastBytes(tail, chunk);
        const writing = writer.push(chunk);
        if (writing) await writing;
      }
      type ??= checkMediaType(head, accept);
      // A cut base64 string still decodes: the image's own end marker says whether it is whole.
      const cut = incompleteImage(type, head, tail, received);
      if (cut) throw new DownloadError('size_mismatch', cut);
      await writer.flush();
    } catch (e) {
      await writer.settle();
      throw e;
    }
    throwIfAborted(opts.signal);
    return { desired: withMediaExtension(target, type), value: { type, received } };
  });
  const { type, received } = saved.value;
  log.info(`results: saved ${received} bytes to ${path.basename(saved.path)}`);
  return { path: saved.path, bytes: received, type };
}

// A fetch Response body is a web ReadableStream; read it through its reader (cancelled on early exit).
async function* iterate(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!('getReader' in chunks)) {
    yield* chunks;
    return;
  }
  const reader = chunks.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** The last TAIL_BYTES of `kept` followed by `chunk`. */
function lastBytes(kept: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.length >= TAIL_BYTES) return chunk.slice(chunk.length - TAIL_BYTES);
  const joined = concat(kept, chunk);
  return joined.length > TAIL_BYTES ? joined.slice(joined.length - TAIL_BYTES) : joined.slice();
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
