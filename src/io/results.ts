// The results step for every kind: a result URL, base64 text or a byte stream becomes one file in
// the output folder. Bytes go to a `wx` part file and get their final name only when complete;
// for base64 and bytes the extension comes from the magic number, never from what the server said.
// No URL is refreshed here: the stale-URL policy belongs to the caller (tasks/downloads.ts).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { BatchWriter, ioError, wrapIo } from './batchWriter';
import { downloadToFile, type DownloadOptions } from './download';
import { DownloadError } from './downloadError';
import { resolveInside, UnsafePathError } from './fileNames';
import { MEDIA_EXTENSIONS, MEDIA_TYPES, SNIFF_BYTES, sniffMediaType, type MediaType } from './magic';
import { claimFinalName, PART_MARKER, removeQuietly } from './partFiles';
import type { HostLookup } from './resultUrl';

/** Where a result's bytes come from: a pre-signed URL, `b64_json` text, or a response body. */
export type ResultSource =
  | { url: string }
  | { b64: string }
  | { bytes: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> };

export interface WriteResultOptions {
  source: ResultSource;
  /** Absolute output folder; created if missing. */
  dir: string;
  /** The final name; for base64 and bytes its extension is replaced by the sniffed type's. */
  fileName: string;
  /** Types a base64 or bytes result may be (default: every known one); anything else is refused. */
  accept?: readonly MediaType[];
  /** Base64 or bytes results larger than this are refused. Default 1 GiB. */
  maxBytes?: number;
  /** URL results: see DownloadOptions. */
  baseIsLoopback?: boolean;
  lookup?: HostLookup | null;
  fetch?: typeof fetch;
  tuning?: Pick<DownloadOptions, 'retryDelayMs' | 'maxResumes' | 'idleTimeoutMs' | 'fsync'>;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface WrittenResult {
  path: string;
  bytes: number;
  /** The sniffed type (base64 and bytes results only). */
  type?: MediaType;
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function writeResult(opts: WriteResultOptions): Promise<WrittenResult> {
  const { source } = opts;
  if ('url' in source) {
    const done = await downloadToFile({
      url: source.url,
      dir: opts.dir,
      fileName: opts.fileName,
      baseIsLoopback: opts.baseIsLoopback === true,
      ...(opts.lookup !== undefined ? { lookup: opts.lookup } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...opts.tuning,
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    return { path: done.path, bytes: done.bytes };
  }
  const chunks = 'b64' in source ? [decodeBase64(source.b64)] : source.bytes;
  return writeBytes(opts, chunks);
}

/** Strict base64 (whitespace allowed, padding optional): `Buffer.from` would silently skip junk. */
function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new DownloadError('unsupported_type', 'The result is not valid base64.');
  }
  return Buffer.from(compact, 'base64');
}

async function writeBytes(
  opts: WriteResultOptions,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): Promise<WrittenResult> {
  const log = opts.logger ?? silentLogger;
  const accept = opts.accept ?? MEDIA_TYPES;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const stemPath = stemOf(safePath(opts.dir, opts.fileName));
  throwIfAborted(opts.signal);
  try {
    await fsp.mkdir(path.dirname(stemPath), { recursive: true });
  } catch (e) {
    throw ioError('Could not create the output folder', e);
  }
  const partPath = `${stemPath}${PART_MARKER}${randomBytes(6).toString('hex')}`;
  const handle = await wrapIo(() => fsp.open(partPath, 'wx'), 'Could not create the result file');
  const writer = new BatchWriter(handle, 0);
  let closed = false;
  let finished = false;
  let head: Uint8Array = new Uint8Array(0);
  let type: MediaType | undefined;
  let received = 0;
  // Sniffed as soon as enough bytes arrived: a wrong file is refused before the rest is written.
  const check = (final: boolean): void => {
    if (type || (head.length < SNIFF_BYTES && !final)) return;
    const found = sniffMediaType(head);
    if (!found || !accept.includes(found)) {
      const wanted = accept.map((t) => MEDIA_EXTENSIONS[t].toUpperCase()).join(', ');
      throw new DownloadError('unsupported_type', `The result is not a ${wanted} file (${found ? found.toUpperCase() : 'unknown type'}).`);
    }
    type = found;
  };
  try {
    try {
      for await (const chunk of iterate(chunks)) {
        throwIfAborted(opts.signal);
        received += chunk.length;
        if (received > maxBytes) throw new DownloadError('too_large', `The result is larger than ${maxBytes} bytes.`);
        if (!type) {
          head = concat(head, chunk.subarray(0, SNIFF_BYTES));
          check(false);
        }
        const writing = writer.push(chunk);
        if (writing) await writing;
      }
      check(true);
      await writer.flush();
    } catch (e) {
      await writer.settle();
      throw e;
    }
    throwIfAborted(opts.signal);
    if (opts.tuning?.fsync === true) await wrapIo(() => handle.sync(), 'Could not flush the result to disk');
    await wrapIo(() => handle.close(), 'Could not close the result file');
    closed = true;
    const desired = `${stemPath}.${MEDIA_EXTENSIONS[type ?? 'mp4']}`;
    const finalPath = await wrapIo(() => claimFinalName(partPath, desired, log), 'Could not save the result');
    finished = true;
    log.info(`results: saved ${received} bytes to ${path.basename(finalPath)}`);
    return type ? { path: finalPath, bytes: received, type } : { path: finalPath, bytes: received };
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
    if (!finished) await removeQuietly(partPath);
  }
}

function safePath(dir: string, fileName: string): string {
  if (!path.isAbsolute(dir)) throw new DownloadError('unsafe_path', 'The output folder must be an absolute path.');
  try {
    return resolveInside(dir, fileName);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new DownloadError('unsafe_path', e.message);
    throw e;
  }
}

function stemOf(file: string): string {
  const ext = path.extname(file);
  return ext ? file.slice(0, -ext.length) : file;
}

// A fetch Response body is a web ReadableStream; read it through its reader (cancelled on early exit).
async function* iterate(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
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

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DownloadError('aborted', 'The download was cancelled.', undefined, { cause: signal.reason });
}
