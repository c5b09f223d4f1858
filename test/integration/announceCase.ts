// What the two halves of issue 15 point 1 (a reload announces nothing that already finished) share:
// the hand-over file from the extension host before the reload to the one after it. Not a test file:
// importing a *.before-restart.js from the second half would register its suite there again.
import * as assert from 'node:assert/strict';

/** What the host before the reload hands the one after it. */
export interface Announced {
  readonly video: { localId: string; prompt: string; path: string };
  readonly image: { localId: string; prompt: string; path: string };
  readonly flight: { localId: string; taskId: string; prompt: string };
  /** Every job of this window that had finished (this suite's and the earlier suites'). */
  readonly finished: readonly string[];
}

export function announcedFile(): string {
  const results = process.env.AIRFORCE_TEST_RESULTS;
  assert.ok(results, 'AIRFORCE_TEST_RESULTS is set by the runner');
  return `${results}.announced.json`;
}
