// Saves a pre-signed result URL to disk: streamed in constant memory to a `wx` part file, resumed
// with Range after a broken connection, and renamed into place only when every byte arrived.
// The API key is never sent here: result URLs are pre-signed and this module builds its own headers.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { linkAbort, realTimers, sleep as sleepOrAbort } from '../util/abort';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { BatchWriter, ioError, wrapIo } from './batchWriter';
import { DownloadError } from './downloadError';
import { resolveInside, UnsafePathError } from './fileNames';
import { fetchTransport, type FileResponse, type Transport } from './httpTransport';
import { claimFinalName, PART_MARKER, removeQuietly } from './partFiles';
import { checkResultUrl, systemLookup, type HostLookup, type ResultUrlPolicy } from './resultUrl';

export { cleanStaleParts } from './partFiles';
export { DownloadError, type DownloadErrorCode } from './downloadError';

export interface DownloadOptions {
  /** Pre-signed result URL. Never given an Authorization header. */
  url: string;
  /** Absolute output folder; created (recursively) if missing. */
  dir: string;
  /** From `buildVideoFileName`; must resolve inside `dir`. */
  fileName: string;
  /** Default: the global fetch (in VS Code, the extension host's, with proxy support). */
  fetch?: typeof fetch;
  /**
   * `airforce.baseUrl` is loopback (the local simulator): result URLs and redirects may then go to
   * loopback, over http too. Otherwise only https to public addresses. Default false.
   */
  baseIsLoopback?: boolean;
  /** Resolves host names so names pointing at private addresses are refused. Default: the system resolver; null: skip. */
  lookup?: HostLookup | null;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Re-requests allowed after a broken stream, short body or 5xx (Range resume when possible). Default 3. */
  maxResumes?: number;
  /** A request that delivers no bytes for this long counts as broken. Default 60 000. */
  idleTimeoutMs?: number;
  /** Pause before the n-th re-request is n × this. Default 500. */
  retryDelayMs?: number;
  /**
   * fsync before the rename, so even a power cut right after can't leave a short file under the
   * final name. Costs ~20 % throughput on large files; default false (the OS writes it back soon).
   */
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

const EXPIRED_STATUSES = new Set([403, 404, 410]);

export async function downloadToFile(opts: DownloadOptions): Promise<DownloadResult> {
  const log = opts.logger ?? silentLogger;
  const policy: ResultUrlPolicy = { baseIsLoopback: opts.baseIsLoopback === true };
  const lookup = opts.lookup === undefined ? systemLookup : opts.lookup;
  if (lookup) policy.lookup = lookup;
  const transport = fetchTransport(opts.fetch ?? globalThis.fetch, policy);
  if (!path.isAbsolute(opts.dir)) throw new DownloadError('unsafe_path', 'The output folder must be an absolute path.');
  let desired: string;
  try {
    desired = resolveInside(opts.dir, opts.fileName);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new DownloadError('unsafe_path', e.message);
    throw e;
  }
  checkResultUrl(opts.url, policy);
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
    const state = await fetchAll(opts, transport, handle, log);
    if (opts.fsync === true) await wrapIo(() => handle.sync(), 'Could not flush the download to disk');
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
  /** The length the first response announced; every later 206 must announce the same. */
  total: number | undefined;
  /** ETag and Last-Modified of the full response; sent as If-Range, and a 206 naming others is another file. */
  etag: string | undefined;
  lastModified: string | undefined;
  /** False once a response came compressed: byte offsets then mean nothing, so retries start over. */
  rangeable: boolean;
  resumed: number;
  restarted: number;
  /** Range probes sent, at `probedAt` bytes, to confirm the end of a body whose length was never announced. */
  probes: number;
  probedAt: number | undefined;
}

async function fetchAll(
  opts: DownloadOptions,
  transport: Transport,
  handle: fsp.FileHandle,
  log: Logger,
): Promise<TransferState> {
  const state: TransferState = {
    url: opts.url,
    received: 0,
    total: undefined,
    etag: undefined,
    lastModified: undefined,
    rangeable: true,
    resumed: 0,
    restarted: 0,
    probes: 0,
    probedAt: undefined,
  };
  const maxResumes = Math.max(0, opts.maxResumes ?? 3);
  const retryDelayMs = Math.max(0, opts.retryDelayMs ?? 500);
  const idleTimeoutMs = Math.max(1, opts.idleTimeoutMs ?? 60_000);
  let retries = 0;

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
    state.total = undefined;
    state.etag = undefined;
    state.lastModified = undefined;
    state.restarted++;
  };

