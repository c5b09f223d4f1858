// The one LogOutputChannel ("Airforce"). Every module logs through it; nothing uses console.log.
import * as vscode from 'vscode';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Airforce', { log: true });
}
