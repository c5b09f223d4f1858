// Fetching a result URL into an open part file: one request after another until every byte is on
// disk — Range/If-Range resume after a broken stream, start over when the server ignores Range or
// answers another file, probes that confirm an unannounced length, an idle timeout per request.
// The API key is never sent here: result URLs are pre-signed and the headers are built from nothing.
import type { promises as fsp } from 'node:fs';
import { linkAbort, realTimers, sleep as sleepOrAbort } from '../../util/abort';
import type { Logger } from '../../util/logger';
import { BatchWriter, wrapIo } from '../batchWriter';
import { DownloadError } from './downloadError';
import type { FileResponse, Transport } from './httpTransport';
import { abortedError, throwIfAborted } from './partWrite';
import { declaredLength, endConfirmed, isEncoded, parseContentRange, partialMismatch, type TransferState } from './rangeChecks';

export interface TransferOptions {
  url: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  maxResumes?: number;
  idleTimeoutMs?: number;
  retryDelayMs?: number;
}

const EXPIRED_STATUSES = new Set([403, 404, 410]);

export async function fetchAll(opts: TransferOptions, transport: Transport, handle: fsp.FileHandle, log: Logger): Promise<TransferState> {
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
async function copyBody(res: FileResponse, handle: fsp.FileHandle, state: TransferState, attempt: Pick<LinkedController, 'touch'>, opts: TransferOptions): Promise<CopyOutcome> {
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

/** Origin and path only: the query of a pre-signed URL is a credential. */
export function urlForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** The wait between retries; a cancel rejects with the downloader's own 'aborted' error. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return sleepOrAbort(ms, signal, realTimers, abortedError);
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return `${e.message}${cause}`;
  }
  return String(e);
}