  for (;;) {
    throwIfAborted(opts.signal);
    const attempt = linkedController(opts.signal, idleTimeoutMs);
    try {
      if (state.received > 0 && !state.rangeable) await restart('the previous response was compressed');
      // Built here, from nothing: no Authorization, no cookies; the URL's signature is the credential.
      const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'airforce-media' };
      if (state.received > 0) {
        headers['range'] = `bytes=${state.received}-`;
        const validator = state.etag ?? state.lastModified;
        if (validator) headers['if-range'] = validator;
      }
      log.debug(`download: GET ${urlForLog(state.url)}${headers['range'] ? ` (${headers['range']})` : ''}`);
      let res: FileResponse;
      try {
        res = await transport(state.url, headers, attempt.controller.signal);
        attempt.touch();
      } catch (e) {
        throwIfAborted(opts.signal);
        if (e instanceof DownloadError) throw e; // a refused URL or redirect: never retried
        await retryOrThrow(new DownloadError('network', `request failed: ${describe(e)}`, undefined, { cause: e }));
        continue;
      }

      if (EXPIRED_STATUSES.has(res.status)) {
        // Not refreshed here: whoever knows the task decides whether one fresh URL is worth a try.
        res.cancel();
        throw new DownloadError('expired', `The result URL was refused (HTTP ${res.status}); it may have expired.`, res.status);
      }

      if (res.status === 200) {
        if (state.received > 0) await restart('server ignored the Range request');
        state.total = declaredLength(res);
        state.etag = res.header('etag');
        state.lastModified = res.header('last-modified');
        state.rangeable = !isEncoded(res);
      } else if (res.status === 206) {
        // Appending bytes of another file (or another version) would splice two files into one.
        const mismatch = partialMismatch(res, state);
        if (mismatch) {
          res.cancel();
          await restart(mismatch);
          await retryOrThrow(new DownloadError('size_mismatch', `the file server answered a different file (${mismatch})`, 206));
          continue;
        }
        const total = parseContentRange(res.header('content-range') ?? null)?.total;
        if (total !== undefined) state.total = total;
        if (state.received > 0) state.resumed++;
      } else if (res.status === 416) {
        res.cancel();
        if (endConfirmed(res, state)) return state;
        await restart('server refused the Range request (416)');
        await retryOrThrow(new DownloadError('http', 'range not satisfiable', 416));
        continue;
      } else if (res.status === 429 || res.status >= 500) {
        res.cancel();
        await retryOrThrow(new DownloadError('http', `the file server answered HTTP ${res.status}`, res.status));
        continue;
      } else {
        res.cancel();
        throw new DownloadError('http', `The file server answered HTTP ${res.status}.`, res.status);
      }

      const outcome = await copyBody(res, handle, state, attempt, opts);
      if (outcome === 'complete') return state;
      throwIfAborted(opts.signal);
      if (outcome === 'unconfirmed') {
        // The body ended cleanly but its length was never announced: a cut connection looks the
        // same. Ask for the bytes after it; only a 416 naming this size (or the rest) confirms it.
        // A probe that brought more bytes was progress; only probes that end at the same size count.
        if (state.received !== state.probedAt) {
          state.probedAt = state.received;
          state.probes = 0;
        } else if (state.probes >= maxResumes) {
          throw new DownloadError('size_mismatch', `The file server never confirmed the file's length (${state.received} bytes received).`);
        }
        state.probes++;
        log.info(`download: no length announced; checking that ${state.received} bytes is the end`);
        continue;
      }
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

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `unconfirmed`: the body ended cleanly, but no length was announced to check it against. */
type CopyOutcome = 'complete' | 'short' | 'unconfirmed' | { error: unknown };

/**
 * Appends the body to the file at `state.received`. Network failures are returned (the caller may
 * resume); disk failures, aborts and an over-long body throw. On return, every byte counted in
 * `state.received` is on disk.
 */
async function copyBody(
  res: FileResponse,
  handle: fsp.FileHandle,
  state: TransferState,
  attempt: Pick<LinkedController, 'touch'>,
  opts: DownloadOptions,
): Promise<CopyOutcome> {
  const chunks = res.body[Symbol.asyncIterator]();
  const writer = new BatchWriter(handle, state.received);
  let outcome: CopyOutcome | undefined;
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await chunks.next();
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
      const writing = writer.push(bytes);
      if (writing) {
        await writing; // a batch started (~1 MiB): wait for a write slot if all are busy
        // Let the event loop turn once per batch: chunks already queued in the body would otherwise
        // be drained through microtasks alone, holding up the extension host for tens of ms.
        await yieldToEventLoop();
      }
      state.received += bytes.length;
      opts.onProgress?.(state.received, state.total);
    }
    await writer.flush();
  } catch (e) {
    await writer.settle();
    throw e;
  } finally {
    res.cancel();
  }
  throwIfAborted(opts.signal);
  if (outcome) return outcome;
  // A compressed body has no usable length, but its decoder fails on a cut stream.
  if (state.total === undefined) return state.rangeable ? 'unconfirmed' : 'complete';
  return state.received === state.total ? 'complete' : 'short';
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
  const unlink = linkAbort(parent, controller);
  const timer = setTimeout(() => controller.abort(new Error(`no data for ${idleMs} ms`)), idleMs);
  return {
    controller,
    touch: () => timer.refresh(),
    dispose: () => {
      clearTimeout(timer);
      unlink();
    },
  };
}

