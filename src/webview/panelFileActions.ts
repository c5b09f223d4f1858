// The task view's file buttons. They name a task, never a path: only what the extension saved itself
// is opened, revealed or handed to the system player.
import * as vscode from 'vscode';
import { LOG_PREFIX, type PanelHost } from './panelHost';

export type FileAction = 'openFile' | 'revealFile' | 'openExternal';

export async function runFileAction(host: PanelHost, kind: FileAction, localId: string): Promise<void> {
  const saved = host.trackerRecord(localId)?.savedPath;
  if (!saved) {
    host.logger.warn(`${LOG_PREFIX} ${kind} for a task without a saved file`);
    return;
  }
  const uri = vscode.Uri.file(saved);
  if (kind === 'openFile') await vscode.commands.executeCommand('vscode.open', uri);
  else if (kind === 'openExternal') await vscode.env.openExternal(uri);
  else if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
