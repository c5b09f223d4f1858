// One job of any kind, from an untrusted request to the tracker, in the one order of pipeline.ts:
// the kind's caps check (input images as stand-ins) → the kind's estimate → budget → the caller's
// cost question → the images' bytes (each checked) → run. The Generate panel and every command start
// their single jobs here; batch.ts runs a list with the same per-kind steps (validateJob, estimateJob).
// Pure: the model catalog, the budget, the question, the encoder and the tracker are parameters.
import { estimateJobRequest as estimateByKind, validateJobRequest as validateRequest } from '../api/rules/byJobKind';
import type { CostEstimate } from '../api/rules/cost';
import type { InputImage, Model } from '../api/schemas/schemas';
import { ValidationError, type FieldProblem } from '../api/rules/validation';
import { AudioValidationError } from '../api/rules/validationAudio';
import { isAudioKind, isOperation, OPERATIONS } from '../kinds';
import type { JobKind } from '../jobs/job';
import { runSubmitPipeline, type BudgetStep } from './pipeline';

/** A request the kind's validator accepted. */
export type JobRequest = Record<string, unknown> & { model: string };

/** An input image before encoding: a local file (read only after the cost is agreed), a URL, inline base64. */
export type JobImage = { file: string; /** what the record keeps (default: the path) */ source?: string } | InputImage;

/** Stands in for a file until the cost is agreed: no file is read before. */
const PENDING: InputImage = { b64_json: 'pending' };

export const isFileImage = (i: JobImage): i is { file: string; source?: string } => 'file' in i;

/** The images as the validator sees them: files as stand-ins, URLs and inline base64 as they are. */
export function standIns(images: readonly JobImage[]): InputImage[] {
  return images.map((i) => (isFileImage(i) ? PENDING : i));
}

/**
 * The kind's caps check (api/rules/byKind.ts picks the validator); `error` is what a command rejects
 * with: it names the kind ("The sound effect request is not valid: …") and every field.
 */
export function validateJob(
  kind: JobKind,
  candidate: Record<string, unknown>,
  model: Model | undefined,
): { ok: true; request: JobRequest } | { ok: false; problems: FieldProblem<string>[]; error: ValidationError } {
  const r = validateRequest(kind, candidate, model);
  if (r.ok) return r;
  return {
    ok: false,
    problems: r.problems,
    error: isAudioKind(kind) ? new AudioValidationError(kind, r.problems) : new ValidationError(r.problems, isOperation(kind) ? OPERATIONS[kind].label.toLowerCase() : kind),
  };
}

/** The kind's price of a valid request; `unknown` when the model's price fields allow no figure. */
export function estimateJob(kind: JobKind, request: JobRequest, model: Model): CostEstimate {
  return estimateByKind(kind, request, model);
}

/** The pipeline's figure: an unknown price is never "below the threshold" (non-finite). */
export const estimateCents = (e: CostEstimate): number => ('cents' in e ? e.cents : Infinity);

export interface StartJobDeps<Result> {
  /** The model the request names (undefined: unknown to the catalog). */
  findModel(id: string | undefined): Promise<Model | undefined>;
  /** What to say when the catalog does not know the model (default: the validator's message). */
  unknownModel?: FieldProblem;
  /** airforce.budgetCents: checked after the estimate, before the cost question. */
  budget(costCents: number): Promise<BudgetStep>;
  /** airforce.confirmCostAboveCents: an estimate above it (or an unknown one) needs `confirm`. */
  confirmAboveCents: number;
  /** The origin's say-so: a modal (confirmCost), or a command's `{confirm: false}`. */
  confirm(estimate: CostEstimate): Promise<boolean>;
  /** Reads a file's bytes (magic-byte checked); runs only after validation and confirmation. */
  encodeFile(fsPath: string): Promise<InputImage>;
  /** Why an encoded image is not an image by its bytes (a URL's first bytes, inline base64), if so. */
  checkImage?(image: InputImage): Promise<string | undefined>;
  run(request: JobRequest, estimate: CostEstimate): Promise<Result>;
}

export type JobOutcome<Result> =
  | { ok: true; result: Result; estimate: CostEstimate }
  /** `error`: the validator's (validate) or a kind-named ValidationError (encode). */
  | { ok: false; stage: 'validate' | 'encode'; problems: FieldProblem<string>[]; error: ValidationError }
  | { ok: false; stage: 'budget'; message: string; estimate: CostEstimate }
  | { ok: false; stage: 'confirm'; estimate: CostEstimate };

/**
 * `input` is untrusted (a form, a command's argument). `images`, when there are any, replace its
 * `input_images`: stand-ins for the caps check, their bytes once the cost was agreed.
 */
export async function startJob<Result>(kind: JobKind, input: Record<string, unknown>, images: readonly JobImage[], deps: StartJobDeps<Result>): Promise<JobOutcome<Result>> {
  const candidate = images.length > 0 ? { ...input, input_images: standIns(images) } : input;
  const modelId = typeof candidate.model === 'string' && candidate.model !== '' ? candidate.model : undefined;
  let estimate: CostEstimate = { unknown: true, reason: '' };
  let invalid: ValidationError | undefined;
  const outcome = await runSubmitPipeline(modelId, {
    findModel: deps.findModel,
    validate: (model) => {
      if (!model && deps.unknownModel) return { ok: false, problems: [deps.unknownModel] };
      const r = validateJob(kind, candidate, model);
      if (!r.ok) invalid = r.error;
      return r;
    },
    estimateCents: (request, model) => estimateCents((estimate = estimateJob(kind, request, model))),
    budget: deps.budget,
    confirmAboveCents: deps.confirmAboveCents,
    confirm: () => deps.confirm(estimate),
    encode: async (request) => {
      if (images.length === 0) return { ok: true, request };
      const encoded = await encodeImages(images, deps);
      if (typeof encoded === 'string') return { ok: false, problems: [{ field: 'input_images', message: encoded }] };
      return { ok: true, request: { ...request, input_images: encoded } };
    },
    run: (request) => deps.run(request, estimate),
  });
  if (outcome.ok) return { ok: true, result: outcome.result, estimate };
  if (outcome.stage === 'confirm') return { ok: false, stage: 'confirm', estimate };
  if (outcome.stage === 'budget') return { ok: false, stage: 'budget', message: outcome.message, estimate };
  const error = outcome.stage === 'validate' && invalid ? invalid : new ValidationError(outcome.problems, kind);
  return { ok: false, stage: outcome.stage, problems: outcome.problems, error };
}

/** The images' bytes in order, or why one cannot be sent (unreadable, or not an image by its bytes). */
async function encodeImages(images: readonly JobImage[], deps: Pick<StartJobDeps<unknown>, 'encodeFile' | 'checkImage'>): Promise<InputImage[] | string> {
  const out: InputImage[] = [];
  try {
    for (const i of images) out.push(isFileImage(i) ? await deps.encodeFile(i.file) : i);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  // Nothing is sent unless every image is one by its bytes (a URL answering HTML is refused here).
  for (const image of deps.checkImage ? out : []) {
    const problem = await deps.checkImage!(image);
    if (problem) return problem;
  }
  return out;
}
