// Commands on one task. Each accepts what a tree menu passes (the row's local id) or a server task id.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import type { Airforce } from '../container';
import type { TaskRecord } from '../tasks/types';
import { GenerationPanel } from '../webview/panel';
import { ImageRegistry } from '../webview/imageTokens';
import { recordImageSources } from '../webview/panelImages';
import { panelHost } from './generate';
import { findTask } from './taskRef';
import { runMedia } from './mediaCommands';
import { isSyncKind, syncRequestFields, type SyncKind } from '../tasks/syncRecord';

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

export async function rerunTask(af: Airforce, arg: unknown): Promise<vscode.Uri[] | void> {
  const r = findTask(af, arg);
  // Images and audio have no form yet: the same request again, after the person sees model and cost.
  if (isSyncKind(r.kind)) return rerunMedia(af, r, r.kind);
  // Nothing is read here: the panel checks each local source (inside a workspace folder, an image by
  // its bytes) before it shows it; other schemes are dropped, https URLs stay URLs.
  const images = recordImageSources(r).map((source) => ({ source }));
  GenerationPanel.createOrShow(panelHost(af), {
    model: r.model,
    mode: r.mode === 'image' || r.mode === 'reference' ? r.mode : 'text',
    prompt: r.prompt,
    duration_seconds: r.duration_seconds,
    aspect_ratio: r.aspect_ratio,
    quality: r.quality,
    images,
    extra: r.extra,
  });
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

/** Generate again for an image or audio job: asks first (it is billed again), then opens the first file. */
async function rerunMedia(af: Airforce, r: TaskRecord, kind: SyncKind): Promise<vscode.Uri[] | void> {
  const again = vscode.l10n.t('Generate Again');
  let declined = false;
  const ask = async (costText: string): Promise<boolean> => {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Generate "{0}" again with {1}?', r.prompt.slice(0, 60), r.model),
      { modal: true, detail: vscode.l10n.t('Estimated cost: {0}', costText) },
      again,
    );
    declined = choice !== again;
    return !declined;
  };
  try {
    const files = await runMedia(af, { kind, input: syncRequestFields(r), imageFile: await workspaceImage(r.inputImageSources[0]), origin: 'command', alwaysConfirm: true, confirm: ask });
    if (files[0]) await vscode.commands.executeCommand('vscode.open', files[0]);
    return files;
  } catch (e) {
    if (declined) return; // the person said no: nothing was sent, nothing to report
    throw e;
  }
}

/**
 * The recorded input image, checked as the panel checks one (`ImageRegistry`): inside a workspace
 * folder with symlinks followed, an image by its bytes; anything else is refused, never read.
 */
async function workspaceImage(source: string | undefined): Promise<vscode.Uri | undefined> {
  if (!source) return undefined;
  const images = new ImageRegistry({ workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) });
  const admitted = await images.admit(source, false);
  const usable = admitted.ok ? await images.use(admitted.token) : undefined;
  if (usable?.ok) return vscode.Uri.file(usable.realPath);
  // Generating again without the image would be another request than the one recorded.
  throw new Error(vscode.l10n.t('The input image {0} cannot be used: it must be an image inside the workspace.', source));
}
