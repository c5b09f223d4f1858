// Generate Video and Animate Image: open the form, or — given a request object — validate and submit
// directly, resolving to the server's task id (the commands double as an API for automation).
import * as path from 'path';
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { GenerationPanel, type PanelInit } from '../generate/host/panel';
import { ownPrompt } from '../generate/host/prefill';
import { isModelNode } from '../views/modelsTree';
import { isHttpsSource } from '../generate/host/images';
import { isImageUri } from './commandChecks';
import { isPlainObject } from '../submit/vscode/checks';
import { standIns } from '../submit/startJob';
import { startedOrThrow, startJob, type JobImage } from '../submit/vscode/startJob';
import { panelHost } from '../generate/host/vscodePanelHost';

/**
 * A request's `input_images` as the commands accept them: {url} / {b64_json} as the API has them,
 * a vscode.Uri, or a path (absolute, or relative to the first workspace folder); an https string is a URL.
 * Anything else is left for the validator to refuse.
 */
function imageInputs(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return value.map((v: unknown) => {
    if (v instanceof vscode.Uri) return { file: v.fsPath };
    if (typeof v !== 'string') return v;
    if (isHttpsSource(v)) return { url: v };
    if (/^file:/i.test(v)) return { file: vscode.Uri.parse(v, true).fsPath };
    if (path.isAbsolute(v)) return { file: v };
    return root && !/^[a-z][a-z0-9+.-]*:/i.test(v) ? { file: path.join(root, v) } : v;
  });
}

/** A request's `input_images` entry the one submit takes as an image (a file, a URL, inline base64). */
const isJobImage = (v: unknown): v is JobImage => typeof v === 'object' && v !== null && (typeof (v as { file?: unknown }).file === 'string' || 'url' in v || 'b64_json' in v);

/**
 * Through the one submit (submit/vscode/startJob.ts) as a request object: no dialogs, so a cost above the
 * threshold is refused unless `options` accepts it. Resolves once queued; `taskId` resolves to the
 * server's task id.
 */
export async function submitRequest(af: Airforce, input: Record<string, unknown>, options?: unknown): Promise<{ localId: string; taskId: Promise<string> }> {
  const inputs = imageInputs(input.input_images);
  // Entries that are no image stay in the request, for the validator to name (files as stand-ins).
  const images = Array.isArray(inputs) && inputs.every(isJobImage) ? inputs : undefined;
  const request = Array.isArray(inputs) && !images ? { ...input, input_images: inputs.map((i) => (isJobImage(i) ? standIns([i])[0] : i)) } : input;
  const started = startedOrThrow(await startJob(af, 'video', { input: request, ...(images ? { images } : {}) }, { type: 'command', options }));
  const taskId = started.taskId!;
  taskId.catch(() => undefined); // failures are recorded on the task and shown by the notifier
  return { localId: started.localId, taskId };
}

export async function generateVideo(af: Airforce, arg?: unknown, options?: unknown): Promise<string | undefined> {
  if (arg === undefined || arg === null) {
    GenerationPanel.openOnKind(panelHost(af), 'video');
    return undefined;
  }
  if (arg instanceof vscode.Uri) {
    if (!isImageUri(arg)) throw new Error(vscode.l10n.t('Only PNG, JPEG and WebP images can be animated.'));
    GenerationPanel.createOrShow(panelHost(af), await imageInit(arg));
    return undefined;
  }
  if (isModelNode(arg)) {
    GenerationPanel.createOrShow(panelHost(af), { model: arg.model.id });
    return undefined;
  }
  if (isPlainObject(arg)) {
    const { taskId } = await submitRequest(af, arg, options);
    return taskId;
  }
  throw new Error(vscode.l10n.t('Airforce: Generate Video expects no argument, an image, or a request object.'));
}

/** The person chose this file (Explorer menu, open dialog): the panel may show it from outside the workspace. */
/** The video form on a picture: its own prompt when it was generated here, else an empty one. */
async function imageInit(uri: vscode.Uri): Promise<PanelInit> {
  return { mode: 'image', prompt: await ownPrompt(uri.fsPath), images: [{ source: uri.fsPath, picked: true }] };
}

/** `submitOptions`: the third argument, `{confirm: false}` to accept a cost above the threshold. */
export async function animateImage(af: Airforce, uri?: unknown, options?: unknown, submitOptions?: unknown): Promise<string | undefined> {
  let image = uri;
  if (image === undefined) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Animate'),
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!picked?.[0]) return undefined;
    image = picked[0];
  }
  if (!isImageUri(image)) throw new Error(vscode.l10n.t('Only PNG, JPEG and WebP images can be animated.'));
  if (options === undefined) {
    GenerationPanel.createOrShow(panelHost(af), await imageInit(image));
    return undefined;
  }
  if (!isPlainObject(options)) throw new Error(vscode.l10n.t('Airforce: Animate Image expects an options object such as {prompt}.'));
  const { taskId } = await submitRequest(af, { ...options, mode: 'image', input_images: [image] }, submitOptions);
  return taskId;
}
