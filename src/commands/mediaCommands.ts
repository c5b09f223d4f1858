// Generate Image / Edit Image / Speech / Music / Sound Effect with a request object: validate →
// estimate → confirm (no dialogs: a cost above the threshold, or an unknown one, is refused unless
// `{confirm: false}` is the last argument) → one synchronous POST through the tracker → saved files.
// Without arguments each says honestly that its panel is not built yet.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { estimateCostCents, formatCents } from '../api/cost';
import { encodeImageFile } from '../api/images';
import { ValidationError } from '../api/validation';
import { validateImageRequest } from '../api/validationImage';
import { AudioValidationError, validateMusicRequest, validateSfxRequest, validateSpeechRequest, type AudioKind } from '../api/validationAudio';
import type { Model } from '../api/schemas';
import type { SyncKind, SyncOutcome } from '../tasks/syncJobs';
import { runSubmitPipeline } from '../submit/pipeline';
import { requireKey, isImageUri } from './generate';

type Req = Record<string, unknown> & { model: string };

/** The setting that names each kind's default model. */
export const DEFAULT_MODEL_SETTING: Record<SyncKind, string> = {
  image: 'defaultImageModel',
  speech: 'defaultSpeechModel',
  music: 'defaultMusicModel',
  sfx: 'defaultSoundEffectModel',
};

const setting = (name: string): string | undefined => vscode.workspace.getConfiguration('airforce').get<string>(name) || undefined;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);

const acceptsCost = (options: unknown): boolean => isPlainObject(options) && options.confirm === false;

function validate(kind: SyncKind, input: Record<string, unknown>, model: Model | undefined): { ok: true; request: Req } | { ok: false; error: Error } {
  if (kind === 'image') {
    const r = validateImageRequest(input, model);
    return r.ok ? { ok: true, request: r.request as Req } : { ok: false, error: new ValidationError(r.problems, 'image') };
  }
  const r = { speech: validateSpeechRequest, music: validateMusicRequest, sfx: validateSfxRequest }[kind](input, model);
  return r.ok ? { ok: true, request: r.request as Req } : { ok: false, error: new AudioValidationError(kind as AudioKind, r.problems) };
}

/** The one POST of each kind, as the tracker's call: results in order, never re-sent here. */
function callFor(af: Airforce, kind: SyncKind, request: Req): (signal: AbortSignal) => Promise<SyncOutcome> {
  if (kind === 'image') {
    return async (signal) => {
      const r = await af.client.images.generate(request as never, { signal });
      const results = r.images.map((i) => ('url' in i ? { url: i.url } : { b64: i.b64_json }));
      return { requestId: r.requestId, costCents: r.costCents, results };
    };
  }
  return async (signal) => {
    const method = ({ speech: 'speech', music: 'music', sfx: 'soundEffect' } as const)[kind];
    const r = await af.client.audio[method](request as never, { signal });
    return { requestId: r.requestId, costCents: r.costCents, results: [{ bytes: r.body }] };
  };
}

export interface MediaRun {
  kind: SyncKind;
  input: Record<string, unknown>;
  /** Asked when the cost is above the threshold or unknown; false declines (nothing sent). */
  confirm(costText: string): Promise<boolean>;
  /** An input image file: read (magic-byte checked) only after validation and confirmation. */
  imageFile?: vscode.Uri;
  origin: 'command' | 'panel';
  /** Ask whatever the cost (an interactive "Generate again" has shown no price yet). */
  alwaysConfirm?: boolean;
}

