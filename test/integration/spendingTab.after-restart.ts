// Issue 15 point 5, second half: after the reload the Show Spending tab is back (its serializer,
// activation event onWebviewPanel:airforce.spending), and Show Spending reveals it, not a second one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { note } from '../runner/progress';
import { extensionApi, waitFor } from './simControl';
import { spendingTabs } from './spendingTabs';

suite('fh#5 Show Spending across a reload (after the reload)', () => {
  test('fh#5 the Show Spending tab is restored after a reload, and Show Spending reveals it', async () => {
    await extensionApi();
    const started = Date.now();
    await waitFor('the Show Spending tab restored by the reload', () => spendingTabs().length > 0 || undefined, 15_000);
    note(`Show Spending tab back ${Date.now() - started} ms into the test`);
    await vscode.commands.executeCommand('airforce.showSpending');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(spendingTabs().length, 1, 'the restored tab is the one Show Spending shows');
    // Leave the window as other restart cases expect it: no editors of ours open.
    await vscode.window.tabGroups.close(spendingTabs());
  });
});
