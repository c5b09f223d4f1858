// Registered at activation in place of the storyboard support itself: watches Markdown documents
// with the cheap fence test and starts the support (CodeLenses, diagnostics, hovers, completion —
// the parser, analyzer and validation rules, in the second bundle) when the first one that may hold
// ```airforce shots is open. A storyboard loads the model catalog, and so that bundle, anyway; a
// window without one never compiles either.
import * as vscode from 'vscode';
import { mayHoldShots } from '../fence';

const mayBeStoryboard = (d: vscode.TextDocument): boolean => d.languageId === 'markdown' && mayHoldShots(d.getText());

/** Calls `start` once, for the first Markdown document that may hold shots; disposing stops both. */
export function storyboardGate(start: () => vscode.Disposable): vscode.Disposable {
  let started: vscode.Disposable | undefined;
  const watchers: vscode.Disposable[] = [];
  const look = (d: vscode.TextDocument): void => {
    if (started || !mayBeStoryboard(d)) return;
    started = start();
    watchers.splice(0).forEach((w) => w.dispose());
  };
  watchers.push(
    vscode.workspace.onDidOpenTextDocument(look),
    vscode.workspace.onDidChangeTextDocument((e) => look(e.document)),
  );
  // After activation returns: documents already open (a reload with a storyboard in an editor).
  const first = setTimeout(() => vscode.workspace.textDocuments.forEach(look), 0);
  return {
    dispose: () => {
      clearTimeout(first);
      watchers.splice(0).forEach((w) => w.dispose());
      started?.dispose();
    },
  };
}
