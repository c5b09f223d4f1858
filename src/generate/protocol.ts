// The messages between the Generate panel's host (extension) and its app (webview): one
// discriminated union per direction, the types shared by both sides. Browser-safe: zod and the API
// schemas only. The host parses everything the webview sends (untrusted input). The app imports only
// the types (`import type`) and the zod-free constants, so zod stays out of the webview bundle; what
// the host sends is typed at compile time.
import * as z from 'zod/mini';
import { CreateVideoRequestSchema, ModelSchema, VideoModeSchema, looseObject, type Model } from '../api/schemas/schemas';
import { JOB_KIND_IDS, KIND_IDS, SYNC_KIND_IDS } from '../kinds';
import { IMAGE_TOKEN_PATTERN, MAX_IMAGES, MAX_SOURCE_CHARS, MAX_WEBVIEW_MESSAGE_BYTES, RECENT_PROMPTS_MAX, TASK_ACTIONS, type PanelKind } from './protocolConstants';
import { PANEL_KIND_IDS, REMEMBERED_KIND_IDS, SUBTITLE_LANG_PATTERN } from './protocolConstants';
import { DroppedUrisSchema, GenerateOperationSchema, OPERATION_APP_MESSAGES, OPERATION_HOST_MESSAGES, OperationPrefillSchema } from './protocolOperations';
import { PROMPT_APP_MESSAGES, type PromptHostMessage } from './protocolPrompt';

export * from './protocolConstants';
export * from './protocolOperations';
export * from './protocolPrompt';
export * from './protocolState';

/** A token the host issued for a local image (the webview never names a path). */
export const ImageTokenSchema = z.string().check(z.regex(IMAGE_TOKEN_PATTERN));
/** A remote image the server fetches itself. */
export const HttpsUrlSchema = z.string().check(z.maxLength(MAX_SOURCE_CHARS), z.regex(/^https:\/\/[^\s/?#]+[^\s]*$/i));
/** How an image travels between app and host: a host-issued token or an https URL — never a path or bytes. */
const ImageSourceSchema = z.union([ImageTokenSchema, HttpsUrlSchema]);

/** Input images travel as sources in `images`, never as request fields. */
const noInputImages = z.refine<object>((r) => !Object.prototype.hasOwnProperty.call(r, 'input_images'), {
  message: 'input_images travel as sources in `images`, not as request fields',
});

/** Fields of the create request the video form produces. */
export const GenerateFieldsSchema = z.omit(CreateVideoRequestSchema, { input_images: true }).check(noInputImages);
export type GenerateFields = z.infer<typeof GenerateFieldsSchema>;

/** A tab: the kinds, then the operations with a form. KindSchema: the kinds alone (settings, recent prompts). */
export const PanelKindSchema = z.enum(PANEL_KIND_IDS);
export const KindSchema = z.enum(KIND_IDS);
export const MediaKindSchema = z.enum(SYNC_KIND_IDS);

/** The request of an image/audio form: loose (each kind has its own fields and free extras; the host validates it again against the model's caps). */
export const MediaRequestSchema = looseObject({}).check(noInputImages);
export type MediaRequest = z.infer<typeof MediaRequestSchema>;

// ---------------------------------------------------------------- app → host
const LocalIdSchema = z.string().check(z.minLength(1), z.maxLength(200));
const ModelIdSchema = z.string().check(z.minLength(1), z.maxLength(200));
/** Which of a job's saved files (its order in `files`); absent = the job's (first) saved file. */
const FileIndexSchema = z.int().check(z.gte(0), z.lte(10_000));
const ImagesSchema = z.array(ImageSourceSchema).check(z.maxLength(MAX_IMAGES));

/** Generate, per kind: the video form's create fields, an image/audio form's loose request, an operation's choices and file token. */
const GenerateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ type: z.literal('generate'), kind: z.literal('video'), request: GenerateFieldsSchema, images: ImagesSchema }),
  z
    .strictObject({ type: z.literal('generate'), kind: MediaKindSchema, request: MediaRequestSchema, images: ImagesSchema })
    .check(z.refine((m) => m.kind === 'image' || m.images.length === 0, { message: 'only images take input images', path: ['images'] })),
  GenerateOperationSchema,
]);

