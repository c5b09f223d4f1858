// What a hover over a shot block's key or value is about, as data (the host picks the words): the
// key and the shot's model for a key, the model itself for a `model:` value, the allowed values for
// another value. Only what is valid gets a hover: a key the shot's kind does not take, or a value a
// diagnostic is about, is left to the diagnostic. Pure, synchronous, over the catalog snapshot.
import type { Model } from '../api/schemas/schemas';
import type { ShotDiagnostic } from './analyze';
import { KEYS_OF_KIND, valuesFor } from './completion';
import { blockAt, type Storyboard } from './parse';
import { modelIndex, shotRequest, type ShotKind } from './shot';

const COMMON_KEYS: readonly string[] = ['id', 'kind', 'model'];

export type ShotHover = {
  line: number;
  start: number;
  end: number;
  key: string;
  kind: ShotKind;
  /** The shot's model from the catalog (when it names one the catalog lists). */
  model?: Model;
} & ({ on: 'key'; allowed: string[] } | { on: 'value'; value: string; allowed: string[] });

export function hoverShot(
  board: Storyboard,
  line: number,
  character: number,
  catalog: readonly Model[] | undefined,
  diagnostics: readonly ShotDiagnostic[],
  defaultModels: Partial<Record<ShotKind, string>> = {},
): ShotHover | undefined {
  const block = blockAt(board, line);
  if (!block) return undefined;
  const field = block.fields.find((f) => f.line === line);
  if (!field) return undefined;
  const request = shotRequest(block, defaultModels);
  if (!request.kindOk) return undefined;
  const key = field.key;
  if (!COMMON_KEYS.includes(key) && !KEYS_OF_KIND[request.kind].includes(key)) return undefined;
  const modelId = typeof request.input.model === 'string' ? request.input.model : undefined;
  const model = catalog && modelId !== undefined ? modelIndex(catalog).get(modelId) : undefined;
  const allowed = valuesFor(board, block.index, key, request.kind, catalog, model).map((i) => i.label);
  const base = { key, kind: request.kind, ...(model ? { model } : {}) };
  if (character >= field.keyStart && character <= field.keyStart + key.length) {
    return { ...base, on: 'key', allowed, line, start: field.keyStart, end: field.keyStart + key.length };
  }
  if (character < field.valueStart || character > field.valueEnd || field.value === '') return undefined;
  const flagged = diagnostics.some((d) => d.severity === 'error' && d.line === line && d.start < field.valueEnd && d.end > field.valueStart);
  if (flagged) return undefined;
  return { ...base, on: 'value', value: field.value, allowed, line, start: field.valueStart, end: field.valueEnd };
}