/** Why a 206 cannot continue the part file, or undefined when it can. */
function partialMismatch(res: FileResponse, state: TransferState): string | undefined {
  const raw = res.header('content-range');
  const range = parseContentRange(raw ?? null);
  if (!range || range.start !== state.received || isEncoded(res)) return `unexpected Content-Range ${JSON.stringify(raw)}`;
  if (state.total !== undefined && range.total !== undefined && range.total !== state.total) {
    return `its size changed from ${state.total} to ${range.total} bytes`;
  }
  const etag = res.header('etag');
  if (state.etag !== undefined && etag !== undefined && etag !== state.etag) return `its ETag changed to ${etag}`;
  const lastModified = res.header('last-modified');
  if (state.etag === undefined && state.lastModified !== undefined && lastModified !== undefined && lastModified !== state.lastModified) {
    return 'its Last-Modified date changed';
  }
  return undefined;
}

// A 416 to `Range: bytes=<received>-` says the file ends here when its `Content-Range: bytes */<size>`
// (or the total announced earlier) agrees with what was received.
function endConfirmed(res: FileResponse, state: TransferState): boolean {
  if (state.received === 0) return false;
  const m = /^bytes\s+\*\/(\d+)$/i.exec(res.header('content-range')?.trim() ?? '');
  const size = m?.[1] !== undefined ? Number(m[1]) : undefined;
  if (size !== undefined && size !== state.received) return false;
  if (state.total !== undefined) return state.total === state.received;
  if (size === undefined) return false;
  state.total = size;
  return true;
}

function isEncoded(res: FileResponse): boolean {
  const encoding = res.header('content-encoding')?.trim().toLowerCase();
  return !!encoding && encoding !== 'identity';
}

function declaredLength(res: FileResponse): number | undefined {
  // A compressed body's Content-Length counts compressed bytes, not the decoded ones we write.
  if (isEncoded(res)) return undefined;
  const raw = res.header('content-length');
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
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

/** The wait between retries; a cancel rejects with the downloader's own 'aborted' error. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return sleepOrAbort(ms, signal, realTimers, (s) => new DownloadError('aborted', 'The download was cancelled.', undefined, { cause: s.reason }));
}

async function mkdirOrThrow(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (e) {
    throw ioError('Could not create the output folder', e);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`;
  }
  return String(e);
}
