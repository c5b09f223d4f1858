// The submit pipeline's steps for a video: the caps check, the API's own cost estimate, and input
// images that are stand-ins until the cost was agreed. The panel and the commands both submit through
// submitVideo; they differ only in where images come from and how a cost is confirmed. No vscode import.
import { estimateCostCents } from '../api/rules/cost';
import type { VideoModel } from '../api/rules/modelKind';
import { CreateVideoRequestSchema, type CreateVideoRequest, type InputImage } from '../api/schemas/schemas';
import { validateVideoRequest, type FieldProblem, type VideoForm } from '../api/rules/validation';
import { runSubmitPipeline, type BudgetStep, type SubmitOutcome } from './pipeline';

/** An input image before encoding: a URL the server fetches, inline base64, or a local file. */
export type ImageInput = { url: string } | { b64_json: string } | { file: string };

export type Encoded = { ok: true; value: InputImage[] } | { ok: false; message: string };

export interface VideoSubmitDeps<Result> {
  findModel(id: string | undefined): Promise<VideoModel | undefined>;
  /** airforce.budgetCents: checked after the estimate, before the cost question. */
  budget(costCents: number): Promise<BudgetStep>;
  confirmAboveCents: number;
  confirm(costCents: number): Promise<boolean>;
  /** The request's input images as sent, in order; runs only after validation and confirmation. */
  encodeImages(): Promise<Encoded>;
  /** Why an encoded image is not an image by its bytes (a URL's first bytes, inline base64), if so. */
  checkImage?(image: InputImage): Promise<string | undefined>;
  run(request: CreateVideoRequest, costCents: number): Promise<Result>;
  /** What to say when the catalog does not know the model (default: the validator's message). */
  unknownModel?: FieldProblem;
}

const isFileInput = (v: unknown): v is { file: string } => typeof v === 'object' && v !== null && 'file' in v;

/**
 * Stand-ins for validation: files are not read before the request is known to be valid and agreed.
 * Entries that are no ImageInput stay as they are, for the validator to name.
 */
export function placeholderInputs(inputs: readonly unknown[]): unknown[] {
  return inputs.map((i) => (isFileInput(i) ? { b64_json: 'pending' } : i));
}

/** Files become base64 by `encodeFile` (the magic-byte checked encoder); URLs and inline base64 stay. */
export async function encodeImageInputs(inputs: readonly ImageInput[], encodeFile: (fsPath: string) => Promise<{ b64_json: string }>): Promise<Encoded> {
  const out: InputImage[] = [];
  for (const input of inputs) {
    if (!isFileInput(input)) {
      out.push(input);
      continue;
    }
    try {
      out.push(await encodeFile(input.file));
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  return { ok: true, value: out };
}

export function estimateVideoCents(request: CreateVideoRequest, model: VideoModel): number {
  return estimateCostCents(request.duration_seconds ?? model.video_caps.min_duration_s, model.video_caps);
}

/**
 * `candidate` is untrusted (a form, a command's argument): the validator checks every field.
 * Its `input_images` holds stand-ins (placeholderInputs); the encoded images replace them.
 */
export function submitVideo<Result>(candidate: Record<string, unknown>, deps: VideoSubmitDeps<Result>): Promise<SubmitOutcome<FieldProblem, Result>> {
  const modelId = typeof candidate.model === 'string' && candidate.model !== '' ? candidate.model : undefined;
  return runSubmitPipeline(modelId, {
    findModel: deps.findModel,
    validate: (model) => (!model && deps.unknownModel ? { ok: false, problems: [deps.unknownModel] } : validateVideoRequest(candidate as VideoForm, model)),
    estimateCents: estimateVideoCents,
    budget: deps.budget,
    confirmAboveCents: deps.confirmAboveCents,
    confirm: deps.confirm,
    encode: async (request) => {
      const encoded = await deps.encodeImages();
      if (!encoded.ok) return { ok: false, problems: [{ field: 'input_images', message: encoded.message }] };
      const { input_images: _standIns, ...rest } = request;
      void _standIns;
      const images = encoded.value;
      // Nothing is sent unless every image is one by its bytes (a URL answering HTML is refused here).
      for (const image of deps.checkImage ? images : []) {
        const problem = await deps.checkImage!(image);
        if (problem) return { ok: false, problems: [{ field: 'input_images', message: problem }] };
      }
      return { ok: true, request: CreateVideoRequestSchema.parse({ ...rest, ...(images.length > 0 ? { input_images: images } : {}) }) };
    },
    run: deps.run,
  });
}
