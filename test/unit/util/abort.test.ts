import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abortError, abortReason, isAbortError, linkAbort, raceAbort, sleep, sleepOrAbortError } from '../../../src/util/abort';
import { countingTimers } from '../jobs/helpers';

test('sleep resolves after the delay on the given timers', async () => {
  const timers = countingTimers();
  const p = sleep(5, undefined, timers);
  assert.equal(timers.active(), 1);
  await p;
  assert.equal(timers.active(), 0);
});

test('sleep rejects at once on abort with the reason that says why, and clears its timer', async () => {
  const timers = countingTimers();
  const ctrl = new AbortController();
  const p = sleep(60_000, ctrl.signal, timers);
  ctrl.abort(new Error('The task was deleted.'));
  await assert.rejects(p, /The task was deleted\./);
  assert.equal(timers.active(), 0);
});

test('the API sleep always rejects with an AbortError; an aborted signal arms no timer', async () => {
  const ctrl = new AbortController();
  ctrl.abort(new Error('custom'));
  const timers = countingTimers();
  await assert.rejects(sleepOrAbortError(60_000, ctrl.signal), (e: unknown) => isAbortError(e));
  await assert.rejects(sleep(60_000, ctrl.signal, timers), /custom/);
  assert.equal(timers.active(), 0);
});

test('abortError keeps an AbortError reason; abortReason keeps any Error and names a string one', () => {
  const ctrl = new AbortController();
  ctrl.abort();
  assert.equal(abortError(ctrl.signal), ctrl.signal.reason);
  const other = new AbortController();
  other.abort('stopped');
  assert.equal(abortError(other.signal).name, 'AbortError');
  assert.equal(abortReason(other.signal).message, 'stopped');
  assert.equal(abortReason(other.signal).name, 'AbortError');
  assert.equal(isAbortError(new Error('x')), false);
});

test('raceAbort ends only this wait; the promise still settles for others', async () => {
  let resolve!: (v: number) => void;
  const shared = new Promise<number>((r) => (resolve = r));
  const ctrl = new AbortController();
  const mine = raceAbort(shared, ctrl.signal);
  ctrl.abort();
  await assert.rejects(mine, (e: unknown) => isAbortError(e));
  resolve(7);
  assert.equal(await raceAbort(shared, undefined), 7);
  assert.equal(await raceAbort(shared, new AbortController().signal), 7);
});

test('linkAbort passes the parent reason to the child, and unlink stops it', () => {
  const parent = new AbortController();
  const child = new AbortController();
  linkAbort(parent.signal, child)();
  parent.abort(new Error('gone'));
  assert.equal(child.signal.aborted, false, 'unlinked');
  const p2 = new AbortController();
  const c2 = new AbortController();
  linkAbort(p2.signal, c2);
  p2.abort(new Error('gone'));
  assert.equal((c2.signal.reason as Error).message, 'gone');
  assert.doesNotThrow(() => linkAbort(undefined, c2)());
});
