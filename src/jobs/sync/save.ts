// What a synchronous job (image, audio) does with the results of an answered, billed POST: it
// saves at most the number asked; a download the result host refuses for a moment (503, a reset)
// is tried again with a growing pause; and a result that still could not be saved stays on the
// record (its URL, or its base64 while small enough to store) until its link expires, so "Try
// again" saves it later without sending the request again. Pure: no vscode, no endpoints.
import { isOperation, OPERATIONS } from '../../kinds';
import type { ResultSource } from '../../io/results';
import { realTimers, sleep, type Timers } from '../../util/abort';
import type { PendingResult } from '../job';
import type { TrackedJobRecord } from '../records';

/** Pauses before each new attempt at a result download that failed for a passing reason. */
export const DEFAULT_SAVE_RETRY_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000];
/**
 * How long a result is kept for a later save when its URL names no expiry: the API keeps results
 * for 24 hours. Base64 results are kept as long (they cannot expire, but a record should not
 * carry megabytes forever).
 */
export const RESULT_KEEP_SECONDS = 24 * 3600;
/** Base64 kept on one record at most (the record is persisted in workspace state). */
export const MAX_KEPT_B64_CHARS = 48 * 1024 * 1024;

/** How many results the request asked for: an image's `n` (1 when not given), one for audio. */
export function askedCount(record: TrackedJobRecord): number {
  // A transcript may come with its subtitles: as many results as the operation names.
  if (isOperation(record.kind)) return OPERATIONS[record.kind].resultNames.length;
  if (record.kind !== 'image') return 1;
  const n = record.extra.n;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

/** When a pre-signed URL stops working: its `expires`/`Expires` query value (Unix seconds), else `fallbackSec`. */
export function urlExpiry(url: string, fallbackSec: number): number {
  try {
    const params = new URL(url).searchParams;
    const raw = params.get('expires') ?? params.get('Expires');
    const value = raw !== null && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    return Number.isFinite(value) ? Math.min(value, fallbackSec) : fallbackSec;
  } catch {
    return fallbackSec;
  }
}

/**
 * The results worth keeping for a later save, by index: URLs, and base64 up to the stored limit.
 * A byte stream (audio) is read once and cannot be kept.
 */
export function keepableResults(sources: readonly ResultSource[], nowSec: number): PendingResult[] {
  const until = nowSec + RESULT_KEEP_SECONDS;
  const count = sources.length;
  let b64Chars = 0;
  const kept: PendingResult[] = [];
  sources.forEach((source, index) => {
    if ('url' in source) kept.push({ index, count, url: source.url, expiresAt: urlExpiry(source.url, until) });
    else if ('b64' in source && b64Chars + source.b64.length <= MAX_KEPT_B64_CHARS) {
      b64Chars += source.b64.length;
      kept.push({ index, count, b64: source.b64, expiresAt: until });
    } else if ('text' in source && b64Chars + source.text.length <= MAX_KEPT_B64_CHARS) {
      // A transcript was billed like any result: kept until saved.
      b64Chars += source.text.length;
      kept.push({ index, count, text: source.text, expiresAt: until });
    }
  });
  return kept;
}

/** Where a kept result's bytes come from (a stored entry without either is refused as empty base64). */
export function sourceOf(pending: PendingResult): ResultSource {
  if (pending.url !== undefined) return { url: pending.url };
  return pending.text !== undefined ? { text: pending.text } : { b64: pending.b64 ?? '' };
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  status?: unknown;
}

const shape = (err: unknown): ErrorShape => (typeof err === 'object' && err !== null ? (err as ErrorShape) : {});

/** A download that may work in a moment: a broken connection, a short body, a 429 or 5xx from the result host. */
export function isPassingFailure(err: unknown): boolean {
  const { name, code, status } = shape(err);
  if (name !== 'DownloadError') return false;
  if (code === 'network' || code === 'size_mismatch') return true;
  return code === 'http' && typeof status === 'number' && (status === 429 || status >= 500);
}

/**
 * A result that can never be saved as it is: bytes of the wrong kind, too large, an image cut
 * short, a URL the policy refuses or the host no longer serves (403/404/410). Anything else (a
 * passing failure, a full disk, no output folder) may be saved later.
 */
export function isLastingFailure(err: unknown, source: ResultSource): boolean {
  const { name, code } = shape(err);
  if (name !== 'DownloadError') return false;
  if (code === 'unsupported_type' || code === 'too_large' || code === 'unsafe_url' || code === 'expired') return true;
  return code === 'size_mismatch' && !('url' in source); // a cut base64 image stays cut
}

/** Drops kept results past their expiry; true when any was dropped. */
export function dropExpired(record: TrackedJobRecord, nowSec: number): boolean {
  const kept = record.pendingResults;
  if (!kept) return false;
  const live = kept.filter((p) => p.expiresAt > nowSec);
  if (live.length === kept.length) return false;
  setPending(record, live);
  return true;
}

export function dropPending(record: TrackedJobRecord, index: number): void {
  setPending(
    record,
    (record.pendingResults ?? []).filter((p) => p.index !== index),
  );
}

/** Keeps `pending` on the record (or removes the field); Try again is offered only while some remain. */
export function setPending(record: TrackedJobRecord, pending: readonly PendingResult[]): void {
  if (pending.length > 0) record.pendingResults = [...pending];
  else delete record.pendingResults;
}

/** The failure text of a save that left `failed` (1-based numbers) unsaved, `saved` of `count` saved. */
export function saveFailureText(count: number, saved: number, failed: readonly number[], why: string): string {
  if (count === 1) return `The result could not be saved: ${why}`;
  const which = failed.length === 1 ? `result ${failed[0]}` : `results ${failed.join(', ')}`;
  return `Saved ${saved} of ${count} results; ${which} could not be saved: ${why}`;
}

export const SAVE_AGAIN_HINT = ' It was billed: "Try again" saves what is missing without sending it again, while the links last.';
export const NOTHING_TO_SAVE = 'This image or audio job has nothing left to download again.';
export const LINKS_EXPIRED = 'The result links have expired: use "Generate again".';

/** How often and after which pauses a refused download is tried again (tests pace it). */
export interface RetryPacing {
  /** Default DEFAULT_SAVE_RETRY_MS. */
  saveRetryMs?: readonly number[];
  timers?: Timers;
}

/**
 * Saves one result by `save`; a URL download the host refuses for a moment (503, a reset) is tried
 * again after each pause in turn (`onRetry` says so first). Anything else is thrown at once.
 */
export async function saveWithRetry(
  save: () => Promise<string>,
  source: ResultSource,
  signal: AbortSignal,
  pacing: RetryPacing,
  onRetry: (err: unknown, pause: number) => void,
): Promise<string> {
  const pauses = pacing.saveRetryMs ?? DEFAULT_SAVE_RETRY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await save();
    } catch (err) {
      const pause = pauses[attempt];
      if (signal.aborted || !('url' in source) || !isPassingFailure(err) || pause === undefined) throw err;
      onRetry(err, pause);
      await sleep(pause, signal, pacing.timers ?? realTimers);
    }
  }
}
