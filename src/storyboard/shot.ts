// One shot block → the request of its kind: keys map to the API's fields (`duration` →
// `duration_seconds`, the rest as written; unknown keys pass through as extras), numbers and
// booleans are read as such, and `image:` becomes a reference to another shot, a URL or a file.
// Pure; the caller resolves files and shot references.
import type { Model } from '../api/schemas/schemas';
import { isKind, type Kind } from '../kinds';
import type { ShotBlock, ShotField } from './parse';

/** A shot makes any kind of src/kinds.ts. */
export type ShotKind = Kind;

/** Keys that steer the shot and are not sent as they are. */
const OWN_KEYS = new Set(['id', 'kind', 'image']);
/** Written name → request field. */
const KEY_MAP: Readonly<Record<string, string>> = { duration: 'duration_seconds' };
/** Always text, even when they look like a number. */
const TEXT_FIELDS = new Set(['model', 'prompt', 'input', 'voice', 'aspect_ratio', 'quality', 'mode', 'response_format']);

export const IMAGE_FILE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp'];

export type ShotImage = { ref: string } | { url: string } | { path: string };

export interface ShotRequest {
  kind: ShotKind;
  /** false when `kind:` names no kind (the request is then read as video). */
  kindOk: boolean;
  /** The request as written, model included when given (or defaulted). */
  input: Record<string, unknown>;
  image?: ShotImage;
  /** Request field → the line that sets it (duration_seconds → the `duration:` line). */
  fieldOf: ReadonlyMap<string, ShotField>;
}

/** The field a written key sets. */
export function requestField(key: string): string {
  return KEY_MAP[key] ?? key;
}

/** "8" → 8, "true" → true, '"8"' → "8"; text fields stay text. */
export function readValue(field: string, raw: string): unknown {
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(raw);
  if (quoted) return quoted[1] ?? quoted[2];
  if (TEXT_FIELDS.has(field)) return raw;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

export function readImage(raw: string): ShotImage | undefined {
  if (raw === '') return undefined;
  if (raw.startsWith('@')) return { ref: raw.slice(1).trim() };
  if (/^https?:\/\//i.test(raw)) return { url: raw };
  return { path: raw };
}

export function hasImageExtension(p: string): boolean {
  const dot = p.lastIndexOf('.');
  return dot >= 0 && IMAGE_FILE_EXTENSIONS.includes(p.slice(dot).toLowerCase());
}

/** `defaultModels`: the kind's default model setting, used when the block names none. */
export function shotRequest(block: ShotBlock, defaultModels: Partial<Record<ShotKind, string>> = {}): ShotRequest {
  const kindText = block.byKey.get('kind')?.value ?? 'video';
  const kindOk = isKind(kindText);
  const kind: ShotKind = kindOk ? kindText : 'video';
  const input: Record<string, unknown> = {};
  const fieldOf = new Map<string, ShotField>();
  for (const [key, f] of block.byKey) {
    if (OWN_KEYS.has(key)) continue;
    // Speech takes `input`; `prompt` is accepted for it too, so every kind can be written alike.
    const field = kind === 'speech' && key === 'prompt' && !block.byKey.has('input') ? 'input' : requestField(key);
    if (f.value === '') continue;
    input[field] = readValue(field, f.value);
    fieldOf.set(field, f);
  }
  if (input.model === undefined && defaultModels[kind]) input.model = defaultModels[kind];
  const imageField = block.byKey.get('image');
  const image = imageField ? readImage(imageField.value) : undefined;
  if (imageField) fieldOf.set('input_images', imageField);
  // A video from an image animates it, unless the block says which mode.
  if (kind === 'video' && image && input.mode === undefined) input.mode = 'image';
  return { kind, kindOk, input, ...(image ? { image } : {}), fieldOf };
}

const indexes = new WeakMap<readonly Model[], ReadonlyMap<string, Model>>();

/** The catalog by id, built once per snapshot (the typing path looks models up per shot). */
export function modelIndex(catalog: readonly Model[]): ReadonlyMap<string, Model> {
  let index = indexes.get(catalog);
  if (!index) {
    index = new Map(catalog.map((m) => [m.id, m]));
    indexes.set(catalog, index);
  }
  return index;
}
