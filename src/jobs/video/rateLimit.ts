// What a 429 on create means, and how long to wait. Three kinds: the per-key limit of tasks in
// flight (wait for a slot), a short throttle (wait, with a floor and growing), and a limit waiting
// will not clear soon — daily cap, balance, quota — which stops that request with a clear error.
import { redactSecrets } from '../../api/http/errors';
import { errorCode } from '../taskApi';

export type RateLimitKind = 'slots' | 'throttle' | 'hard';

/** No wait after a 429 is shorter, whatever Retry-After says (`Retry-After: 0` must not spin). */
export const MIN_RETRY_MS = 1_000;

const SLOT_CODES = new Set(['concurrent_tasks_limit', 'too_many_tasks', 'tasks_in_flight']);
const HARD_CODES = new Set(['daily_cap_reached', 'daily_limit_reached', 'balance_exhausted', 'insufficient_balance', 'insufficient_credits', 'quota_exceeded']);
const SLOT_WORDS = /\b(in flight|concurrent|at a time|in progress|running tasks|tasks? limit)\b/i;
const HARD_WORDS = /\b(cap|daily|balance|credits?|quota|billing|top up)\b/i;

function field(err: unknown, name: 'apiMessage' | 'message'): string {
  const m = typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
  return typeof m === 'string' ? redactSecrets(m) : '';
}
const apiMessage = (err: unknown): string => field(err, 'apiMessage');

/** Classifies a 429 by its code first, then by the words of its message. */
export function classify429(err: unknown): RateLimitKind {
  const code = (errorCode(err) ?? '').toLowerCase();
  if (SLOT_CODES.has(code)) return 'slots';
  if (HARD_CODES.has(code)) return 'hard';
  // The server's own words (not the client's sentence about 429s, which mentions the 4-task limit).
  const said = apiMessage(err) || field(err, 'message');
  if (HARD_WORDS.test(said)) return 'hard';
  if (SLOT_WORDS.test(said)) return 'slots';
  return 'throttle';
}

/**
 * The wait before retry number `attempt` (0-based): never under a floor that doubles with each
 * consecutive 429 (from `floorMs`), never under the server's Retry-After, capped at `capMs`
 * unless the server asked for longer.
 */
export function retryWaitMs(attempt: number, retryAfterMs: number | undefined, opts: { floorMs: number; baseMs: number; capMs: number }): number {
  const grow = (ms: number): number => Math.min(opts.capMs, ms * 2 ** Math.min(attempt, 30));
  const floor = grow(Math.max(1, opts.floorMs));
  const wanted = retryAfterMs ?? grow(opts.baseMs);
  return Math.max(floor, wanted);
}

export const SLOT_WAIT_REASON = 'The API allows 4 videos at a time: waiting for a free slot.';

export function throttleWaitReason(retryAtMs: number): string {
  return `Rate limited by the API: next try at ${new Date(retryAtMs).toTimeString().slice(0, 8)}.`;
}

/** Why requests held in the queue wait: a pending 429 wait, or every slot taken; undefined otherwise. */
export function queueWaitReason(retry: { kind: RateLimitKind; at: number } | undefined, full: boolean): string | undefined {
  if (retry) return retry.kind === 'slots' ? SLOT_WAIT_REASON : throttleWaitReason(retry.at);
  return full ? SLOT_WAIT_REASON : undefined;
}

/** The error a refused create shows: what the server said, that nothing was created, what to do. */
export function hardLimitMessage(err: unknown): string {
  const said = apiMessage(err)
    .trim()
    .replace(/[.\s]+$/, '');
  const requestId = typeof err === 'object' && err !== null ? (err as { requestId?: unknown }).requestId : undefined;
  const id = typeof requestId === 'string' && requestId ? ` (Request ID: ${requestId})` : '';
  const why = said ? `Airforce refused this request: "${said}".` : 'Airforce refused this request: a limit that waiting will not clear soon (daily cap, balance or quota).';
  return `${why} Nothing was created or billed. Use "Try again" once the limit resets or the balance is topped up.${id}`;
}
