// Job records of the synchronous kinds (image, speech, music, sound effect): one POST answers with
// the results, so there is no server task to follow. The record keeps the request's fields the way
// job.ts lays them out (speech's `input` text in `prompt`, the rest in `extra`) and gives them back
// for the sidecar and "Generate again". Never keeps image bytes: input images are only sources.
import { isOperation, KINDS, type SyncJobKind } from '../../kinds';
import { DEFAULT_ORIGIN, type JobOrigin } from '../job';
import type { TrackedJobRecord } from '../records';

/** The kinds a synchronous job may be: the sync kinds and the operations on a workspace file. */
export type SyncKind = SyncJobKind;

/** The request body of a synchronous kind, as validated by src/api (model, prompt or input, the rest). */
export interface SyncRequest {
  model: string;
  prompt?: string;
  input?: string;
  [key: string]: unknown;
}

export interface SyncMeta {
  origin?: JobOrigin;
  /** The cost estimate before sending (src/api/rules/cost.ts), when one could be computed. */
  estimateCents?: number;
  /** Where input images came from (workspace paths or https URLs), never their bytes. */
  inputImageSources?: readonly string[];
  /** An operation's workspace file (job.ts `source`). */
  source?: TrackedJobRecord['source'];
}

// Kept in the record's own fields (or, for input_images, only as sources); the rest goes to `extra`.
const OWN_FIELDS = new Set(['model', 'prompt', 'input', 'aspect_ratio', 'quality', 'input_images']);
// An operation's file and its measures live in the record's `source`.
const SOURCE_FIELDS = new Set(['file', 'source_bytes', 'source_duration_seconds']);

export function recordFromSyncRequest(kind: SyncKind, request: SyncRequest, meta: SyncMeta, localId: string, nowSec: number): TrackedJobRecord {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!OWN_FIELDS.has(k) && !SOURCE_FIELDS.has(k) && v !== undefined) extra[k] = v;
  // An operation's "prompt" (its name in the views and file names) is the file it works on.
  const text = isOperation(kind) ? (meta.source?.relative ?? request.file) : request[KINDS[kind].textField];
  const sources = [...(meta.inputImageSources ?? [])];
  const record: TrackedJobRecord = {
    localId,
    kind,
    origin: { ...(meta.origin ?? DEFAULT_ORIGIN) },
    model: request.model,
    prompt: typeof text === 'string' ? text : '',
    mode: sources.length > 0 ? 'image' : 'text',
    duration_seconds: 0,
    extra,
    inputImageSources: sources,
    status: 'waiting',
    progress: 0,
    created: nowSec,
  };
  for (const key of ['aspect_ratio', 'quality'] as const) {
    const value = request[key];
    if (typeof value === 'string') record[key] = value;
    else if (value !== undefined) extra[key] = value;
  }
  if (meta.estimateCents !== undefined && Number.isFinite(meta.estimateCents)) record.costCents = meta.estimateCents;
  if (meta.source) record.source = { ...meta.source };
  return record;
}

/**
 * The request fields a sync record describes, without input images (the sidecar lists their
 * sources): what "Generate again" fills the form with. Extra keys never replace the record's own.
 */
export function syncRequestFields(record: TrackedJobRecord): Record<string, unknown> {
  const kind = record.kind === 'video' ? 'image' : record.kind;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record.extra)) if (!OWN_FIELDS.has(k)) fields[k] = v;
  fields.model = record.model;
  if (isOperation(kind)) {
    if (record.source) fields.file = record.source.path;
    return fields;
  }
  fields[KINDS[kind].textField] = record.prompt;
  if (record.aspect_ratio !== undefined) fields.aspect_ratio = record.aspect_ratio;
  if (record.quality !== undefined) fields.quality = record.quality;
  return fields;
}
