// The panel's view type and its reload serializer, kept apart from the panel host so that
// registering them at activation does not load the webview code.
import * as vscode from 'vscode';

export const PANEL_VIEW_TYPE = 'airforce.generateVideo';

/** `revive` re-attaches the panel VS Code restored after a reload; it may load the panel code then. */
export function registerPanelSerializer(revive: (panel: vscode.WebviewPanel, state: unknown) => void): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => revive(panel, state),
  });
}
