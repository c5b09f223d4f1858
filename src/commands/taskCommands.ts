// Commands on one task. Each accepts what a tree menu passes (the row's local id) or a server task id.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import type { Airforce } from '../container';
import type { TaskRecord } from '../tasks/types';
import { GenerationPanel } from '../webview/panel';
import { initFromRecord } from '../webview/panelPrefill';
import { panelHost } from './generate';
import { findTask } from './taskRef';

const savedFileExists = (r: TaskRecord): boolean => !!r.savedPath && fs.existsSync(r.savedPath);

export async function downloadResult(af: Airforce, arg: unknown): Promise<string> {
  const record = findTask(af, arg);
  if (savedFileExists(record)) return record.savedPath!;
  if (record.status !== 'completed') throw new Error(vscode.l10n.t('This video is not ready yet ({0}).', record.status));
  return vscode.window.withProgress(
    { location: { viewId: 'airforce.tasks' }, title: vscode.l10n.t('Downloading video…') },
    () => af.tracker.downloadNow(record.localId),
  );
}

export async function openResult(af: Airforce, arg: unknown): Promise<void> {
  const savedPath = await downloadResult(af, arg);
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(savedPath));
}

/** Generate again, any kind: the panel opens on the record's kind with its values (nothing is sent). */
export async function rerunTask(af: Airforce, arg: unknown): Promise<void> {
  const r = findTask(af, arg);
  // Nothing is read here: the panel checks each local source (inside a workspace folder, an image by
  // its bytes) before it shows it; other schemes are dropped, https URLs stay URLs.
  GenerationPanel.createOrShow(panelHost(af), initFromRecord(r));
}

export async function deleteTask(af: Airforce, arg: unknown, confirm = true): Promise<boolean> {
  const r = findTask(af, arg);
  if (confirm) {
    const del = vscode.l10n.t('Delete');
    const detail = r.savedPath
      ? vscode.l10n.t('The saved file {0} is kept.', r.savedPath)
      : vscode.l10n.t('The task is removed from your Airforce history.');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete task "{0}"?', r.prompt.slice(0, 60)),
      { modal: true, detail },
      del,
    );
    if (choice !== del) return false;
  }
  await af.tracker.delete(r.localId);
  return true;
}

export async function copyTaskId(af: Airforce, arg: unknown): Promise<string> {
  const r = findTask(af, arg);
  if (!r.taskId) throw new Error(vscode.l10n.t('This request has not been sent yet, so it has no task ID.'));
  await vscode.env.clipboard.writeText(r.taskId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied task ID {0}', r.taskId), 3000);
  return r.taskId;
}