/** Validate → estimate → confirm → encode → tracker.runSync; resolves to the saved files. */
export async function runMedia(af: Airforce, run: MediaRun): Promise<vscode.Uri[]> {
  await requireKey(af);
  const { kind, imageFile } = run;
  const input: Record<string, unknown> = { ...run.input };
  if (typeof input.model !== 'string' || input.model === '') input.model = setting(DEFAULT_MODEL_SETTING[kind]);
  if (imageFile) input.input_images = [{ b64_json: 'pending' }]; // stand-in until the cost is agreed
  const modelId = typeof input.model === 'string' ? input.model : undefined;
  let costText = '';
  let estimate: number | undefined;
  let invalid: Error | undefined;
  const outcome = await runSubmitPipeline(modelId, {
    findModel: async (id) => (await af.allModels()).find((m) => m.id === id),
    validate: (model) => {
      const r = validate(kind, input, model);
      if (r.ok) return r;
      invalid = r.error;
      return { ok: false, problems: [] };
    },
    // An unknown price is never taken as "below the threshold": it needs the same say-so.
    estimateCents: (request, model) => {
      const e = estimateCostCents(kind, request, model);
      if ('cents' in e) {
        estimate = e.cents;
        costText = formatCents(e.cents);
        return e.cents;
      }
      costText = e.reason;
      return Infinity;
    },
    confirmAboveCents: run.alwaysConfirm ? -1 : vscode.workspace.getConfiguration('airforce').get<number>('confirmCostAboveCents', 500),
    confirm: () => run.confirm(costText),
    encode: async (request) => {
      if (!imageFile) return { ok: true, request };
      try {
        return { ok: true, request: { ...request, input_images: [await encodeImageFile(imageFile.fsPath)] } };
      } catch (e) {
        return { ok: false, problems: [{ field: 'input_images', message: e instanceof Error ? e.message : String(e) }] };
      }
    },
    run: async (request) => {
      const sources = imageFile ? [vscode.workspace.asRelativePath(imageFile, false)] : [];
      const meta = { origin: { type: run.origin }, estimateCents: estimate, inputImageSources: sources };
      return af.tracker.runSync(kind, request, meta as never, callFor(af, kind, request)).files;
    },
  });
  if (outcome.ok) return outcome.result.map((f) => vscode.Uri.file(f));
  if (outcome.stage === 'validate') throw invalid ?? new Error('invalid request');
  if (outcome.stage === 'encode') throw new ValidationError(outcome.problems, kind);
  throw new Error(
    vscode.l10n.t(
      'Cost {0} needs confirmation (airforce.confirmCostAboveCents); nothing was sent. Pass {confirm: false} as the last argument to accept it.',
      costText,
    ),
  );
}

const PANEL_NAMES: Record<SyncKind, string> = { image: 'Image', speech: 'Speech', music: 'Music', sfx: 'Sound Effect' };

/** Honest until the panel can switch kinds: says so, and offers the kind's settings (not awaited). */
function panelNotBuilt(kind: SyncKind): undefined {
  const open = vscode.l10n.t('Open Settings');
  const name = DEFAULT_MODEL_SETTING[kind];
  void vscode.window
    .showInformationMessage(vscode.l10n.t('The {0} form is not built yet: call this command with a request object. Default model: airforce.{1}.', vscode.l10n.t(PANEL_NAMES[kind]), name), open)
    .then((choice) => choice === open && vscode.commands.executeCommand('workbench.action.openSettings', `airforce.${name}`));
  return undefined;
}

/** generateImage / generateSpeech / generateMusic / generateSoundEffect. */
export async function generateMedia(af: Airforce, kind: SyncKind, arg?: unknown, options?: unknown): Promise<vscode.Uri[] | undefined> {
  if (arg === undefined || arg === null) return panelNotBuilt(kind);
  if (!isPlainObject(arg)) throw new Error(vscode.l10n.t('Expected no argument or a request object.'));
  return runMedia(af, { kind, input: arg, origin: 'command', confirm: async () => acceptsCost(options) });
}

/** The audio kinds resolve to their one file. */
export async function generateAudio(af: Airforce, kind: Exclude<SyncKind, 'image'>, arg?: unknown, options?: unknown): Promise<vscode.Uri | undefined> {
  return (await generateMedia(af, kind, arg, options))?.[0];
}

/** editImage(uri, {prompt, model?, n?}, {confirm:false}?) → the edited images. */
export async function editImage(af: Airforce, uri?: unknown, options?: unknown, submitOptions?: unknown): Promise<vscode.Uri[] | undefined> {
  if (uri !== undefined && !isImageUri(uri)) throw new Error(vscode.l10n.t('Only PNG, JPEG and WebP images can be edited.'));
  if (uri === undefined || Array.isArray(options) || options === undefined) return panelNotBuilt('image');
  if (!isPlainObject(options)) throw new Error(vscode.l10n.t('Expected options such as {prompt}.'));
  const { prompt, model, n } = options;
  const input = { prompt, ...(model !== undefined ? { model } : {}), ...(n !== undefined ? { n } : {}) };
  return runMedia(af, { kind: 'image', input, imageFile: uri, origin: 'command', confirm: async () => acceptsCost(submitOptions) });
}
