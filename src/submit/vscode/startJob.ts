// The one entry for a single job of any kind: startJob(af, kind, request, origin) binds the pure
// submit (src/submit/startJob.ts) to the extension — the model catalog, airforce.budgetCents, the
// cost question the origin allows, the magic-byte checked encoder and the tracker. The origin says
// whether a dialog may ask: the Generate panel, Speak Selection and a Compare card ask (ui/confirmCost);
// a request object from a test or another extension never does, and is refused above
// airforce.confirmCostAboveCents unless `{confirm: false}` accepts the cost; a language model tool
// never asks either (VS Code's tool confirmation showed quoteJob's price), but its budget holds.
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import type { CostEstimate } from '../../api/rules/cost';
import { formatMoneyCents as formatCents } from '../../l10n/format';
import { encodeImageFile } from '../../api/images';
import type { FieldProblem } from '../../api/rules/validation';
import type { CreateVideoRequest, InputImage, Model } from '../../api/schemas/schemas';
import { config } from '../../config';
import { inputImageProblem } from '../../io/inputImageCheck';
import { isLoopbackBaseUrl, systemLookup } from '../../io/download/resultUrl';
import { estimateJob, standIns, startJob as submitJob, validateJob, type JobImage, type JobRequest } from '../startJob';
import type { JobKind, JobOrigin } from '../../jobs/job';
import type { SyncOutcome } from '../../jobs/sync/jobs';
import { isOperation, OPERATIONS, type Operation, type SyncJobKind } from '../../kinds';
import { mediaOperation } from '../../api/rules/mediaModelKind';
import { operationCall, type UploadProgress } from '../operationCall';
import { measureSource, sha256Of, type OperationSource } from './operationSource';
import { confirmCost } from '../../ui/confirmCost';
import { BudgetExceededError, budgetStep } from './budgetGuard';
import { acceptsCost, requireKey, requireKeyReported } from './checks';

export type { JobImage };

/** Where a job comes from: what its record keeps, and whether a dialog may ask about the cost. */
export type StartOrigin =
  /** The Generate panel's form, any kind (generate/host/vscodePanelHost.ts submitJob). */
  | { type: 'panel' }
  | { type: 'speakSelection' }
  /** A Compare card's Retry: the job joins the comparison's group. */
  | { type: 'compare'; group: string }
  /** An Explorer or editor menu, or the palette: a dialog may ask (the operations on a workspace file). */
  | { type: 'menu' }
  /** A request object (a test, another extension, a script): no dialog; `options` is the last argument. */
  | { type: 'command'; options?: unknown }
  /** A language model tool (src/tools/): VS Code's own confirmation showed the price, so no dialog here; the budget still applies. */
  | { type: 'tool' };

export interface StartRequest {
  /** Untrusted, model included (absent: the kind's default-model setting). */
  input: Record<string, unknown>;
  /** When any: the request's input images (they replace `input.input_images`). */
  images?: readonly JobImage[];
  /** Reads an image's `file` once the cost is agreed (default: encodeImageFile, magic-byte checked); the panel's checks its token again first. */
  encodeFile?: (file: string) => Promise<InputImage>;
  /** What to say when the catalog does not know the model (default: the validator's problem). */
  unknownModel?: FieldProblem;
  /** An operation's upload progress (bytes handed to the connection of the body's total). */
  onUploadProgress?: UploadProgress;
}

export type JobStarted =
  /** Video: `taskId` once the server created it; image and audio: `files` once saved. */
  | { ok: true; localId: string; taskId?: Promise<string>; files?: Promise<string[]> }
  /** `error`: what a command rejects with (names the field and its allowed values, or the budget). */
  | { ok: false; stage: 'validate' | 'encode' | 'budget'; problems: FieldProblem<string>[]; error: Error }
  /** Declined in the dialog, or (no dialog) not accepted by `{confirm: false}`. */
  | { ok: false; stage: 'confirm'; error: CostNotConfirmedError };

const recordOrigin = (origin: StartOrigin): JobOrigin =>
  origin.type === 'compare' ? { type: 'compare', group: origin.group } : origin.type === 'panel' ? { type: 'panel' } : { type: 'command' };

