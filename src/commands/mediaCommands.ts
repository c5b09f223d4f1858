// Generate Image / Edit Image / Speech / Music / Sound Effect. With a request object: the one
// submit (startJob.ts) without dialogs — a cost above the threshold, or an unknown one, is refused
// unless `{confirm: false}` is the last argument. Without one: the Generate panel on that kind.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import type { SyncKind } from '../kinds';
import { GenerationPanel, type PanelInit } from '../generate/host/panel';
import { ownPrompt } from '../generate/host/prefill';
import { isImageUri } from './commandChecks';
import { isPlainObject } from '../submit/vscode/checks';
import { startedOrThrow, startJob, type StartRequest } from '../submit/vscode/startJob';
import { panelHost } from '../generate/host/vscodePanelHost';

/** A request object's job, without dialogs; resolves to its saved files, or rejects with the refusal. */
async function runMedia(af: Airforce, kind: SyncKind, request: StartRequest, options: unknown): Promise<vscode.Uri[]> {
  const started = startedOrThrow(await startJob(af, kind, request, { type: 'command', options }));
  return (await started.files!).map((f) => vscode.Uri.file(f));
}

/** Without a request: the Generate panel, switched to this kind. */
function openPanel(af: Airforce, kind: SyncKind, init?: PanelInit): undefined {
  if (init) GenerationPanel.createOrShow(panelHost(af), { ...init, kind });
  else GenerationPanel.openOnKind(panelHost(af), kind);
  return undefined;
}

/** generateImage / generateSpeech / generateMusic / generateSoundEffect. */
export async function generateMedia(af: Airforce, kind: SyncKind, arg?: unknown, options?: unknown): Promise<vscode.Uri[] | undefined> {
  if (arg === undefined || arg === null) return openPanel(af, kind);
  if (!isPlainObject(arg)) throw new Error(vscode.l10n.t('Expected no argument or a request object.'));
  return runMedia(af, kind, { input: arg }, options);
}

/** The audio kinds resolve to their one file. */
export async function generateAudio(af: Airforce, kind: Exclude<SyncKind, 'image'>, arg?: unknown, options?: unknown): Promise<vscode.Uri | undefined> {
  return (await generateMedia(af, kind, arg, options))?.[0];
}

/** editImage(uri, {prompt, model?, n?}, {confirm:false}?) → the edited images. */
export async function editImage(af: Airforce, uri?: unknown, options?: unknown, submitOptions?: unknown): Promise<vscode.Uri[] | undefined> {
  if (uri !== undefined && !isImageUri(uri)) throw new Error(vscode.l10n.t('Only PNG, JPEG and WebP images can be edited.'));
  if (uri === undefined) return openPanel(af, 'image');
  // The Explorer passes the selection as the second argument: the image goes into the form.
  if (Array.isArray(options) || options === undefined) {
    // The picture's own prompt (from its sidecar) or none: never the form's previous, unrelated one.
    return openPanel(af, 'image', { images: [{ source: uri.fsPath, picked: true }], media: { prompt: await ownPrompt(uri.fsPath) } });
  }
  if (!isPlainObject(options)) throw new Error(vscode.l10n.t('Expected options such as {prompt}.'));
  const { prompt, model, n } = options;
  const input = { prompt, ...(model !== undefined ? { model } : {}), ...(n !== undefined ? { n } : {}) };
  const images = [{ file: uri.fsPath, source: vscode.workspace.asRelativePath(uri, false) }];
  return runMedia(af, 'image', { input, images }, submitOptions);
}
