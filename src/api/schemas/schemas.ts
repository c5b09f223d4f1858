// The single source of the Api.Airforce types. Every response is parsed here; unknown fields pass
// through (loose objects) so a server that adds fields never breaks the extension.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships no messages; English ones make a schema break readable ("expected number, received string").
z.config(en());

// zod/mini keeps the bundle small (the classic API is not tree-shakable); loose objects keep unknown keys.
export const looseObject = z.looseObject;

export const VideoModeSchema = z.enum(['text', 'image', 'reference']);
export type VideoMode = z.infer<typeof VideoModeSchema>;

export const VideoCapsSchema = looseObject({
  aspect_ratios: z._default(z.array(z.string()), []),
  qualities: z._default(z.array(z.string()), []),
  // Numbers, not only integers: a catalog saying 2.5 s is rounded to whole seconds entry by entry
  // (models.ts), never a reason to refuse the whole list.
  min_duration_s: z.number().check(z.nonnegative()),
  max_duration_s: z.number().check(z.nonnegative()),
  modes: z._default(z.array(z.string()), ['text']),
  price_per_second_cents: z.number().check(z.nonnegative()),
});
export type VideoCaps = z.infer<typeof VideoCapsSchema>;

export const ImageCapsSchema = looseObject({
  max_n: z.optional(z.int()),
  aspect_ratios: z.optional(z.array(z.string())),
});
export type ImageCaps = z.infer<typeof ImageCapsSchema>;

export const ModelSchema = looseObject({
  id: z.string().check(z.minLength(1)),
  object: z.optional(z.string()),
  owned_by: z.optional(z.string()),
  status: z.optional(z.string()),
  media_type: z.optional(z.string()),
  input_modalities: z.optional(z.array(z.string())),
  output_modalities: z._default(z.array(z.string()), []),
  video_caps: z.nullish(VideoCapsSchema),
  image_caps: z.nullish(ImageCapsSchema),
  audio_caps: z.optional(z.unknown()),
  speech_caps: z.optional(z.unknown()),
  sfx_caps: z.optional(z.unknown()),
  price_per_generation_cents: z.nullish(z.number()),
  priceperthousandimages: z.nullish(z.number()),
});
export type Model = z.infer<typeof ModelSchema>;

export const ModelListSchema = looseObject({
  object: z.optional(z.string()),
  data: z.array(ModelSchema),
});
export type ModelList = z.infer<typeof ModelListSchema>;

/** The catalog envelope only: entries are parsed one by one (models.ts), so one odd entry is dropped alone. */
export const ModelListEnvelopeSchema = looseObject({ object: z.optional(z.string()), data: z.array(z.unknown()) });

export const InputImageSchema = z.union([z.strictObject({ url: z.url() }), z.strictObject({ b64_json: z.string().check(z.minLength(1)) })]);
export type InputImage = z.infer<typeof InputImageSchema>;

/** The create body. Extra keys (seed, sound, …) are passed to the provider untouched. */
export const CreateVideoRequestSchema = looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.string(),
  mode: z.optional(VideoModeSchema),
  duration_seconds: z.optional(z.int()),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  input_images: z.optional(z.array(InputImageSchema)),
});
export type CreateVideoRequest = z.infer<typeof CreateVideoRequestSchema>;

/**
 * Task ids become URL path segments (see ids.ts): a letter or digit, then up to 127 of letters,
 * digits and `_ . : -`. Never `.`/`..`, a slash or a `%`.
 */
export const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** The statuses the API documents. */
export const KNOWN_TASK_STATUSES = ['queued', 'processing', 'completed', 'failed', 'expired'] as const;
export type KnownTaskStatus = (typeof KNOWN_TASK_STATUSES)[number];
/** A status this extension does not know; the server's text is kept in `raw_status`. */
export const UNRECOGNIZED_STATUS = 'unrecognized';
export type TaskStatus = KnownTaskStatus | typeof UNRECOGNIZED_STATUS;
export const TaskStatusSchema = z.enum([...KNOWN_TASK_STATUSES, UNRECOGNIZED_STATUS]);
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'expired'];
/** An unrecognized status is not terminal: the task is followed until a known end shows up. */
export const isTerminal = (s: TaskStatus): boolean => TERMINAL_STATUSES.includes(s);
export const isKnownTaskStatus = (s: unknown): s is KnownTaskStatus => (KNOWN_TASK_STATUSES as readonly unknown[]).includes(s);

/**
 * `status` as the server sent it → a known status, or `unrecognized` with the text in `raw_status`.
 * A server that adds a status must not make a task (or the whole list) unreadable.
 */
