// Show Spending's editor tabs, for the two halves of its reload case (spendingTab.*-restart.ts).
import * as vscode from 'vscode';

/** VS Code names an extension's webview `mainThreadWebview-<viewType>`. */
export function spendingTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /(^|-)airforce\.spending$/.test(t.input.viewType));
}
