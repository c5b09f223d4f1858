// Issue 15 point 5, first half: Show Spending is open when the window reloads. The second half
// (spendingTab.after-restart.ts) checks that VS Code brought the tab back through its serializer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, waitFor } from './simControl';
import { spendingTabs } from './spendingTabs';

suite('fh#5 Show Spending across a reload (before the reload)', () => {
  test('fh#5 Show Spending is open when the window reloads', async () => {
    await extensionApi();
    await vscode.commands.executeCommand('airforce.showSpending');
    await waitFor('the Show Spending tab', () => spendingTabs().length === 1 || undefined, 10_000);
    assert.equal(spendingTabs().length, 1);
  });
});
