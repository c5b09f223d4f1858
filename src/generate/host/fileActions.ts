// The task view's file buttons. They name a task (and a file by its index in the job's files), never
// a path: only what the extension saved itself is opened, revealed, copied or handed to the system player.
import * as path from 'path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../jobs/types';
import { LOG_PREFIX, type PanelHost } from './panelHost';

export type FileAction = 'openFile' | 'revealFile' | 'openExternal' | 'copyPath';

/** A job's saved files in order (a video job: its one file). */
export function savedFiles(r: JobRecord): string[] {
  if (r.files && r.files.length > 0) return [...r.files];
  return r.savedPath ? [r.savedPath] : [];
}

/** The file `index` names (absent: the job's first), or undefined when the record lists none there. */
export function savedFileAt(r: JobRecord | undefined, index: number | undefined): string | undefined {
  if (!r) return undefined;
  return index === undefined ? (r.savedPath ?? savedFiles(r)[0]) : savedFiles(r)[index];
}

export async function runFileAction(host: PanelHost, kind: FileAction, localId: string, index?: number): Promise<void> {
  const saved = savedFileAt(host.trackerRecord(localId), index);
  if (!saved) {
    host.logger.warn(`${LOG_PREFIX} ${kind} refused: the task has no saved file${index === undefined ? '' : ` at index ${index}`}`);
    return;
  }
  const uri = vscode.Uri.file(saved);
  if (kind === 'openFile') await vscode.commands.executeCommand('vscode.open', uri);
  else if (kind === 'openExternal') await vscode.env.openExternal(uri);
  else if (kind === 'copyPath') {
    await vscode.env.clipboard.writeText(saved);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the path of {0}', path.basename(saved)), 3000);
  } else if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
