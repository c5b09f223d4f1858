// One image or audio request, from the Generate panel or a command: validate → estimate → budget →
// confirm (the caller says how: a modal, or a command's `{confirm: false}`) → encode input images → one
// synchronous POST through the tracker → saved files.
import * as vscode from 'vscode';
import type { Airforce } from '../container';
import { estimate as estimateByKind, validateRequest } from '../api/rules/byKind';
import { formatCents } from '../api/rules/cost';
import { encodeImageFile } from '../api/images';
import { ValidationError } from '../api/rules/validation';
import { AudioValidationError } from '../api/rules/validationAudio';
import { isAudioKind } from '../kinds';
import type { InputImage, Model } from '../api/schemas/schemas';
import { config } from '../config';
import { inputImageProblem } from '../io/inputImageCheck';
import { isLoopbackBaseUrl, systemLookup } from '../io/download/resultUrl';
import type { FieldProblem } from '../api/rules/validation';
import type { SyncKind, SyncOutcome } from '../tasks/sync/jobs';
import { runSubmitPipeline } from '../submit/pipeline';
import { BudgetExceededError, budgetStep } from './budgetGuard';
import { requireKey } from './commandChecks';

type Req = Record<string, unknown> & { model: string };

/** The setting that names each kind's default model (kept here for mediaCommands' re-export). */
export { DEFAULT_MODEL_SETTING } from '../config';

export function validateMedia(kind: SyncKind, input: Record<string, unknown>, model: Model | undefined): { ok: true; request: Req } | { ok: false; error: ValidationError } {
  const r = validateRequest(kind, input, model);
  return r.ok ? r : { ok: false, error: isAudioKind(kind) ? new AudioValidationError(kind, r.problems) : new ValidationError(r.problems, kind) };
}

/** The one POST of each kind, as the tracker's call: results in order, never re-sent here. */
export function callFor(af: Airforce, kind: SyncKind, request: Req): (signal: AbortSignal) => Promise<SyncOutcome> {
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

/** An input image: a checked local file (encoded only after the cost is agreed) or an https URL the server fetches. */
export type MediaImage = { file: string; /** what the record keeps: a workspace path */ source: string } | { url: string };

export interface MediaRun {
  kind: SyncKind;
  input: Record<string, unknown>;
  /** Asked when the cost is above the threshold or unknown; false declines (nothing sent). */
  confirm(costText: string): Promise<boolean>;
  /** Input images (image kind): files are read (magic-byte checked) only after validation and confirmation. */
  images?: readonly MediaImage[];
  origin: 'command' | 'panel';
  /** Ask whatever the cost (an interactive "Generate again" has shown no price yet). */
  alwaysConfirm?: boolean;
}

/** Where a media request stopped, or the job the tracker runs (its files settle later). */
export type MediaStarted =
  | { ok: true; localId: string; files: Promise<string[]> }
  /** `error`: what a command rejects with (names the field and its allowed values). */
  | { ok: false; stage: string; problems: FieldProblem<string>[]; error: Error }
  | { ok: false; stage: 'confirm'; costText: string };

/** Validate → estimate → confirm → encode → tracker.runSync: the one submit path of the panel and the commands. */
export async function startMedia(af: Airforce, run: MediaRun): Promise<MediaStarted> {
  await requireKey(af);
  const { kind } = run;
  const images = run.images ?? [];
  const input: Record<string, unknown> = { ...run.input };
  if (typeof input.model !== 'string' || input.model === '') input.model = config.defaultModel(kind);
  // Stand-ins until the cost is agreed: no file is read before.
  if (images.length > 0) input.input_images = images.map((i) => ('url' in i ? { url: i.url } : { b64_json: 'pending' }));
  const modelId = typeof input.model === 'string' ? input.model : undefined;
  let costText = '';
  let estimate: number | undefined;
  let invalid: ValidationError | undefined;
  const outcome = await runSubmitPipeline(modelId, {
    findModel: async (id) => (await af.allModels()).find((m) => m.id === id),
    validate: (model) => {
      const r = validateMedia(kind, input, model);
      if (r.ok) return r;
      invalid = r.error;
      return { ok: false, problems: r.error.problems };
    },
    // An unknown price is never taken as "below the threshold": it needs the same say-so.
    estimateCents: (request, model) => {
      const e = estimateByKind(kind, request, model);
      if ('cents' in e) {
        estimate = e.cents;
        costText = formatCents(e.cents, vscode.env.language);
        return e.cents;
      }
      costText = e.reason;
      return Infinity;
    },
    budget: budgetStep(af),
    confirmAboveCents: run.alwaysConfirm ? -1 : config.confirmCostAboveCents(),
    confirm: () => run.confirm(costText),
    encode: async (request) => {
      if (images.length === 0) return { ok: true, request };
      try {
        const encoded = await Promise.all(images.map((i) => ('url' in i ? { url: i.url } : encodeImageFile(i.file))));
        const problem = await firstImageProblem(encoded);
        if (problem) return { ok: false, problems: [{ field: 'input_images', message: problem }] };
        return { ok: true, request: { ...request, input_images: encoded } };
      } catch (e) {
        return { ok: false, problems: [{ field: 'input_images', message: e instanceof Error ? e.message : String(e) }] };
      }
    },
    run: async (request) => {
      const sources = images.map((i) => ('url' in i ? i.url : i.source));
      const meta = { origin: { type: run.origin }, estimateCents: estimate, inputImageSources: sources };
      return af.tracker.runSync(kind, request, meta as never, callFor(af, kind, request));
    },
  });
  if (outcome.ok) return { ok: true, ...outcome.result };
  if (outcome.stage === 'confirm') return { ok: false, stage: 'confirm', costText };
  // The panel shows it next to Generate (with "Raise budget"); a command rejects with it.
  if (outcome.stage === 'budget') return { ok: false, stage: 'budget', problems: [{ field: 'budget', message: outcome.message }], error: new BudgetExceededError(outcome.message) };
  const error = outcome.stage === 'validate' && invalid ? invalid : new ValidationError(outcome.problems, kind);
  return { ok: false, stage: outcome.stage, problems: outcome.problems, error };
}

/** startMedia for a caller that waits for the files; a refusal rejects. */
export async function runMedia(af: Airforce, run: MediaRun): Promise<vscode.Uri[]> {
  const started = startedOrThrow(await startMedia(af, run));
  return (await started.files).map((f) => vscode.Uri.file(f));
}

/** The started job, or the error a command rejects with (an invalid field, an unconfirmed cost). */
export function startedOrThrow(started: MediaStarted): Extract<MediaStarted, { ok: true }> {
  if (started.ok) return started;
  if ('error' in started) throw started.error;
  throw new Error(
    vscode.l10n.t('Cost {0} needs confirmation (airforce.confirmCostAboveCents); nothing was sent. Pass {confirm: false} as the last argument to accept it.', started.costText),
  );
}

/**
 * Why an input image is not an image by its bytes, for the encode step of every submit: a URL's
 * first bytes are fetched without the key under the result-URL address rules (io/inputImageCheck.ts).
 */
export function checkInputImage(image: InputImage): Promise<string | undefined> {
  return inputImageProblem(image, { fetch: globalThis.fetch, policy: { baseIsLoopback: isLoopbackBaseUrl(config.baseUrl()), lookup: systemLookup } });
}

/** The first input image that is not one by its bytes, in order. */
export async function firstImageProblem(images: readonly InputImage[]): Promise<string | undefined> {
  for (const image of images) {
    const problem = await checkInputImage(image);
    if (problem) return problem;
  }
  return undefined;
}
