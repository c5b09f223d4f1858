import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_CAP_MS, MAX_RETRY_AFTER_MS, backoffDelayMs, clampRetryAfterMs, parseRetryAfterHeader, retryDelayMs, serverRetryAfterMs } from '../../../src/api/http/retry';
import { isAbortError, sleep } from '../../../src/util/abort';

const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('full jitter: random × min(cap, base × 2^attempt)', () => {
  assert.equal(
    backoffDelayMs(0, () => 1),
    1_000,
  );
  assert.equal(
    backoffDelayMs(1, () => 1),
    2_000,
  );
  assert.equal(
    backoffDelayMs(3, () => 0.5),
    4_000,
  );
  assert.equal(
    backoffDelayMs(10, () => 1),
    BACKOFF_CAP_MS,
  );
  assert.equal(
    backoffDelayMs(2, () => 0),
    0,
  );
  const seen = new Set([0.1, 0.7, 0.9].map((r) => backoffDelayMs(2, () => r)));
  assert.equal(seen.size, 3, 'jitter spreads the delays');
});

test('Retry-After as delta-seconds', () => {
  assert.equal(parseRetryAfterHeader('3', 0), 3_000);
  assert.equal(parseRetryAfterHeader(' 0 ', 0), 0);
  assert.equal(parseRetryAfterHeader('1.5', 0), 1_500);
  assert.equal(parseRetryAfterHeader(null, 0), undefined);
  assert.equal(parseRetryAfterHeader('', 0), undefined);
  assert.equal(parseRetryAfterHeader('soon', 0), undefined);
});

test('Retry-After as an HTTP date, relative to now', () => {
  const now = Date.parse('Wed, 21 Oct 2025 07:28:00 GMT');
  assert.equal(parseRetryAfterHeader('Wed, 21 Oct 2025 07:28:07 GMT', now), 7_000);
  // A date in the past means "now".
  assert.equal(parseRetryAfterHeader('Wed, 21 Oct 2025 07:00:00 GMT', now), 0);
});

test('server waits are clamped to 0–120 s', () => {
  assert.equal(parseRetryAfterHeader('3600', 0), MAX_RETRY_AFTER_MS);
  assert.equal(clampRetryAfterMs(-5), 0);
  assert.equal(clampRetryAfterMs(Number.POSITIVE_INFINITY), MAX_RETRY_AFTER_MS);
  assert.equal(serverRetryAfterMs(undefined, 500, 0), MAX_RETRY_AFTER_MS);
});

test('header wins over body retry_after, body wins over backoff', () => {
  assert.equal(serverRetryAfterMs('2', 9, 0), 2_000);
  assert.equal(serverRetryAfterMs(null, 9, 0), 9_000);
  assert.equal(serverRetryAfterMs(null, undefined, 0), undefined);
  assert.equal(
    retryDelayMs(0, 9_000, () => 1),
    9_000,
  );
  assert.equal(
    retryDelayMs(0, undefined, () => 1),
    1_000,
  );
});

test('sleep resolves after the delay and leaves no timer', async () => {
  const before = timeouts();
  await sleep(5);
  assert.equal(timeouts(), before);
});

test('abort during sleep rejects promptly with AbortError and clears the timer', async () => {
  const before = timeouts();
  const ctrl = new AbortController();
  const started = performance.now();
  const p = sleep(60_000, ctrl.signal);
  assert.equal(timeouts(), before + 1, 'the sleep holds one timer');
  setImmediate(() => ctrl.abort());
  await assert.rejects(p, (e: unknown) => isAbortError(e));
  assert.ok(performance.now() - started < 1_000);
  assert.equal(timeouts(), before, 'no timer left behind');
});

test('sleep with an already aborted signal rejects without arming a timer', async () => {
  const before = timeouts();
  const ctrl = new AbortController();
  ctrl.abort();
  await assert.rejects(sleep(60_000, ctrl.signal), (e: unknown) => isAbortError(e));
  assert.equal(timeouts(), before);
});