/** Validate → estimate → budget → confirm (as the origin allows) → encode → the tracker. */
export async function startJob(af: Airforce, kind: JobKind, request: StartRequest, origin: StartOrigin): Promise<JobStarted> {
  // The panel shows the message beside Generate; the notification offers "Set API Key". A command rejects.
  await (origin.type === 'panel' ? requireKeyReported(af) : requireKey(af));
  const images = request.images ?? [];
  const { input, source } = await jobInput(af, kind, request.input);
  const aboveCents = config.confirmCostAboveCents();
  const outcome = await submitJob(kind, input, images, {
    findModel: modelFinder(af, kind),
    ...(request.unknownModel ? { unknownModel: request.unknownModel } : {}),
    budget: budgetStep(af),
    confirmAboveCents: aboveCents,
    confirm: async (estimate) => (origin.type === 'tool' ? true : origin.type === 'command' ? acceptsCost(origin.options) : confirmCost([kind], centsOf(estimate))),
    encodeFile: request.encodeFile ?? encodeImageFile,
    checkImage: checkInputImage,
    run: async (req, estimate) => {
      // The sidecar's link back to the source; read once the cost is agreed.
      if (source) source.sha256 = await sha256Of(source.path);
      const meta = { origin: recordOrigin(origin), estimate, inputImageSources: images.map(sourceOf), ...(source ? { source } : {}) };
      return sendJob(af, kind, req, meta, request.onUploadProgress);
    },
  });
  if (outcome.ok) return { ok: true, ...outcome.result };
  if (outcome.stage === 'confirm') return { ok: false, stage: 'confirm', error: new CostNotConfirmedError(kind, outcome.estimate, aboveCents) };
  // The panel shows it next to Generate (with "Raise budget"); a command rejects with it.
  if (outcome.stage === 'budget') return { ok: false, stage: 'budget', problems: [{ field: 'budget', message: outcome.message }], error: new BudgetExceededError(outcome.message) };
  return { ok: false, stage: outcome.stage, problems: outcome.problems, error: outcome.error };
}

/** The request as startJob sends it: an operation's file measured (never taken from the caller), the kind's default model. */
async function jobInput(af: Airforce, kind: JobKind, given: Record<string, unknown>): Promise<{ input: Record<string, unknown>; source?: OperationSource }> {
  const input: Record<string, unknown> = { ...given };
  const source = isOperation(kind) ? await operationInput(af, kind, input) : undefined;
  if (!isOperation(kind) && (typeof input.model !== 'string' || input.model === '')) input.model = config.defaultModel(kind);
  return { input, ...(source ? { source } : {}) };
}

/** The video commands have always looked in the video catalog; the others in the whole one. */
const modelFinder =
  (af: Airforce, kind: JobKind) =>
  async (id: string | undefined): Promise<Model | undefined> =>
    (kind === 'video' ? await af.videoModels() : await af.allModels()).find((m) => m.id === id);

export type JobQuote =
  | { ok: true; request: JobRequest; estimate: CostEstimate; source?: OperationSource }
  | { ok: false; model?: string; problems: FieldProblem<string>[]; error: Error; source?: OperationSource };

/**
 * What startJob would ask the price of, without sending anything: the same defaults, the kind's
 * checks and the same estimate (a language model tool's confirmation shows it). Rejects when an
 * operation's file cannot be used (outside the workspace, unreadable) or the catalog cannot be read.
 */
export async function quoteJob(af: Airforce, kind: JobKind, request: Pick<StartRequest, 'input' | 'images'>): Promise<JobQuote> {
  const { input, source } = await jobInput(af, kind, request.input);
  const images = request.images ?? [];
  const candidate = images.length > 0 ? { ...input, input_images: standIns(images) } : input;
  const model = await modelFinder(af, kind)(typeof candidate.model === 'string' ? candidate.model : undefined);
  const checked = validateJob(kind, candidate, model);
  const at = source ? { source } : {};
  if (!checked.ok) return { ok: false, ...(typeof input.model === 'string' ? { model: input.model } : {}), problems: checked.problems, error: checked.error, ...at };
  return { ok: true, request: checked.request, estimate: estimateJob(kind, checked.request, model!), ...at };
}

