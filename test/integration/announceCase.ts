// What the issue 15 announcement tests share: the hand-over file from the extension host before the
// reload to the one after it (point 1), and the editor tabs open now. Not a test file:
// importing a *.before-restart.js from the second half would register its suite there again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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

/** Paths of the files open in editor tabs now. */
export function openTabs(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .flatMap((t) => {
      const input = t.input as { uri?: vscode.Uri } | undefined;
      return input?.uri ? [input.uri.fsPath] : [];
    });
}
