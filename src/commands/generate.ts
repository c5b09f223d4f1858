// Generate Video and Animate Image: open the form, or — given a request object — validate and submit
// directly, resolving to the server's task id (the commands double as an API for automation).
import * as path from 'path';
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { config, outputFolder } from '../config';
import { formatMoneyCents as formatCents } from '../l10n/format';
import { ValidationError } from '../api/rules/validation';
import { encodeImageFile } from '../api/images';
import { GenerationPanel, type PanelHost, type PanelInit } from '../generate/host/panel';
import { ownPrompt } from '../generate/host/prefill';
import { isModelNode } from '../views/modelsTree';
import { reportError } from '../ui/report';
import { isHttpsSource } from '../generate/host/images';
import { encodeImageInputs, placeholderInputs, submitVideo, type ImageInput } from '../submit/video';
import { checkInputImage } from './mediaRun';
import { BudgetExceededError, budgetStep } from './budgetGuard';
import { acceptsCost, isImageUri, isPlainObject, requireKey } from './commandChecks';
import { panelMediaHost } from '../generate/host/vscodePanelHost';

export { isImageUri, requireKey };

/** A request-object call shows no dialog, so a cost above the threshold is refused unless accepted. */
export class CostNotConfirmedError extends Error {
  constructor(
    readonly costCents: number,
    readonly aboveCents: number,
  ) {
    super(
      vscode.l10n.t(
        "This video would cost about {0}, above airforce.confirmCostAboveCents ({1}); nothing was sent. Pass {confirm: false} as the command's last argument to accept the cost, or raise the setting.",
        formatCents(costCents, vscode.env.language),
        formatCents(aboveCents, vscode.env.language),
      ),
    );
    this.name = 'CostNotConfirmedError';
  }
}

/** The panel's and the commands' one encoder: reads the file and checks its magic bytes. */
const encodeImage = (fsPath: string): Promise<{ b64_json: string }> => encodeImageFile(fsPath);

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

/**
 * Through the one submit pipeline (src/submit): validate against the model's caps, estimate the cost,
 * refuse it above the threshold unless `options` accepts it (no dialogs here), encode local images,
 * queue. Resolves once queued; `taskId` resolves to the server's task id.
 */
export async function submitRequest(af: Airforce, input: Record<string, unknown>, options?: unknown): Promise<{ localId: string; taskId: Promise<string> }> {
  await requireKey(af);
  const modelId = typeof input.model === 'string' && input.model ? input.model : config.defaultVideoModel();
  const inputs = imageInputs(input.input_images);
  const candidate = { ...input, model: modelId, ...(Array.isArray(inputs) ? { input_images: placeholderInputs(inputs) } : {}) };
  // Only reached once validation accepted every entry that is not a file.
  const images = (Array.isArray(inputs) ? inputs : []) as ImageInput[];
  const aboveCents = config.confirmCostAboveCents();
  const outcome = await submitVideo(candidate, {
    findModel: async (id) => (await af.videoModels()).find((m) => m.id === id),
    budget: budgetStep(af),
    confirmAboveCents: aboveCents,
    confirm: async () => acceptsCost(options),
    encodeImages: () => encodeImageInputs(images, encodeImage),
    checkImage: checkInputImage,
    run: async (request, estimateCents) => {
      const sources = images.map((i) => ('file' in i ? i.file : 'url' in i ? i.url : vscode.l10n.t('(inline image)')));
      const submitted = af.tracker.submit(request, { inputImageSources: sources, origin: { type: 'command' }, estimateCents });
      submitted.taskId.catch(() => undefined); // failures are recorded on the task and shown by the notifier
      return submitted;
    },
  });
  if (outcome.ok) return outcome.result;
  if (outcome.stage === 'budget') throw new BudgetExceededError(outcome.message);
  if (outcome.stage === 'confirm') throw new CostNotConfirmedError(outcome.costCents, aboveCents);
  throw new ValidationError(outcome.problems); // the caps, or an input image that cannot be read
}

export function panelHost(af: Airforce): PanelHost {
  return {
    extensionUri: af.context.extensionUri,
    outputDir: outputFolder,
    loadModels: (refresh) => af.videoModels(refresh),
    defaultModel: config.defaultVideoModel,
    rememberModel: config.setDefaultVideoModel,
    confirmCostAboveCents: config.confirmCostAboveCents,
    checkBudget: budgetStep(af),
    submit: async (request, imageSources, estimateCents) => {
      try {
        await requireKey(af);
      } catch (e) {
        void reportError(e, af.log); // the panel shows the message; the notification offers "Set API Key"
        throw e;
      }
      const { localId } = af.tracker.submit(request, { inputImageSources: imageSources, origin: { type: 'panel' }, estimateCents });
      return { localId };
    },
    encodeImage,
    checkInputImage,
    trackerRecord: (localId) => af.tracker.get(localId),
    onDidChangeRecord: (listener) => af.tracker.onDidChange(listener),
    logger: af.log,
    ...panelMediaHost(af),
  };
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
