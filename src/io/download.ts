// Saves a pre-signed result URL to disk: streamed in constant memory to a `wx` part file, resumed
// with Range after a broken connection, and renamed into place only when every byte arrived.
// The API key is never sent here: result URLs are pre-signed and this module builds its own headers.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { resolveInside, UnsafePathError } from './fileNames';
import { claimFinalName, PART_MARKER, removeQuietly } from './partFiles';

export { cleanStaleParts } from './partFiles';

export interface DownloadOptions {
  /** Pre-signed result URL. Never given an Authorization header. */
  url: string;
  /** Absolute output folder; created (recursively) if missing. */
  dir: string;
  /** From `buildVideoFileName`; must resolve inside `dir`. */
  fileName: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Re-reads the task for a fresh URL; called at most once, on 403/404/410. */
  refreshUrl?: () => Promise<string | undefined>;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Re-requests allowed after a broken stream, short body or 5xx (Range resume when possible). Default 3. */
  maxResumes?: number;
  /** A request that delivers no bytes for this long counts as broken. Default 60 000. */
  idleTimeoutMs?: number;
  /** Pause before the n-th re-request is n × this. Default 500. */
  retryDelayMs?: number;
  /** fsync before the rename so a crash can't leave an empty file under the final name. Default true. */
  fsync?: boolean;
  logger?: Logger;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Range requests answered with a matching 206 (bytes appended). */
  resumed: number;
  /** Times the part file was truncated and the download began again (Range ignored or mismatched). */
  restarted: number;
}

export type DownloadErrorCode =
  | 'expired'
  | 'http'
  | 'size_mismatch'
  | 'network'
  | 'aborted'
  | 'unsafe_path'
  /** Writing the file failed (disk full, permissions); `cause` holds the fs error. */
  | 'io';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

// Writes are batched to ~1 MiB (fewer syscalls), and one batch is written while the next is read,
// so disk and network overlap; memory stays at about two batches plus fetch's own buffer.
const BATCH_BYTES = 1024 * 1024;
const EXPIRED_STATUSES = new Set([403, 404, 410]);

export async function downloadToFile(opts: DownloadOptions): Promise<DownloadResult> {
  const log = opts.logger ?? silentLogger;
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (!path.isAbsolute(opts.dir)) throw new DownloadError('unsafe_path', 'The output folder must be an absolute path.');
  let desired: string;
  try {
    desired = resolveInside(opts.dir, opts.fileName);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new DownloadError('unsafe_path', e.message);
    throw e;
  }
  checkUrl(opts.url);
  throwIfAborted(opts.signal);

  await mkdirOrThrow(path.dirname(desired));
  const partPath = `${desired}${PART_MARKER}${randomBytes(6).toString('hex')}`;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(partPath, 'wx');
  } catch (e) {
    throw ioError('Could not create the download file', e);
  }

  let closed = false;
  let finished = false;
  try {
    const state = await fetchAll(opts, fetchImpl, handle, log);
    if (opts.fsync !== false) await wrapIo(() => handle.sync(), 'Could not flush the download to disk');
    await wrapIo(() => handle.close(), 'Could not close the download file');
    closed = true;
    const finalPath = await wrapIo(() => claimFinalName(partPath, desired, log), 'Could not save the video');
    finished = true;
    log.info(`download: saved ${state.received} bytes to ${path.basename(finalPath)}`);
    return { path: finalPath, bytes: state.received, resumed: state.resumed, restarted: state.restarted };
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
    if (!finished) await removeQuietly(partPath);
  }
}

interface TransferState {
  url: string;
  received: number;
  total: number | undefined;
  /** ETag or Last-Modified of the first full response, sent as If-Range so a changed file restarts. */
  validator: string | undefined;
  resumed: number;
  restarted: number;
}

