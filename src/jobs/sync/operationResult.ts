// Saving the results of an operation on a workspace file (transcribe, isolate, change a voice):
// named after the source, `<stem>.<name>` (clip.mp4 → clip.transcript.txt, clip.srt, clip.vtt;
// clip.voice.mp3; clip.<voice>.mp3), written through writeResult (part file, never replacing a file:
// a second run gets `-2`), and a sidecar beside the first result naming the source by its
// workspace-relative path and sha256, so "Run again" finds it after a rename in its folder.
import * as path from 'node:path';
import * as z from 'zod/mini';
import { looseObject } from '../../api/schemas/schemas';
import { SIDECAR_GENERATOR, TimeSchema, unixTime, writeSidecarJson } from '../../io/sidecar';
import { MAX_FILE_NAME_LENGTH, safeFileName, slugify } from '../../io/fileNames';
import { writeResult } from '../../io/results';
import { OPERATION_IDS, OPERATIONS, type Operation } from '../../kinds';
import { silentLogger } from '../../util/logger';
import { nonEmpty } from '../../util/text';
import { originFields } from '../recordSidecar';
import type { JobRecord } from '../types';
import type { SavedSyncResult, SaveSyncResultOptions } from './saveSyncResult';

export const OperationSidecarSchema = looseObject({
  kind: z.enum(OPERATION_IDS),
  /** The file it worked on: relative to the workspace root, and its content's sha256. */
  source: looseObject({ path: z.string(), sha256: z.optional(z.string()), bytes: z.optional(z.number()), duration_seconds: z.optional(z.number()) }),
  model: z.string(),
  language: z.optional(z.string()),
  voice: z.optional(z.string()),
  voice_name: z.optional(z.string()),
  target_lang: z.optional(z.string()),
  source_lang: z.optional(z.string()),
  /** A dubbing job's id (its request id is the create's). */
  dubbing_id: z.optional(z.string()),
  request_id: z.optional(z.string()),
  cost_cents: z.optional(z.number()),
  created: TimeSchema,
  completed: TimeSchema,
  result_file: z.string().check(
    z.minLength(1),
    z.refine((s) => !/[\\/]/.test(s), { message: 'result_file must be a bare file name' }),
  ),
  generator: z.literal(SIDECAR_GENERATOR),
});
export type OperationSidecar = z.infer<typeof OperationSidecarSchema>;

/**
 * The voice's name as a slug, else its id's: a name with no Latin letter or digit ("Анна") slugs to
 * nothing, and slugify would then say "video".
 */
function voiceSlug(record: JobRecord): string {
  for (const v of [nonEmpty(record.extra.voice_name), nonEmpty(record.extra.voice)]) {
    if (v && /[a-z0-9]/i.test(v.normalize('NFKD'))) return slugify(v, 40);
  }
  return 'voice';
}

/** `<source stem>.<result name>`, `{voice}` filled with the voice's name (or id) as a slug, `{lang}` with the dub's language. */
export function operationFileName(record: JobRecord, op: Operation, index: number): string {
  const from = record.source?.path ?? record.prompt;
  const names = OPERATIONS[op].resultNames;
  const lang = slugify(nonEmpty(record.extra.target_lang) ?? 'dub', 12) || 'dub';
  const name = (names[index] ?? names[names.length - 1] ?? 'result').replace('{voice}', voiceSlug(record)).replace('{lang}', lang);
  // A long stem is cut, never the result's name (safeFileName would cut `.transcript` off a `.txt`).
  const room = Math.max(1, MAX_FILE_NAME_LENGTH - name.length - 1);
  const stem = (path.basename(from, path.extname(from)) || op).slice(0, room).replace(/[\uD800-\uDBFF]$/, '');
  return safeFileName(`${stem}.${name}`);
}

export function operationSidecar(record: JobRecord, op: Operation, resultFile: string): OperationSidecar {
  const cost = record.settledCostCents;
  const src = record.source;
  const value = {
    kind: op,
    source: {
      path: src?.relative ?? record.prompt,
      ...(src?.sha256 ? { sha256: src.sha256 } : {}),
      ...(src?.bytes !== undefined ? { bytes: src.bytes } : {}),
      ...(src?.durationSeconds !== undefined ? { duration_seconds: Math.round(src.durationSeconds * 1000) / 1000 } : {}),
    },
    model: record.model,
    ...(nonEmpty(record.extra.language) ? { language: nonEmpty(record.extra.language) } : {}),
    ...(nonEmpty(record.extra.voice) ? { voice: nonEmpty(record.extra.voice) } : {}),
    ...(nonEmpty(record.extra.voice_name) ? { voice_name: nonEmpty(record.extra.voice_name) } : {}),
    ...(nonEmpty(record.extra.target_lang) ? { target_lang: nonEmpty(record.extra.target_lang) } : {}),
    ...(nonEmpty(record.extra.source_lang) ? { source_lang: nonEmpty(record.extra.source_lang) } : {}),
    ...(op === 'dub' && record.taskId ? { dubbing_id: record.taskId } : record.taskId ? { request_id: record.taskId } : {}),
    ...(typeof cost === 'number' && Number.isFinite(cost) ? { cost_cents: cost } : {}),
    created: unixTime(record.created),
    completed: unixTime(record.completedAt ?? Date.now() / 1000),
    result_file: path.basename(resultFile),
    generator: SIDECAR_GENERATOR,
    ...originFields(record.origin),
  };
  const parsed = OperationSidecarSchema.safeParse(value);
  if (!parsed.success) throw new Error(`The sidecar is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Saves one result of an operation; the first one gets the sidecar. */
export async function saveOperationResult(op: Operation, opts: SaveSyncResultOptions): Promise<SavedSyncResult> {
  const log = opts.logger ?? silentLogger;
  const { record } = opts;
  const accept = OPERATIONS[op].results;
  const fileName = operationFileName(record, op, opts.index);
  // Only the first result gets a sidecar: the others' names are not held by another file's (a
  // generated clip.mp4's clip.json must not push its subtitles to clip-2.vtt).
  const written = await writeResult({ ...opts, fileName, ...(accept.length > 0 ? { accept } : {}), ownSidecar: opts.index === 0, logger: log });
  const out: SavedSyncResult = { path: written.path, bytes: written.bytes, type: written.type ?? accept[0] ?? 'mp3' };
  if (opts.index !== 0) return out;
  try {
    out.sidecarPath = await writeSidecarJson(written.path, operationSidecar(record, op, written.path));
  } catch (e) {
    out.sidecarProblem = e instanceof Error ? e.message : String(e);
    log.warn(`${op} ${record.taskId ?? record.localId}: the sidecar could not be written (${out.sidecarProblem}); the file is saved without it`);
  }
  return out;
}
