// One job record: what the extension remembers about one generation of any kind. This schema is the
// single source of the record's type (JobRecord, TrackedJobRecord) and reads stored records back:
// records written before kinds existed have no `kind`/`origin` and become a video job sent by a
// command; unknown extra fields are tolerated (dropped), a record that does not fit is refused.
import * as z from 'zod/mini';
import { KNOWN_TASK_STATUSES, UNRECOGNIZED_STATUS } from '../api/schemas/schemas';
import { JOB_KIND_IDS, type JobKind as AnyJobKind } from '../kinds';

export const JobKindSchema = z.enum(JOB_KIND_IDS);
/** A job's kind: one of src/kinds.ts, an operation on a workspace file included. */
export type JobKind = AnyJobKind;

/**
 * `waiting` = held in the local queue (no server task yet); `fate-unknown` = a create was sent but
 * whether it arrived is unknown and nothing in the server's list could be matched to it (never
 * re-sent without the person's say-so); the rest are the server's statuses (`unrecognized` = a
 * status this extension does not know, kept in `rawStatus` and followed like a running one).
 */
export const JobStatusSchema = z.enum(['waiting', 'fate-unknown', ...KNOWN_TASK_STATUSES, UNRECOGNIZED_STATUS]);
export type LocalStatus = z.infer<typeof JobStatusSchema>;

/** Who asked for the job: the Generate panel, a command, a compare group or a storyboard shot. */
export const JobOriginSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel') }),
  z.object({ type: z.literal('command') }),
  z.object({ type: z.literal('compare'), group: z.string() }),
  z.object({ type: z.literal('storyboard'), file: z.string(), shot: z.union([z.string(), z.number()]) }),
]);
export type JobOrigin = z.infer<typeof JobOriginSchema>;
/** Records from before origins were kept, and callers that say nothing. */
export const DEFAULT_ORIGIN: JobOrigin = { type: 'command' };

const seconds = z.number();

/**
 * A result of an answered (billed) image or audio request that is not saved yet: its pre-signed
 * URL, or its base64, kept until `expiresAt` so "Try again" saves it without sending anything.
 * `index` is its place among the request's `count` results (names and sidecars say `-<index+1>`).
 */
export const PendingResultSchema = z.object({
  index: z.number(),
  count: z.number(),
  url: z.optional(z.string()),
  b64: z.optional(z.string()),
  /** A text result (a transcript, its subtitles), written as is. */
  text: z.optional(z.string()),
  expiresAt: seconds,
});
export type PendingResult = z.output<typeof PendingResultSchema>;

export const JobRecordSchema = z.object({
  /** Stable local id (uuid); equals nothing on the server. */
  localId: z.string().check(z.minLength(1)),
  kind: z._default(JobKindSchema, 'video'),
  origin: z._default(JobOriginSchema, () => ({ ...DEFAULT_ORIGIN })),
  /** Server task id once created (video); the X-Request-ID for the synchronous kinds. */
  taskId: z.optional(z.string().check(z.minLength(1))),

  // The request. Video keeps its documented fields here; kind-specific keys (n, voice, speed, …)
  // and the provider's free extras live in `extra`; speech keeps its `input` text in `prompt`.
  model: z.string(),
  prompt: z.string(),
  mode: z._default(z.string(), 'text'),
  duration_seconds: z._default(z.number(), 0),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  /** Extra keys passed through to the provider (seed, sound, …). */
  extra: z._default(z.record(z.string(), z.unknown()), () => ({})),
  /** Where the input images came from: workspace paths or https URLs (never the bytes); only ever set locally. */
  inputImageSources: z._default(z.array(z.string()), () => []),
  /**
   * The workspace file an operation (transcribe, isolate, change a voice) worked on: its path, its
   * workspace-relative path and its sha256, by which "Run again" finds it after a rename in its folder.
   */
  source: z.optional(z.object({ path: z.string(), relative: z.string(), sha256: z.optional(z.string()), bytes: z.optional(z.number()), durationSeconds: z.optional(z.number()) })),
  /** The server's `input_image_url` of an imported task (https only): a remote URL, never read as a local path. */
  serverInputImageUrl: z.optional(z.string()),

  status: JobStatusSchema,
  /** The server's status text when `status` is `unrecognized`. */
  rawStatus: z.optional(z.string()),
  progress: z._default(z.number(), 0),
  error: z.optional(z.string()),
  /** X-Request-ID of the failing call, shown with errors. */
  requestId: z.optional(z.string()),
  /** On a `failed` record: the server provably refused the create, so sending again is safe. */
  retryable: z.optional(z.boolean()),
  /** Why a `waiting` record waits (slot limit, rate limit); cleared once it leaves the queue. */
  waitReason: z.optional(z.string()),

  // Cost in cents: the task's own figure (or an estimate before it has one), and what the server
  // billed according to the create answer's X-Cost-Cents header.
  costCents: z.optional(z.number()),
  settledCostCents: z.optional(z.number()),

  // Files: `savedPath` is the (first) saved file, what the views open; `files` lists every saved
  // file of a job that made several (images), in order, starting with `savedPath`.
  resultUrl: z.optional(z.string()),
  /** Absolute path of the saved result, once downloaded. */
  savedPath: z.optional(z.string()),
  files: z.optional(z.array(z.string())),
  /** `expired` when the result URL stopped working before it could be saved. */
  downloadError: z.optional(z.string()),

  // Timestamps, unix seconds.
  created: seconds,
  /** When the create POST left (matches a lost create in the server's list). */
  sentAt: z.optional(seconds),
  completedAt: z.optional(seconds),
  expiresAt: z.optional(seconds),
  /** When the current wait began. */
  waitingSince: z.optional(seconds),

  // The tracker's own bookkeeping (not part of the public record, see toPublic).
  /** Built from the server's list, not submitted from this machine: never auto-downloaded. */
  imported: z.optional(z.boolean()),
  /** The create POST was under way: after a restart its fate is looked up, never re-sent blindly. */
  sending: z.optional(z.boolean()),
  /** Image/audio results answered (billed) but not saved yet: what "Try again" saves (see jobs/sync/save.ts). */
  pendingResults: z.optional(z.array(PendingResultSchema)),
});

/** The record as the tracker keeps and persists it. */
export type TrackedJobRecord = z.output<typeof JobRecordSchema>;
/** The tracker's bookkeeping fields, left out of the public record. */
export type JobBookkeeping = 'imported' | 'sending' | 'pendingResults';
/** The record the rest of the extension sees. */
export type JobRecord = Omit<TrackedJobRecord, JobBookkeeping>;

export type ParsedJob = { ok: true; record: TrackedJobRecord } | { ok: false; problem: string };

/** Reads one stored record (migrating old ones); `problem` says where it does not fit. */
export function parseJobRecord(value: unknown): ParsedJob {
  const parsed = JobRecordSchema.safeParse(value);
  if (parsed.success) {
    const record = stripUndefined(parsed.data);
    // `files` starts with the saved file; an entry without savedPath takes the first file.
    if (record.files?.length && record.savedPath === undefined) record.savedPath = record.files[0];
    return { ok: true, record };
  }
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.map(String).join('.') : 'record';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** Optional fields come back as absent, not as explicit undefined (keeps records comparable). */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