async function fetchAll(
  opts: DownloadOptions,
  fetchImpl: typeof fetch,
  handle: fsp.FileHandle,
  log: Logger,
): Promise<TransferState> {
  const state: TransferState = { url: opts.url, received: 0, total: undefined, validator: undefined, resumed: 0, restarted: 0 };
  const maxResumes = Math.max(0, opts.maxResumes ?? 3);
  const retryDelayMs = Math.max(0, opts.retryDelayMs ?? 500);
  const idleTimeoutMs = Math.max(1, opts.idleTimeoutMs ?? 60_000);
  let retries = 0;
  let refreshed = false;

  // A failure that may be retried: pause, then loop (Range from `received` if anything arrived).
  const retryOrThrow = async (failure: DownloadError): Promise<void> => {
    if (retries >= maxResumes) throw failure;
    retries++;
    log.info(`download: ${failure.message}; retry ${retries}/${maxResumes} from byte ${state.received}`);
    await sleep(retries * retryDelayMs, opts.signal);
  };
  const restart = async (why: string): Promise<void> => {
    log.info(`download: ${why}; starting over`);
    await wrapIo(() => handle.truncate(0), 'Could not truncate the download file');
    state.received = 0;
    state.validator = undefined;
    state.restarted++;
  };

  for (;;) {
    throwIfAborted(opts.signal);
    const attempt = linkedController(opts.signal, idleTimeoutMs);
    try {
      const headers: Record<string, string> = { 'accept-encoding': 'identity' };
      if (state.received > 0) {
        headers['range'] = `bytes=${state.received}-`;
        if (state.validator) headers['if-range'] = state.validator;
      }
      log.debug(`download: GET ${urlForLog(state.url)}${headers['range'] ? ` (${headers['range']})` : ''}`);
      let res: Response;
      try {
        res = await fetchImpl(state.url, { headers, signal: attempt.controller.signal, redirect: 'follow' });
        attempt.touch();
      } catch (e) {
        throwIfAborted(opts.signal);
        await retryOrThrow(new DownloadError('network', `request failed: ${describe(e)}`, undefined, { cause: e }));
        continue;
      }

      if (EXPIRED_STATUSES.has(res.status)) {
        await discard(res);
        if (!refreshed && opts.refreshUrl) {
          refreshed = true;
          const next = await refreshOnce(opts.refreshUrl, res.status);
          if (next) {
            log.warn(`download: result URL answered ${res.status}; retrying with a refreshed URL`);
            checkUrl(next);
            state.url = next;
            continue;
          }
        }
        throw new DownloadError('expired', `The result URL has expired (HTTP ${res.status}).`, res.status);
      }

      if (res.status === 200) {
        if (state.received > 0) await restart('server ignored the Range request');
        state.total = declaredLength(res);
        state.validator = res.headers.get('etag') ?? res.headers.get('last-modified') ?? undefined;
      } else if (res.status === 206) {
        const range = parseContentRange(res.headers.get('content-range'));
        if (!range || range.start !== state.received) {
          await discard(res);
          await restart(`unexpected Content-Range ${JSON.stringify(res.headers.get('content-range'))}`);
          await retryOrThrow(new DownloadError('http', 'the server answered a different byte range', 206));
          continue;
        }
        if (range.total !== undefined) state.total = range.total;
        if (state.received > 0) state.resumed++;
      } else if (res.status === 416) {
        await discard(res);
        if (state.total !== undefined && state.received === state.total) return state; // already complete
        await restart('server refused the Range request (416)');
        await retryOrThrow(new DownloadError('http', 'range not satisfiable', 416));
        continue;
      } else if (res.status === 429 || res.status >= 500) {
        await discard(res);
        await retryOrThrow(new DownloadError('http', `the file server answered HTTP ${res.status}`, res.status));
        continue;
      } else {
        await discard(res);
        throw new DownloadError('http', `The file server answered HTTP ${res.status}.`, res.status);
      }

      if (!res.body) {
        throw new DownloadError('http', 'The file server sent no body.', res.status);
      }
      const outcome = await copyBody(res.body, handle, state, attempt, opts);
      if (outcome === 'complete') return state;
      throwIfAborted(opts.signal);
      const failure =
        outcome === 'short'
          ? new DownloadError('size_mismatch', `the body ended at ${state.received} of ${state.total ?? '?'} bytes`)
          : new DownloadError('network', `the connection broke after ${state.received} bytes: ${describe(outcome.error)}`, undefined, {
              cause: outcome.error,
            });
      await retryOrThrow(failure);
    } finally {
      attempt.dispose();
    }
  }
}

type CopyOutcome = 'complete' | 'short' | { error: unknown };

/**
 * Appends the body to the file at `state.received`. Network failures are returned (the caller may
 * resume); disk failures, aborts and an over-long body throw. On return, every byte counted in
 * `state.received` is on disk.
 */