/** The started job, or the error a command rejects with (an invalid field, the budget, an unaccepted cost). */
export function startedOrThrow(started: JobStarted): Extract<JobStarted, { ok: true }> {
  if (started.ok) return started;
  throw started.error;
}

const centsOf = (e: CostEstimate): number => ('cents' in e ? e.cents : NaN);

/** What the record keeps for an input image: the workspace path or file, the URL, or a word for inline bytes. */
export function sourceOf(image: JobImage): string {
  if ('file' in image) return image.source ?? image.file;
  return 'url' in image ? image.url : vscode.l10n.t('(inline image)');
}

/** An operation's file measured into its request, and its model defaulted; the record's `source`. */
async function operationInput(af: Airforce, op: Operation, input: Record<string, unknown>): Promise<OperationSource> {
  const source = await measureSource(input.file);
  input.file = source.path;
  input.source_bytes = source.bytes;
  delete input.source_duration_seconds;
  if (source.durationSeconds !== undefined) input.source_duration_seconds = source.durationSeconds;
  if (typeof input.model !== 'string' || input.model === '') {
    // No setting names an operation's model: the catalog's first model that does it.
    input.model = (await af.allModels()).find((m) => mediaOperation(m) === OPERATIONS[op].serves)?.id;
  }
  return source;
}

/** The tracker takes the job: video into its queue, the other kinds (operations too) as one synchronous POST. */
export function sendJob(
  af: Airforce,
  kind: JobKind,
  request: JobRequest,
  meta: { origin: JobOrigin; estimate: CostEstimate | number; inputImageSources: string[]; source?: OperationSource },
  onUploadProgress?: UploadProgress,
): { localId: string; taskId?: Promise<string>; files?: Promise<string[]> } {
  const cents = typeof meta.estimate === 'number' ? meta.estimate : centsOf(meta.estimate);
  const estimate = Number.isFinite(cents) ? { estimateCents: cents } : {};
  const sent = { origin: meta.origin, inputImageSources: meta.inputImageSources, ...estimate, ...(meta.source ? { source: meta.source } : {}) };
  if (kind === 'video') return af.tracker.submit(request as unknown as CreateVideoRequest, sent);
  if (kind === 'dub') return af.tracker.startDub(request, sent, onUploadProgress);
  return af.tracker.runSync(kind, request, sent, callFor(af, kind, request, onUploadProgress));
}

/** The one POST of each synchronous kind, as the tracker's call: results in order, never re-sent here. */
export function callFor(af: Airforce, kind: SyncJobKind, request: JobRequest, onUploadProgress?: UploadProgress): (signal: AbortSignal) => Promise<SyncOutcome> {
  if (kind === 'dub') throw new Error('A dubbing job is followed, not one POST (tracker.startDub).');
  if (isOperation(kind)) return operationCall(af.client, kind, request, onUploadProgress);
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

/** A cost above airforce.confirmCostAboveCents (or an unknown one) that nobody accepted; nothing was sent. */
export class CostNotConfirmedError extends Error {
  constructor(kind: JobKind, estimate: CostEstimate, aboveCents: number) {
    super(
      kind === 'video' && 'cents' in estimate
        ? vscode.l10n.t(
            "This video would cost about {0}, above airforce.confirmCostAboveCents ({1}); nothing was sent. Pass {confirm: false} as the command's last argument to accept the cost, or raise the setting.",
            formatCents(estimate.cents, vscode.env.language),
            formatCents(aboveCents, vscode.env.language),
          )
        : vscode.l10n.t(
            'Cost {0} needs confirmation (airforce.confirmCostAboveCents); nothing was sent. Pass {confirm: false} as the last argument to accept it.',
            'cents' in estimate ? formatCents(estimate.cents, vscode.env.language) : estimate.reason,
          ),
    );
    this.name = 'CostNotConfirmedError';
  }
}
