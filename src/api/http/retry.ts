// Backoff arithmetic (the cancellable sleep is in util/abort.ts). The API asks for exponential
// backoff on 429/503 and for honouring Retry-After; full jitter keeps many clients from retrying in
// lock-step.

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
/** A server-requested wait longer than this is capped: the user is better served by a retry soon. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Full jitter: random() × min(cap, base × 2^attempt); attempt 0 is the first retry. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  const r = Math.min(1, Math.max(0, random()));
  return Math.floor(r * ceiling);
}

export function clampRetryAfterMs(ms: number): number {
  if (!Number.isFinite(ms)) return MAX_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfterHeader(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return clampRetryAfterMs(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return clampRetryAfterMs(at - nowMs);
}

/** The server's wish (header first, then the body's `retry_after` seconds), clamped to 0–120 s. */
export function serverRetryAfterMs(header: string | null | undefined, bodySeconds: number | undefined, nowMs: number): number | undefined {
  const fromHeader = parseRetryAfterHeader(header, nowMs);
  if (fromHeader !== undefined) return fromHeader;
  if (bodySeconds !== undefined && Number.isFinite(bodySeconds)) return clampRetryAfterMs(bodySeconds * 1000);
  return undefined;
}

/** The wait before retry number `attempt` (0-based): the server's wish wins over the backoff. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random?: () => number): number {
  return retryAfterMs !== undefined ? clampRetryAfterMs(retryAfterMs) : backoffDelayMs(attempt, random);
}