function normalizeStatus<T extends { status: string }>(task: T): T & { status: TaskStatus; raw_status?: string } {
  // A raw_status of the server's own is dropped: the field is ours and set only when unrecognized.
  // (Not Omit<T, …>: over a loose object's index signature it would erase every known field.)
  const out: Record<string, unknown> = { ...task };
  delete out.raw_status;
  if (!isKnownTaskStatus(task.status)) {
    out.raw_status = task.status;
    out.status = UNRECOGNIZED_STATUS;
  }
  return out as T & { status: TaskStatus; raw_status?: string };
}

const videoTaskFields = {
  task_id: z.string().check(z.regex(TASK_ID_PATTERN, 'not a valid task id')),
  status: z.string(),
  progress: z.optional(z.number().check(z.gte(0), z.lte(100))),
  result_url: z.nullish(z.string()),
  error: z.nullish(z.string()),
  model: z.optional(z.string()),
  created: z.optional(z.number()),
  expires_at: z.optional(z.number()),
  duration_seconds: z.optional(z.number()),
  cost_cents: z.nullish(z.number()),
  prompt: z.optional(z.string()),
  mode: z.optional(z.string()),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  input_image_url: z.nullish(z.string()),
};

/** The task object as the server sends it (status not yet normalized). */
export const VideoTaskWireSchema = looseObject(videoTaskFields);

export const VideoTaskSchema = z.pipe(
  VideoTaskWireSchema,
  z.transform((t: z.output<typeof VideoTaskWireSchema>) => normalizeStatus(t)),
);
export type VideoTask = z.output<typeof VideoTaskSchema>;

export const TaskListSchema = looseObject({ data: z.array(VideoTaskSchema) });
export type TaskList = z.infer<typeof TaskListSchema>;

/** The list envelope only: entries are parsed one by one (parseTaskList), so one bad entry is dropped alone. */
export const TaskListEnvelopeSchema = looseObject({ data: z.array(z.unknown()) });

export interface ParsedTaskList {
  tasks: VideoTask[];
  /** One line per dropped entry: its index and the first problem. */
  dropped: string[];
}

/** Parses each list entry on its own; entries that do not parse are left out and described. */
export function parseTaskList(entries: readonly unknown[]): ParsedTaskList {
  const { items, dropped } = parseEntries(entries, VideoTaskSchema);
  return { tasks: items, dropped };
}

/**
 * Each entry of a list against `schema` on its own (one odd entry never costs the rest); entries that
 * do not parse, or that `usable` refuses, are left out with one line each: index, path, problem.
 */
export function parseEntries<S extends z.ZodMiniType>(
  entries: readonly unknown[],
  schema: S,
  usable: (item: z.output<S>) => string | undefined = () => undefined,
): { items: z.output<S>[]; dropped: string[] } {
  const items: z.output<S>[] = [];
  const dropped: string[] = [];
  entries.forEach((entry, i) => {
    const r = schema.safeParse(entry);
    const problem = r.success ? usable(r.data) : undefined;
    if (r.success && problem === undefined) items.push(r.data);
    else if (r.success) dropped.push(`data[${i}]: ${problem}`);
    else {
      const issue = r.error.issues[0];
      dropped.push(`data[${i}]${issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
    }
  });
  return { items, dropped };
}

export const DeleteResponseSchema = looseObject({ deleted: z.boolean() });
export type DeleteResponse = z.infer<typeof DeleteResponseSchema>;

/** Both error shapes the API sends: the envelope and the flat `{error, message}` form. */
export const ErrorEnvelopeSchema = z.union([
  looseObject({
    error: looseObject({
      message: z.optional(z.string()),
      type: z.nullish(z.string()),
      code: z.nullish(z.string()),
      param: z.nullish(z.string()),
      retry_after: z.nullish(z.number()),
    }),
    retry_after: z.nullish(z.number()),
  }),
  looseObject({
    error: z.string(),
    message: z.optional(z.string()),
    type: z.nullish(z.string()),
    code: z.nullish(z.string()),
    param: z.nullish(z.string()),
    retry_after: z.nullish(z.number()),
  }),
]);
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** One `data:` payload of the progress stream: same shape as the status endpoint, fields optional. */
// task_id is informational here (the stream is per task), so an odd one does not discard the event.
const StreamStateWireSchema = z.extend(z.partial(VideoTaskWireSchema), { task_id: z.optional(z.string()), status: z.string() });
export const StreamStateSchema = z.pipe(
  StreamStateWireSchema,
  z.transform((s: z.output<typeof StreamStateWireSchema>) => normalizeStatus(s)),
);
export type StreamState = z.output<typeof StreamStateSchema>;
