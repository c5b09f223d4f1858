// The sidecar JSON next to a saved image or audio file: its kind, the request's fields (enough to
// generate it again), the server's X-Request-ID, the billed cost when known. Nothing secret: no key,
// no image bytes, no pre-signed URL. Written like the video sidecar (io/sidecar.ts).
import * as path from 'node:path';
import * as z from 'zod/mini';
import { looseObject } from '../../api/schemas/schemas';
import { SIDECAR_GENERATOR, TimeSchema, unixTime, workspaceRelative, writeSidecarJson } from '../../io/sidecar';
import { isOperation, KINDS, SYNC_KIND_IDS } from '../../kinds';
import { originFields } from '../recordSidecar';
import type { JobRecord } from '../types';
import { syncRequestFields } from './record';

export const MediaSidecarSchema = looseObject({
  kind: z.enum(SYNC_KIND_IDS),
  model: z.string(),
  /** The prompt; speech has `input` instead. */
  prompt: z.optional(z.string()),
  input: z.optional(z.string()),
  /** The X-Request-ID of the POST that made the file. */
  request_id: z.optional(z.string().check(z.minLength(1))),
  /** Local sources relative to the workspace root, URLs as they are. */
  input_images: z.optional(z.array(z.string())),
  /** What the whole request cost (X-Cost-Cents): the same in each of its files' sidecars. */
  cost_cents_request: z.optional(z.number()),
  /** This file's share of it (the request's cost / its number of files): these add up to the request's cost. */
  cost_cents_share: z.optional(z.number()),
  /** Sidecars written before the two above: the whole request's cost, repeated in each file's. */
  cost_cents: z.optional(z.number()),
  created: TimeSchema,
  completed: z.optional(TimeSchema),
  /** 1-based position among the job's files, when it made several. */
  index: z.optional(z.number()),
  result_bytes: z.optional(z.number()),
  result_file: z.string().check(
    z.minLength(1),
    z.refine((s) => !/[\\/]/.test(s), { message: 'result_file must be a bare file name' }),
  ),
  generator: z.literal(SIDECAR_GENERATOR),
});
export type MediaSidecar = z.infer<typeof MediaSidecarSchema>;

// The sidecar's own keys: a request field of the same name never replaces them.
const META_KEYS = new Set([
  'kind',
  'group',
  'storyboard',
  'request_id',
  'input_images',
  'cost_cents',
  'cost_cents_request',
  'cost_cents_share',
  'created',
  'completed',
  'index',
  'result_bytes',
  'result_file',
  'generator',
]);

export interface MediaSidecarExtras {
  /** 1-based, only when the job made several files. */
  index?: number;
  /** How many files the request made (its cost is shared among them); default 1. */
  count?: number;
  /** Local input images are recorded relative to it. */
  workspaceRoot?: string;
  resultBytes?: number;
  completed?: Date;
}

/** Builds (and validates) the sidecar of one file of a finished sync job. */
export function mediaSidecarFromRecord(record: JobRecord, resultFile: string, extras: MediaSidecarExtras = {}): MediaSidecar {
  if (record.kind === 'video' || isOperation(record.kind)) throw new Error('A video task or an operation has its own sidecar.');
  const fields = Object.fromEntries(Object.entries(syncRequestFields(record)).filter(([k]) => !META_KEYS.has(k)));
  const cost = record.settledCostCents;
  const count = extras.count !== undefined && Number.isInteger(extras.count) && extras.count > 1 ? extras.count : 1;
  const value = {
    kind: record.kind,
    ...fields,
    [KINDS[record.kind].textField]: record.prompt,
    ...(record.taskId ? { request_id: record.taskId } : {}),
    ...(record.inputImageSources.length > 0 ? { input_images: workspaceRelative(record.inputImageSources, extras.workspaceRoot) } : {}),
    ...(typeof cost === 'number' && Number.isFinite(cost) ? { cost_cents_request: cost, cost_cents_share: shareOf(cost, count) } : {}),
    created: unixTime(record.created),
    completed: extras.completed ? extras.completed.toISOString() : unixTime(record.completedAt ?? Date.now() / 1000),
    ...(extras.index !== undefined ? { index: extras.index } : {}),
    ...(extras.resultBytes !== undefined ? { result_bytes: extras.resultBytes } : {}),
    result_file: path.basename(resultFile),
    generator: SIDECAR_GENERATOR,
    ...originFields(record.origin),
  };
  const parsed = MediaSidecarSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The sidecar is not valid: ${problems}`);
  }
  return parsed.data;
}

/** One file's share of the request's cost, to the API's precision (4 decimals of a cent). */
function shareOf(cents: number, count: number): number {
  return Math.round((cents / count) * 10_000) / 10_000;
}

/** Writes `<same name>.json` next to the saved file; returns its path. */
export function writeMediaSidecar(resultPath: string, sidecar: MediaSidecar): Promise<string> {
  return writeSidecarJson(resultPath, sidecar);
}
