// Checks a request for an operation on a workspace file (transcribe, isolate, change a voice)
// before anything is read or sent: the model must serve the operation, the file must be one of the
// media types the operation takes and within the upload limit, the language a language code, the
// voice chosen. The caller measures the file (`source_bytes`, `source_duration_seconds`) first:
// this stays browser-safe and never touches the disk. The checked request keeps only known fields.
import { MEDIA_SOURCE_EXTENSIONS, OPERATIONS, type Operation } from '../../kinds';
import type { Model } from '../schemas/schemas';
import { coded, type ProblemCode } from './messages';
import { mediaOperation } from './mediaModelKind';
import type { FieldProblem } from './validation';
import type { CostEstimate } from './cost';
import { mediaCost } from './costMedia';

/** The largest sum of file bytes an upload sends (the API documents no limit; api/http/upload.ts enforces it too). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** Fields each operation sends, beyond model and file (the rest of a form is dropped). */
export const OPERATION_FIELDS: Readonly<Record<Operation, readonly string[]>> = {
  transcribe: ['language', 'prompt'],
  dub: ['target_lang', 'source_lang'],
  isolate: [],
  voiceChange: ['voice', 'voice_name'],
};

/** The extension of a path, lower case, without the dot ('' when none). */
export function extensionOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function isMediaSource(file: string): boolean {
  return (MEDIA_SOURCE_EXTENSIONS as readonly string[]).includes(extensionOf(file));
}

function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib >= 10 ? Math.round(mib) : mib.toFixed(1)} MiB`;
}

export type OperationValidation = { ok: true; request: Record<string, unknown> & { model: string; file: string } } | { ok: false; problems: FieldProblem<string>[] };

export function validateOperationRequest(op: Operation, form: Record<string, unknown>, model: Model | undefined, maxBytes = MAX_SOURCE_BYTES): OperationValidation {
  const problems: FieldProblem<string>[] = [];
  const add = (field: string, code: ProblemCode, params: (string | number)[] = []): void => void problems.push(coded(field, code, params));
  const facts = OPERATIONS[op];
  if (!model) {
    add('model', typeof form.model === 'string' && form.model !== '' ? 'model.unknown' : 'model.missing', typeof form.model === 'string' ? [form.model] : []);
  } else if (mediaOperation(model) !== facts.serves) {
    add('model', 'model.notOperation', [model.id, facts.label.toLowerCase()]);
  }
  const file = form.file;
  if (typeof file !== 'string' || file.trim() === '') add('file', 'file.missing');
  else if (!isMediaSource(file)) add('file', 'file.type', [MEDIA_SOURCE_EXTENSIONS.join(', '), extensionOf(file) || '—']);
  const bytes = form.source_bytes;
  if (typeof bytes === 'number' && bytes > maxBytes) add('file', 'file.tooLarge', [sizeText(bytes), sizeText(maxBytes)]);
  const fields = OPERATION_FIELDS[op];
  for (const key of ['language', 'target_lang', 'source_lang']) {
    const v = form[key];
    if (!fields.includes(key) || v === undefined || v === '' || v === null) continue;
    if (typeof v !== 'string' || !LANGUAGE.test(v)) add(key, 'language.code', [key]);
  }
  if (op === 'dub' && (typeof form.target_lang !== 'string' || form.target_lang === '')) add('target_lang', 'language.code', ['target_lang']);
  if (fields.includes('voice') && (typeof form.voice !== 'string' || form.voice.trim() === '')) add('voice', 'voice.empty');
  if (problems.length > 0) return { ok: false, problems };
  const request: Record<string, unknown> & { model: string; file: string } = { model: (model as Model).id, file: file as string };
  for (const key of [...fields, 'source_bytes', 'source_duration_seconds']) {
    const v = form[key];
    if (v !== undefined && v !== '' && v !== null) request[key] = v;
  }
  return { ok: true, request };
}

/** Per minute of the source (its duration measured locally), or "price unknown" with the reason. */
export function estimateOperation(op: Operation, request: Record<string, unknown>, model: Model): CostEstimate {
  const seconds = typeof request.source_duration_seconds === 'number' ? request.source_duration_seconds : undefined;
  return mediaCost(OPERATIONS[op].serves, seconds, model);
}
