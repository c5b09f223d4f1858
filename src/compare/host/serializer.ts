// The grid's view type and reload serializer, apart from the grid's host code so that registering
// them at activation loads nothing else (the constants file has no runtime imports).
import * as vscode from 'vscode';
import { COMPARE_VIEW_TYPE } from '../constants';

export { COMPARE_VIEW_TYPE };

/** `revive` re-attaches the grid VS Code restored after a reload; `state` is the app's getState(). */
export function registerCompareSerializer(revive: (panel: vscode.WebviewPanel, state: unknown) => void): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => revive(panel, state),
  });
}
