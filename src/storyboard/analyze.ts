// Checks every shot of a storyboard against a model catalog snapshot and prices it: the diagnostics
// (each on the line of the key it is about, naming the allowed values) and the CodeLens estimates
// come from this one pass. Synchronous and network-free: it runs on every keystroke. Without a
// catalog yet, only what needs no model is checked, and prices are not known.
import { estimate, validateRequest } from '../api/rules/byKind';
import type { CostEstimate } from '../api/rules/cost';
import { isVideoModel, modelKind } from '../api/rules/modelKind';
import type { Model } from '../api/schemas/schemas';
import type { ShotBlock, Storyboard } from './parse';
import { hasImageExtension, IMAGE_FILE_EXTENSIONS, modelIndex, shotRequest, type ShotKind, type ShotRequest } from './shot';
import { firstFew, Suggester } from './suggest';
import { KIND_IDS, KINDS } from '../kinds';

export interface ShotDiagnostic {
  line: number;
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ShotAnalysis {
  block: ShotBlock;
  request: ShotRequest;
  /** undefined while the catalog is not loaded; unknown when the shot is invalid or its price cannot be computed. */
  estimate?: CostEstimate;
  /** The shot (by id) above this one whose image this one takes. */
  imageFrom?: string;
  valid: boolean;
  /** The errors found in this shot: how many, and where the first is (the lens names them, not the price). */
  problems?: ShotProblems;
}

export interface ShotProblems {
  count: number;
  line: number;
  start: number;
  end: number;
}

export interface StoryboardAnalysis {
  shots: ShotAnalysis[];
  diagnostics: ShotDiagnostic[];
}

export interface AnalyzeOptions {
  defaultModels?: Partial<Record<ShotKind, string>>;
}

const PENDING = { b64_json: 'pending' };

const byKind = new WeakMap<readonly Model[], Map<ShotKind, Model[]>>();

/** The catalog's models of one kind, filtered once per snapshot (diagnostics ask per shot). */
export function modelsOfKind(catalog: readonly Model[], kind: ShotKind): Model[] {
  let kinds = byKind.get(catalog);
  if (!kinds) byKind.set(catalog, (kinds = new Map()));
  let out = kinds.get(kind);
  if (!out) kinds.set(kind, (out = catalog.filter((m) => modelKind(m) === kind && (kind !== 'video' || isVideoModel(m)))));
  return out;
}

/** What one pass shares across shots: the shots above by id, their ids in order, the capped search. */
interface Above {
  kinds: Map<string, ShotKind>;
  ids: string[];
  suggester: Suggester;
}

/** The speech voices a model lists in its caps, when it does. */
export function voicesOf(model: Model | undefined): string[] {
  const caps = model?.speech_caps as { voices?: unknown } | undefined;
  return Array.isArray(caps?.voices) ? caps.voices.filter((v): v is string => typeof v === 'string') : [];
}

export function analyzeStoryboard(board: Storyboard, catalog: readonly Model[] | undefined, opts: AnalyzeOptions = {}): StoryboardAnalysis {
  const diagnostics: ShotDiagnostic[] = [];
  const shots: ShotAnalysis[] = [];
  const seen = new Map<string, ShotKind>();
  const above: Above = { kinds: seen, ids: [], suggester: new Suggester() };
  for (const block of board.blocks) {
    const before = diagnostics.length;
    for (const p of block.problems) {
      diagnostics.push({ ...p, severity: p.message.includes('given twice') ? 'warning' : 'error' });
    }
    const request = shotRequest(block, opts.defaultModels);
    if (block.id !== undefined && seen.has(block.id)) {
      const idField = block.byKey.get('id')!;
      diagnostics.push(at(idField.line, idField.valueStart, idField.valueEnd, `id "${block.id}" is used by another shot above; ids must be unique`));
    }
    const shot = analyzeShot(board, block, request, above, catalog, diagnostics);
    const errors = diagnostics.slice(before).filter((d) => d.severity === 'error');
    shot.valid = shot.valid && errors.length === 0;
    if (errors[0]) shot.problems = { count: errors.length, line: errors[0].line, start: errors[0].start, end: errors[0].end };
    if (!shot.valid && catalog) shot.estimate = { unknown: true, reason: 'price unknown' };
    shots.push(shot);
    if (block.id !== undefined && !seen.has(block.id)) {
      seen.set(block.id, request.kind);
      above.ids.push(block.id);
    }
  }
  return { shots, diagnostics };
}

function at(line: number, start: number, end: number, message: string, severity: ShotDiagnostic['severity'] = 'error'): ShotDiagnostic {
  return { line, start, end, message, severity };
}

function analyzeShot(board: Storyboard, block: ShotBlock, request: ShotRequest, above: Above, catalog: readonly Model[] | undefined, out: ShotDiagnostic[]): ShotAnalysis {
  const shot: ShotAnalysis = { block, request, valid: true };
  const fenceLen = board.lines[block.fenceLine]!.length;
  const onField = (field: string): [number, number, number] => {
    // A mode nobody wrote comes from `image:` (a video from an image animates it).
    const f = request.fieldOf.get(field) ?? block.byKey.get(field) ?? (field === 'mode' ? block.byKey.get('image') : undefined);
    return f ? [f.line, f.valueStart, Math.max(f.valueEnd, f.valueStart + 1)] : [block.fenceLine, 0, fenceLen];
  };
  const kindField = block.byKey.get('kind');
  if (!request.kindOk && kindField) {
    // Every other rule depends on the kind: say only this.
    out.push(at(kindField.line, kindField.valueStart, kindField.valueEnd, `kind must be one of ${KIND_IDS.join(', ')}`));
    return { ...shot, valid: false };
  }

  const text = KINDS[request.kind].textField;
  const hasText = typeof request.input[text] === 'string' && (request.input[text] as string).trim() !== '';
  if (!hasText)
    out.push(at(block.fenceLine, 0, fenceLen, request.kind === 'speech' ? 'this speech shot has no input (the text to speak)' : `this ${request.kind} shot has no prompt`));

  // The input image: another shot's (above, an image shot), an https URL, or an image file.
  const image = request.image;
  const imageField = block.byKey.get('image');
  if (imageField && image && 'ref' in image) {
    const kind = above.kinds.get(image.ref);
    if (kind === undefined) {
      const ids = above.ids;
      const hint = ids.length > 0 ? `; shots above: ${above.suggester.suggest(image.ref, ids, (i) => `@${i}`, '@')}` : '';
      out.push(at(imageField.line, imageField.valueStart, imageField.valueEnd, `no shot "${image.ref}" above this one${hint}`));
    } else if (kind !== 'image') {
      out.push(at(imageField.line, imageField.valueStart, imageField.valueEnd, `shot "${image.ref}" makes ${kind}, not an image`));
    } else shot.imageFrom = image.ref;
  } else if (imageField && image && 'path' in image && !hasImageExtension(image.path)) {
    out.push(at(imageField.line, imageField.valueStart, imageField.valueEnd, `image must be an image file (${IMAGE_FILE_EXTENSIONS.join(', ')}) or @<id> of an image shot above`));
  }

  if (!catalog) return shot;
  const modelId = typeof request.input.model === 'string' ? request.input.model : undefined;
  const model = modelId === undefined ? undefined : modelIndex(catalog).get(modelId);
  const ids = (): string[] => modelsOfKind(catalog, request.kind).map((m) => m.id);
  // The closest few to what was written (or the first few), never the whole catalog.
  const ofKind = (): string => (modelId === undefined ? firstFew(ids()) : above.suggester.suggest(modelId, ids(), undefined, `model:${request.kind}`));
  if (modelId === undefined) {
    out.push(at(block.fenceLine, 0, fenceLen, `this shot names no model (add "model:"); ${request.kind} models: ${ofKind()}`));
    return { ...shot, valid: false };
  }
  if (!model || modelKind(model) !== request.kind || (request.kind === 'video' && !isVideoModel(model))) {
    const why = model ? `makes ${modelKind(model)}, not ${request.kind}` : 'is not in the model list';
    out.push(at(...onField('model'), `model "${modelId}" ${why}; ${request.kind} models: ${ofKind()}`));
    return { ...shot, valid: false };
  }

  const form: Record<string, unknown> = { ...request.input };
  if (image) form.input_images = ['url' in image ? { url: image.url } : PENDING];
  const checked = validateRequest(request.kind, form, model);
  if (!checked.ok) {
    for (const p of checked.problems) {
      if (p.field === text && !hasText) continue; // already said, on the fence line
      const f = request.fieldOf.get(p.field);
      // The message names the key as written (`duration`, not `duration_seconds`).
      const message = f && f.key !== p.field ? p.message.replace(p.field, f.key) : p.message;
      const voices = p.field === 'voice' ? voicesOf(model) : [];
      const voice = typeof request.input.voice === 'string' ? request.input.voice : '';
      out.push(at(...onField(p.field), voices.length > 0 ? `${message}; voices: ${above.suggester.suggest(voice, voices, undefined, `voice:${model.id}`)}` : message));
    }
    return { ...shot, valid: false };
  }
  shot.estimate = estimate(request.kind, checked.request, model);
  return shot;
}
