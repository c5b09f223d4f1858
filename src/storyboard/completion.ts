// Completion inside a shot block: the keys of the block's kind, the model ids of that kind, and the
// values the chosen model allows (durations, ratios, qualities, modes, voices, formats, `@id` of an
// image shot above). Pure, synchronous, over the catalog snapshot.
import { modelKind, isVideoModel } from '../api/rules/modelKind';
import type { Model } from '../api/schemas/schemas';
import { speechFormats } from '../api/rules/validationAudio';
import { durationChoices } from '../api/rules/validation';
import { IMAGE_RESPONSE_FORMATS, imageAspectRatios, imageMaxN } from '../api/rules/imageCaps';
import { voicesOf, modelsOfKind } from './analyze';
import { blockAt, TEXT_KEYS, type Storyboard } from './parse';
import { modelIndex, requestField, shotRequest, type ShotKind } from './shot';
import { KIND_IDS } from '../kinds';

export interface ShotCompletion {
  label: string;
  insertText: string;
  type: 'key' | 'kind' | 'model' | 'value' | 'shot';
  detail?: string;
}

export interface ShotCompletions {
  items: ShotCompletion[];
  /** What the chosen item replaces on `line`. */
  line: number;
  start: number;
  end: number;
}

const COMMON_KEYS = ['id', 'kind', 'model'];
export const KEYS_OF_KIND: Readonly<Record<ShotKind, readonly string[]>> = {
  video: ['prompt', 'duration', 'aspect_ratio', 'quality', 'mode', 'image', 'seed'],
  image: ['prompt', 'n', 'aspect_ratio', 'image', 'seed', 'response_format'],
  speech: ['input', 'voice', 'speed', 'response_format', 'seed'],
  music: ['prompt', 'music_length_ms', 'response_format'],
  sfx: ['prompt', 'duration', 'prompt_influence', 'response_format'],
};

export function completeShot(
  board: Storyboard,
  line: number,
  character: number,
  catalog: readonly Model[] | undefined,
  defaultModels: Partial<Record<ShotKind, string>> = {},
): ShotCompletions | undefined {
  const block = blockAt(board, line);
  if (!block || line === block.fenceLine || (block.closed && line === block.closeLine)) return undefined;
  const text = board.lines[line] ?? '';
  const before = text.slice(0, character);
  // An indented line belongs to the prompt above it (or is a mistake): nothing to offer.
  if (/^\s/.test(text) && text.trim() !== '') {
    const above = block.fields.filter((f) => f.line < line).pop();
    if (above && TEXT_KEYS.has(above.key)) return undefined;
  }
  const request = shotRequest(block, defaultModels);
  const keyOnly = /^\s*([\w-]*)$/.exec(before);
  if (keyOnly) {
    const start = before.length - keyOnly[1]!.length;
    const present = new Set(block.byKey.keys());
    const keys = [...COMMON_KEYS, ...KEYS_OF_KIND[request.kind]].filter((k) => !present.has(k) || block.byKey.get(k)!.line === line);
    const end = start + (/^[\w-]*/.exec(text.slice(start))?.[0].length ?? 0);
    return { items: keys.map((k) => ({ label: k, insertText: `${k}: `, type: 'key' })), line, start, end };
  }
  const kv = /^(\s*)([A-Za-z_][\w-]*)\s*:(\s*)(.*)$/.exec(before);
  if (!kv) return undefined;
  const key = kv[2]!;
  if (TEXT_KEYS.has(key)) return undefined;
  const start = before.indexOf(':') + 1 + kv[3]!.length;
  const rest = text.slice(start);
  const end = start + (/^[^\s#]*/.exec(rest)?.[0].length ?? 0);
  const model = catalog && typeof request.input.model === 'string' ? modelIndex(catalog).get(request.input.model) : undefined;
  const items = valuesFor(board, block.index, key, request.kind, catalog, model);
  return items.length > 0 ? { items, line, start, end } : undefined;
}

const values = (list: readonly (string | number)[], type: ShotCompletion['type'] = 'value'): ShotCompletion[] =>
  list.map((v) => ({ label: String(v), insertText: String(v), type }));

/** The values a key may take for this shot and model, as completion items (the hover lists them too). */
export function valuesFor(board: Storyboard, index: number, key: string, kind: ShotKind, catalog: readonly Model[] | undefined, model: Model | undefined): ShotCompletion[] {
  const field = requestField(key);
  if (key === 'kind') return values(KIND_IDS, 'kind');
  if (key === 'model') {
    return (catalog ? modelsOfKind(catalog, kind) : []).map((m) => ({
      label: m.id,
      insertText: m.id,
      type: 'model',
      ...(m.owned_by ? { detail: m.owned_by } : {}),
    }));
  }
  if (key === 'image') {
    const shots = board.blocks.slice(0, index).filter((b) => b.id !== undefined && (b.byKey.get('kind')?.value ?? 'video') === 'image');
    return shots.map((b) => ({ label: `@${b.id}`, insertText: `@${b.id}`, type: 'shot' }));
  }
  if (!model) return [];
  const video = kind === 'video' && isVideoModel(model) ? model.video_caps : undefined;
  if (video) {
    if (field === 'duration_seconds') return values(durationChoices(model as Parameters<typeof durationChoices>[0]));
    if (field === 'aspect_ratio') return values(video.aspect_ratios);
    if (field === 'quality') return values(video.qualities);
    if (field === 'mode') return values(video.modes);
  }
  if (kind === 'image' && modelKind(model) === 'image') {
    if (field === 'aspect_ratio') return values(imageAspectRatios(model));
    if (field === 'n') return values(Array.from({ length: imageMaxN(model) }, (_, i) => i + 1));
    if (field === 'response_format') return values(IMAGE_RESPONSE_FORMATS);
  }
  if (kind === 'speech' && field === 'voice') return values(voicesOf(model));
  if ((kind === 'speech' || kind === 'music' || kind === 'sfx') && field === 'response_format') return values(speechFormats(model));
  return [];
}
