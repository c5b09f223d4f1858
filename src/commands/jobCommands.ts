// Commands on one task. Each accepts what a tree menu passes (the row's local id) or a server task id.
import { isOperation } from '../kinds';
import { rerunOperation } from './operationCommands';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import type { Airforce } from '../container';
import type { JobRecord } from '../jobs/types';
import { GenerationPanel } from '../generate/host/panel';
import { initFromRecord } from '../generate/host/prefill';
import { panelHost } from '../generate/host/vscodePanelHost';
import { findSubtitles } from '../generate/host/subtitles';
import { subtitleIo } from '../generate/host/webview';
import { findTask } from './jobRef';
import { clipText } from '../views/jobPresentation';

const savedFileExists = (r: JobRecord): boolean => !!r.savedPath && fs.existsSync(r.savedPath);

export async function downloadResult(af: Airforce, arg: unknown): Promise<string> {
  const record = findTask(af, arg);
  if (savedFileExists(record)) return record.savedPath!;
  if (record.status !== 'completed') throw new Error(vscode.l10n.t('This video is not ready yet ({0}).', record.status));
  return vscode.window.withProgress({ location: { viewId: 'airforce.tasks' }, title: vscode.l10n.t('Downloading video…') }, () => af.tracker.downloadNow(record.localId));
}

export async function openResult(af: Airforce, arg: unknown): Promise<void> {
  const savedPath = await downloadResult(af, arg);
  // VS Code's own video preview shows no subtitles: a video with its .vtt beside it (Transcribe
  // wrote one) plays in the Generate panel instead, which adds the file as the video's track.
  const record = findTask(af, arg);
  if ((record.kind ?? 'video') === 'video' && (await findSubtitles(savedPath, subtitleIo))) {
    GenerationPanel.createOrShow(panelHost(af)).showTask(record.localId);
    return;
  }
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(savedPath));
}

/** Generate again, any kind: the panel opens on the record's kind with its values (nothing is sent). */
export async function rerunTask(af: Airforce, arg: unknown): Promise<void> {
  const r = findTask(af, arg);
  if (isOperation(r.kind)) {
    await rerunOperation(af, r.kind, r);
    return;
  }
  // Nothing is read here: the panel checks each local source (inside a workspace folder, an image by
  // its bytes) before it shows it; other schemes are dropped, https URLs stay URLs.
  GenerationPanel.createOrShow(panelHost(af), initFromRecord(r));
}

export async function deleteTask(af: Airforce, arg: unknown, confirm = true): Promise<boolean> {
  const r = findTask(af, arg);
  if (confirm) {
    const del = vscode.l10n.t('Delete');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete task "{0}"?', clipText(r.prompt, 60) || r.localId), { modal: true, detail: deleteDetail(r) }, del);
    if (choice !== del) return false;
  }
  await af.tracker.delete(r.localId);
  return true;
}

/** What Delete does to this task, as tracker.delete does it: on the server (a video task), and to the files. */
export function deleteDetail(r: JobRecord): string {
  const lines: string[] = [];
  if ((r.kind ?? 'video') !== 'video') {
    lines.push(vscode.l10n.t('It is removed from your Airforce history. Images and audio have no task on the server to delete.'));
  } else if (r.taskId) {
    lines.push(vscode.l10n.t('The task is also deleted on the Api.Airforce server: its result can no longer be downloaded.'));
  } else if (r.status === 'waiting') {
    lines.push(vscode.l10n.t('It has not been sent yet: it leaves the queue and is never sent.'));
  } else {
    lines.push(vscode.l10n.t('It is removed from your Airforce history. The server never named a task for it, so nothing is deleted there.'));
  }
  const files = r.files?.length ? r.files : r.savedPath ? [r.savedPath] : [];
  if (files.length === 1) lines.push(vscode.l10n.t('The saved file {0} is kept.', files[0]!));
  else if (files.length > 1) lines.push(vscode.l10n.t('The {0} saved files are kept.', files.length));
  return lines.join(' ');
}

export async function copyTaskId(af: Airforce, arg: unknown): Promise<string> {
  const r = findTask(af, arg);
  if (!r.taskId) throw new Error(vscode.l10n.t('This request has not been sent yet, so it has no task ID.'));
  await vscode.env.clipboard.writeText(r.taskId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied task ID {0}', r.taskId), 3000);
  return r.taskId;
}

/** Image and audio jobs have no server task: their id is the answer's X-Request-ID (a request id). */
export async function copyRequestId(af: Airforce, arg: unknown): Promise<string> {
  const r = findTask(af, arg);
  const id = r.taskId ?? r.requestId;
  if (!id) throw new Error(vscode.l10n.t('The server gave this request no ID.'));
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied request ID {0}', id), 3000);
  return id;
}