export const AppMessageSchema = z.discriminatedUnion('type', [
  /** The app has loaded and listens: the host flushes what it queued. */
  z.strictObject({ type: z.literal('ready') }),
  /** The kind's model list (video has its own; the image/audio kinds share one). */
  z.strictObject({ type: z.literal('requestModels'), kind: PanelKindSchema, refresh: z.boolean() }),
  z.strictObject({ type: z.literal('pickImages'), multi: z.boolean() }),
  /** `text/uri-list` entries dropped from the Explorer (file:// or vscode-remote:// URIs). */
  z.strictObject({ type: z.literal('dropImages'), uris: DroppedUrisSchema }),
  ...OPERATION_APP_MESSAGES,
  ...PROMPT_APP_MESSAGES,
  GenerateSchema,
  // File actions name the task (and a file by its index), never a path: the host only opens what it saved itself.
  z.strictObject({ type: z.enum(['openFile', 'revealFile', 'openExternal', 'copyPath']), localId: LocalIdSchema, index: z.optional(FileIndexSchema) }),
  /** "Animate this image": the host resolves the saved image through the record and prefills the video form. */
  z.strictObject({ type: z.literal('animateImage'), localId: LocalIdSchema, index: FileIndexSchema }),
  z.strictObject({ type: z.literal('generateAgain'), localId: LocalIdSchema }),
  /** "Make default": the kind's default-model setting (airforce.defaultVideoModel, airforce.defaultImageModel, …). */
  z.strictObject({ type: z.literal('setDefaultModel'), kind: KindSchema, model: ModelIdSchema }),
  /** The model last chosen in an image/audio or operation form (global state, not a setting; video's stays in its form). */
  z.strictObject({ type: z.literal('rememberModel'), kind: z.enum(REMEMBERED_KIND_IDS), model: ModelIdSchema }),
  /** A task view button (fate unknown, retryable failure): the host runs the matching command. */
  z.strictObject({ type: z.literal('taskAction'), action: z.enum(TASK_ACTIONS), id: LocalIdSchema }),
  /** The person switched kinds (remembered for the next time the panel opens). */
  z.strictObject({ type: z.literal('setKind'), kind: PanelKindSchema }),
  z.strictObject({ type: z.literal('requestVoices'), model: ModelIdSchema }),
  z.strictObject({ type: z.literal('previewVoice'), voiceId: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.strictObject({ type: z.literal('clearRecentPrompts'), kind: KindSchema }),
  /** "Raise budget" next to a budget problem: opens the airforce.budgetCents setting. */
  z.strictObject({ type: z.literal('openBudgetSetting') }),
]);
export type AppMessage = z.infer<typeof AppMessageSchema>;

/** On failure, `type` (when it was a string) and `at` (the first problem's path) let the host answer visibly. */
export type ParsedAppMessage = { ok: true; message: AppMessage } | { ok: false; reason: string; type?: string; at?: string };

/**
 * Parses one message from the webview: size first (so a huge payload is never walked), then shape.
 * The reason names the problem without echoing the content.
 */
export function parseAppMessage(raw: unknown): ParsedAppMessage {
  let size: number;
  try {
    size = new TextEncoder().encode(JSON.stringify(raw) ?? '').length;
  } catch {
    return { ok: false, reason: 'not serializable' };
  }
  if (size > MAX_WEBVIEW_MESSAGE_BYTES) return { ok: false, reason: `too large (${size} bytes)` };
  const parsed = AppMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? String((raw as { type: string }).type).slice(0, 40) : undefined;
    const issue = parsed.error.issues[0];
    const at = issue ? issue.path.join('.') || '(root)' : undefined;
    return {
      ok: false,
      reason: `invalid '${type ?? '?'}' message${issue ? ` at ${at}: ${issue.code}` : ''}`,
      ...(type !== undefined ? { type } : {}),
      ...(at !== undefined ? { at } : {}),
    };
  }
  return { ok: true, message: parsed.data };
}

// ---------------------------------------------------------------- host → app
/**
 * An input image as the form shows it: `source` is the token (local file) or the URL; `label` the
 * file name. `thumb` is a small data: URL (files, built from bytes checked to be an image) or the URL.
 */
export const ImageItemSchema = z.strictObject({ source: ImageSourceSchema, label: z.string().check(z.maxLength(500)), thumb: z.optional(z.string()) });
export type ImageItem = z.infer<typeof ImageItemSchema>;

/** Values to put in the form (from a command's arguments or "Generate again"). */
export const PrefillSchema = z.strictObject({
  model: z.optional(z.string()),
  mode: z.optional(VideoModeSchema),
  prompt: z.optional(z.string()),
  duration_seconds: z.optional(z.number()),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  extra: z.optional(z.record(z.string(), z.unknown())),
});
export type Prefill = z.infer<typeof PrefillSchema>;

/** Values for an image/audio form (from "Generate again" or a command); every field optional. */
export const MediaPrefillSchema = z.strictObject({
  model: z.optional(z.string()),
  prompt: z.optional(z.string()),
  input: z.optional(z.string()),
  n: z.optional(z.number()),
  aspect_ratio: z.optional(z.string()),
  seed: z.optional(z.number()),
  voice: z.optional(z.string()),
  speed: z.optional(z.number()),
  response_format: z.optional(z.string()),
  music_length_ms: z.optional(z.number()),
  duration_seconds: z.optional(z.number()),
  prompt_influence: z.optional(z.number()),
  extra: z.optional(z.record(z.string(), z.unknown())),
});
export type MediaPrefill = z.infer<typeof MediaPrefillSchema>;

/** A voice of a speech model as the form lists it; the preview plays from the host's cache folder. */
export const VoiceItemSchema = z.strictObject({
  voice_id: z.string(),
  name: z.string(),
  language: z.optional(z.string()),
  gender: z.optional(z.string()),
  accent: z.optional(z.string()),
  hasPreview: z.boolean(),
});
export type VoiceItem = z.infer<typeof VoiceItemSchema>;

/** One saved file of a job, as the task view shows it (thumbnail, player). */
export const TaskFileSchema = z.strictObject({
  /** asWebviewUri with a cache-busting query. */
  uri: z.string(),
  /** The file's base name. */
  name: z.string(),
  media: z.enum(['image', 'audio', 'video', 'text']),
  /** A text result (a transcript): its first lines, read by the host (the page cannot read files). */
  excerpt: z.optional(z.string().check(z.maxLength(4000))),
});
export type TaskFile = z.infer<typeof TaskFileSchema>;

/** The kinds one model list serves: the video list `['video']`, the image/audio list the others. */
const KindsSchema = z.array(PanelKindSchema).check(z.minLength(1));

const ModelListFields = { kinds: KindsSchema, models: z.array(ModelSchema), defaults: z.partialRecord(PanelKindSchema, z.string()) };
/** The video list holds only models with video_caps (what the video form is built from). */
const videoHasCaps = z.refine<{ kinds: PanelKind[]; models: Model[] }>((l) => !l.kinds.includes('video') || l.models.every((m) => !!m.video_caps), {
  message: 'video models have video_caps',
  path: ['models'],
});
/** A model list and the model each of its kinds starts from (the last used, else the setting). */
export const ModelListSchema = z.strictObject(ModelListFields).check(videoHasCaps);
export type ModelList = z.infer<typeof ModelListSchema>;

const RecentPromptsSchema = z.array(z.string()).check(z.maxLength(RECENT_PROMPTS_MAX));

export const ProblemSchema = z.strictObject({
  field: z.string(),
  message: z.string(),
  allowed: z.optional(z.array(z.union([z.string(), z.number()]))),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const LocalStatusSchema = z.enum(['waiting', 'queued', 'processing', 'completed', 'failed', 'expired', 'fate-unknown', 'unrecognized']);

/** What the task view shows; the host derives it from the tracker's JobRecord. */
export const JobViewSchema = z.strictObject({
  localId: z.string(),
  taskId: z.optional(z.string()),
  status: LocalStatusSchema,
  progress: z.number().check(z.gte(0), z.lte(100)),
  model: z.string(),
  prompt: z.string(),
  costCents: z.optional(z.number()),
  /** Epoch ms the elapsed timer counts from. */
  startedAt: z.number(),
  /** Epoch ms the timer stops at (terminal tasks). */
  endedAt: z.optional(z.number()),
  /** Failed: why. Running: a problem (e.g. status reads failing) shown as a warning while following goes on. */
  error: z.optional(z.string()),
  requestId: z.optional(z.string()),
  /** `unrecognized`: the status value the server sent. */
  rawStatus: z.optional(z.string()),
  /** `waiting`: why (the 4-task limit, a rate limit until …). */
  waitReason: z.optional(z.string()),
  /** `waiting`: epoch ms the current wait began. */
  waitingSince: z.optional(z.number()),
  /** `failed`: the server provably refused the create, so sending again is safe ("Try again"). */
  retryable: z.optional(z.boolean()),
  /** The result could not be saved (e.g. its URL expired). */
  downloadError: z.optional(z.string()),
  /** asWebviewUri of the saved MP4, and of its `<stem>.vtt` beside it (its `<track>`; `lang` from its header), with cache-busting queries. */
  videoUri: z.optional(z.string()),
  subtitles: z.optional(z.strictObject({ uri: z.string(), lang: z.optional(z.string().check(z.regex(SUBTITLE_LANG_PATTERN))) })),
  savedPath: z.optional(z.string()),
  /** Absent = video; an operation's too (transcribe, voiceChange, …). */
  kind: z.optional(z.enum(JOB_KIND_IDS)),
  /** Image/audio jobs: every saved file, in the job's order (shown instead of the video player). */
  files: z.optional(z.array(TaskFileSchema)),
});
export type JobView = z.infer<typeof JobViewSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    /** The model lists loaded so far, as `models` carries them; a `models` or `modelsError` follows for the others. */
    lists: z.array(ModelListSchema),
    /** Per kind: the default-model setting itself (airforce.defaultVideoModel, …), for "Default model". */
    settings: z.partialRecord(PanelKindSchema, z.string()),
    confirmCostAboveCents: z.number(),
    /** The image tokens this host knows: after a reload of VS Code, older ones in the form are void. */
    imageTokens: z.array(z.string()),
    /** The kind to show: the one a command asked for, else the last used, else 'video'. */
    kind: PanelKindSchema,
    /** airforce.defaultVoice: the speech form's voice when the model offers it (absent: the first voice). */
    defaultVoice: z.optional(z.string()),
    recentPrompts: z.partialRecord(KindSchema, RecentPromptsSchema),
    /** The media tokens this host knows: after a reload of VS Code, older ones in the operation forms are void. */
    mediaTokens: z.optional(z.array(z.string())),
  }),
  z.strictObject({ type: z.literal('models'), ...ModelListFields }).check(videoHasCaps),
  z.strictObject({ type: z.literal('modelsError'), kinds: KindsSchema, message: z.string() }),
  /** `kind` switches the form first; `media` fills an image/audio form; `images` are its input images (kind 'image'). */
  z.strictObject({
    type: z.literal('prefill'),
    values: PrefillSchema,
    images: z.array(ImageItemSchema),
    kind: z.optional(PanelKindSchema),
    media: z.optional(MediaPrefillSchema),
    operation: z.optional(OperationPrefillSchema),
  }),
  z.strictObject({
    type: z.literal('imagesAdded'),
    images: z.array(ImageItemSchema),
    /** Files that were not accepted, with a reason to show. */
    rejected: z.array(z.strictObject({ source: z.string(), reason: z.string() })),
  }),
  /**
   * `reveal`: switch the app to this task (after a submit, or showTask); updates leave the view alone.
   * `play`: its audio result just arrived for a Generate the person pressed (or Speak Selection): play
   * it now, once (never set on a replay after a reload).
   */
  z.strictObject({ type: z.literal('task'), task: JobViewSchema, reveal: z.boolean(), play: z.optional(z.literal(true)) }),
  ...OPERATION_HOST_MESSAGES,
  z.strictObject({ type: z.literal('validation'), problems: z.array(ProblemSchema) }),
  z.strictObject({ type: z.literal('busy'), busy: z.boolean() }),
  /** The kind's default-model setting changed ("Make default"). */
  z.strictObject({ type: z.literal('defaultModel'), kind: KindSchema, model: z.string() }),
  /** Switch the app to this kind (a command opened the panel on it). */
  z.strictObject({ type: z.literal('kind'), kind: PanelKindSchema }),
  z.strictObject({ type: z.literal('voices'), model: z.string(), voices: z.array(VoiceItemSchema) }),
  z.strictObject({ type: z.literal('voicesError'), model: z.string(), message: z.string() }),
  /** A webview URI of the preview file the host downloaded (without the key) into its cache folder. */
  z.strictObject({ type: z.literal('voicePreview'), voiceId: z.string(), uri: z.string() }),
  z.strictObject({ type: z.literal('voicePreviewError'), voiceId: z.string(), message: z.string() }),
  /** Newest first, at most RECENT_PROMPTS_MAX. */
  z.strictObject({ type: z.literal('recentPrompts'), kind: KindSchema, prompts: RecentPromptsSchema }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema> | PromptHostMessage;
