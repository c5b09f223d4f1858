// Generate Video and Animate Image: open the form, or — given a request object — validate and submit
// directly, resolving to the server's task id (the commands double as an API for automation).
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { config, outputFolder } from '../config';
import { AirforceError } from '../api/errors';
import { ValidationError, validateVideoRequest } from '../api/validation';
import { encodeImageFile } from '../api/images';
import { GenerationPanel, type PanelHost, type PanelInit } from '../webview/panel';
import { isModelNode } from '../views/modelsTree';
import { reportError } from '../ui/report';
import { isImagePath } from '../webview/panelImages';

export const isImageUri = (v: unknown): v is vscode.Uri => v instanceof vscode.Uri && isImagePath(v.path);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);

/** Fails fast, before any request, when there is no key to send. */
export async function requireKey(af: Airforce): Promise<void> {
  if (!(await af.keys.get())) {
    throw new AirforceError({
      type: 'authentication_error',
      code: 'missing_api_key',
      message: vscode.l10n.t('No Airforce API key is set. Run "Airforce: Set API Key".'),
    });
  }
}

/** Validates against the model's caps and queues the request; resolves to the server task id. */
export async function submitRequest(
  af: Airforce,
  input: Record<string, unknown>,
  imageSources: string[],
): Promise<{ localId: string; taskId: Promise<string> }> {
  await requireKey(af);
  const modelId = typeof input.model === 'string' && input.model ? input.model : config.defaultVideoModel();
  const models = await af.videoModels();
  const result = validateVideoRequest({ ...input, model: modelId }, models.find((m) => m.id === modelId));
  if (!result.ok) throw new ValidationError(result.problems);
  const sources = imageSources.length
    ? imageSources
    : (result.request.input_images ?? []).map((img) => ('url' in img ? img.url : vscode.l10n.t('(inline image)')));
  const submitted = af.tracker.submit(result.request, { inputImageSources: sources });
  submitted.taskId.catch(() => undefined); // failures are recorded on the task and shown by the notifier
  return submitted;
}

export function panelHost(af: Airforce): PanelHost {
  return {
    extensionUri: af.context.extensionUri,
    outputDir: outputFolder,
    loadModels: (refresh) => af.videoModels(refresh),
    defaultModel: config.defaultVideoModel,
    rememberModel: config.setDefaultVideoModel,
    confirmCostAboveCents: config.confirmCostAboveCents,
    submit: async (request, imageSources) => {
      try {
        await requireKey(af);
      } catch (e) {
        void reportError(e, af.log); // the panel shows the message; the notification offers "Set API Key"
        throw e;
      }
      const { localId } = af.tracker.submit(request, { inputImageSources: imageSources });
      return { localId };
    },
    encodeImage: (fsPath) => encodeImageFile(fsPath),
    trackerRecord: (localId) => af.tracker.get(localId),
    onDidChangeRecord: (listener) => af.tracker.onDidChange(listener),
    logger: af.log,
  };
}

export async function generateVideo(af: Airforce, arg?: unknown): Promise<string | undefined> {
  if (arg === undefined || arg === null) {
    GenerationPanel.createOrShow(panelHost(af));
    return undefined;
  }
  if (arg instanceof vscode.Uri) {
    if (!isImageUri(arg)) throw new Error(vscode.l10n.t('Only PNG, JPEG and WebP images can be animated.'));
    GenerationPanel.createOrShow(panelHost(af), imageInit(arg));
    return undefined;
  }
  if (isModelNode(arg)) {
    GenerationPanel.createOrShow(panelHost(af), { model: arg.model.id });
    return undefined;
  }
  if (isPlainObject(arg)) {
    const { taskId } = await submitRequest(af, arg, []);
    return taskId;
  }
  throw new Error(vscode.l10n.t('Airforce: Generate Video expects no argument, an image, or a request object.'));
}

/** The person chose this file (Explorer menu, open dialog): the panel may show it from outside the workspace. */
function imageInit(uri: vscode.Uri, extra?: Partial<PanelInit>): PanelInit {
  return { ...extra, mode: 'image', images: [{ source: uri.fsPath, picked: true }] };
}

export async function animateImage(af: Airforce, uri?: unknown, options?: unknown): Promise<string | undefined> {
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
    GenerationPanel.createOrShow(panelHost(af), imageInit(image));
    return undefined;
  }
  if (!isPlainObject(options)) throw new Error(vscode.l10n.t('Airforce: Animate Image expects an options object such as {prompt}.'));
  const encoded = await encodeImageFile(image.fsPath);
  const { taskId } = await submitRequest(af, { ...options, mode: 'image', input_images: [encoded] }, [image.fsPath]);
  return taskId;
}