async function copyBody(
  body: ReadableStream<Uint8Array>,
  handle: fsp.FileHandle,
  state: TransferState,
  attempt: Pick<LinkedController, 'touch'>,
  opts: DownloadOptions,
): Promise<CopyOutcome> {
  const reader = body.getReader();
  const writer = new BatchWriter(handle, state.received);
  let outcome: CopyOutcome | undefined;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        outcome = { error: e };
        break;
      }
      if (chunk.done) break;
      attempt.touch();
      const bytes = chunk.value;
      if (state.total !== undefined && state.received + bytes.length > state.total) {
        throw new DownloadError('size_mismatch', `The file server sent more than the ${state.total} bytes it announced.`);
      }
      await writer.push(bytes);
      state.received += bytes.length;
      opts.onProgress?.(state.received, state.total);
    }
    await writer.flush();
  } catch (e) {
    await writer.settle();
    throw e;
  } finally {
    reader.cancel().catch(() => undefined);
  }
  throwIfAborted(opts.signal);
  if (outcome) return outcome;
  return state.total === undefined || state.received === state.total ? 'complete' : 'short';
}

/** Collects chunks into ~1 MiB batches and keeps at most one batch write in flight. */
class BatchWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly handle: fsp.FileHandle,
    private position: number,
  ) {}

  async push(chunk: Uint8Array): Promise<void> {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= BATCH_BYTES) await this.startBatch();
  }

  /** Writes everything pushed so far and waits for it. */
  async flush(): Promise<void> {
    await this.startBatch();
    await this.waitInflight();
  }

  /** After an error: wait for the write in flight (never leave one running) and swallow its error. */
  async settle(): Promise<void> {
    await this.inflight?.catch(() => undefined);
    this.inflight = undefined;
  }

  private async startBatch(): Promise<void> {
    await this.waitInflight();
    if (this.pendingBytes === 0) return;
    const batch = this.pending;
    const at = this.position;
    this.position += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const write = writeFully(this.handle, batch, at);
    write.catch(() => undefined); // observed by waitInflight/settle; avoid an unhandled rejection meanwhile
    this.inflight = write;
  }

  private async waitInflight(): Promise<void> {
    const inflight = this.inflight;
    this.inflight = undefined;
    if (inflight) await wrapIo(() => inflight, 'Could not write the download file');
  }
}

async function writeFully(handle: fsp.FileHandle, chunks: Uint8Array[], position: number): Promise<void> {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const { bytesWritten } = await handle.writev(chunks, position);
  if (bytesWritten === total) return;
  // Short writes are legal but rare: finish the remainder with plain writes.
  const rest = Buffer.concat(chunks).subarray(bytesWritten);
  let offset = 0;
  while (offset < rest.length) {
    const r = await handle.write(rest, offset, rest.length - offset, position + bytesWritten + offset);
    if (r.bytesWritten <= 0) throw new Error('write made no progress');
    offset += r.bytesWritten;
  }
}

interface LinkedController {
  controller: AbortController;
  /** Call on every sign of life: pushes the idle deadline back. */
  touch(): void;
  dispose(): void;
}

// One controller per request: aborts when the caller's signal does, or when no data arrived for
// `idleMs` (fetch and the body reader then reject, and the request counts as broken).
function linkedController(parent: AbortSignal | undefined, idleMs: number): LinkedController {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  return {
    controller,
    touch: () => timer.refresh(),
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

async function refreshOnce(refreshUrl: () => Promise<string | undefined>, status: number): Promise<string | undefined> {
  try {
    return await refreshUrl();
  } catch (e) {
    throw new DownloadError('expired', `The result URL has expired (HTTP ${status}) and could not be refreshed.`, status, {
      cause: e,
    });
  }
}

function declaredLength(res: Response): number | undefined {
  // A compressed body's Content-Length counts compressed bytes, not what fetch hands us.
  const encoding = res.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const raw = res.headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `bytes 100-199/1000` → {start: 100, total: 1000}; `*` total → undefined total. */
export function parseContentRange(value: string | null): { start: number; end: number; total: number | undefined } | undefined {
  const m = value ? /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const total = m[3] === '*' ? undefined : Number(m[3]);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return { start, end, total };
}

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError('http', 'The result URL is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DownloadError('http', `Refusing to download from a ${parsed.protocol} URL.`);
  }
}

/** Origin and path only: the query of a pre-signed URL is a credential. */
export function urlForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DownloadError('aborted', 'The download was cancelled.', undefined, { cause: signal.reason });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DownloadError('aborted', 'The download was cancelled.', undefined, { cause: signal?.reason }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function mkdirOrThrow(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (e) {
    throw ioError('Could not create the output folder', e);
  }
}

async function wrapIo<T>(step: () => Promise<T>, what: string): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof DownloadError) throw e;
    throw ioError(what, e);
  }
}

function ioError(what: string, e: unknown): DownloadError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return new DownloadError('io', `${what}${code ? ` (${code})` : ''}.`, undefined, { cause: e });
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`;
  }
  return String(e);
}
