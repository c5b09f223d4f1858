// Show Spending's view type and reload serializer, apart from the view's code so that registering
// them at activation loads nothing else (like the Generate panel's and the Compare grid's).
import * as vscode from 'vscode';

export const SPENDING_VIEW_TYPE = 'airforce.spending';

/** `revive` re-attaches the Show Spending tab VS Code restored after a reload (the page has no state: it is drawn anew). */
export function registerSpendingSerializer(revive: (panel: vscode.WebviewPanel) => void): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(SPENDING_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel) => revive(panel),
  });
}
