// What the comparison grid's webview may send, parsed with zod before the host acts on it (the
// webview is untrusted input): strict objects, bounded sizes, images only as host-issued tokens or
// https URLs, files only as a job's local id (and an index). Unknown or oversized messages are dropped.
import * as z from 'zod/mini';
import { COMPARE_KINDS, MAX_MODELS, MAX_PROMPT_CHARS } from './fields';
import { IMAGE_TOKEN_PATTERN, MAX_SOURCE_CHARS } from '../generate/protocolConstants';
import { MAX_COMPARE_MESSAGE_BYTES } from './constants';
import { PROMPT_APP_MESSAGES } from '../generate/protocolPrompt';

export * from './constants';

const IdSchema = z.string().check(z.minLength(1), z.maxLength(200));
const ImageRefSchema = z.union([z.string().check(z.regex(IMAGE_TOKEN_PATTERN)), z.string().check(z.maxLength(MAX_SOURCE_CHARS), z.regex(/^https:\/\/[^\s/?#]+[^\s]*$/i))]);

/** The form: 1–4 models while it is being filled in (the host refuses fewer than 2 on Compare). */
export const CompareFormSchema = z.strictObject({
  kind: z.enum(COMPARE_KINDS),
  models: z.array(IdSchema).check(z.maxLength(MAX_MODELS)),
  prompt: z.string().check(z.maxLength(MAX_PROMPT_CHARS)),
  duration_seconds: z.optional(z.int().check(z.gte(0), z.lte(3600))),
  aspect_ratio: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
  n: z.optional(z.int().check(z.gte(1), z.lte(100))),
  image: z.optional(ImageRefSchema),
});

const FileIndexSchema = z.int().check(z.gte(0), z.lte(10_000));

export const CompareAppMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('requestModels'), refresh: z.boolean() }),
  z.strictObject({ type: z.literal('pickImage') }),
  /** Price and validity of the form as it stands (nothing is sent). */
  z.strictObject({ type: z.literal('check'), seq: z.int().check(z.gte(0)), form: CompareFormSchema }),
  z.strictObject({ type: z.literal('compare'), form: CompareFormSchema }),
  z.strictObject({ type: z.literal('openFile'), localId: IdSchema, index: z.optional(FileIndexSchema) }),
  z.strictObject({ type: z.literal('revealFile'), localId: IdSchema, index: z.optional(FileIndexSchema) }),
  /** Starts this model's job of the shown comparison again (failed cards only; the host checks). */
  z.strictObject({ type: z.literal('retry'), model: IdSchema }),
  z.strictObject({ type: z.literal('keep'), localId: IdSchema }),
  /** The form, pre-filled with the shown comparison. */
  z.strictObject({ type: z.literal('compareAgain') }),
  /** Improve prompt on the form's prompt (for its first model), and its Cancel: as in the Generate panel. */
  ...PROMPT_APP_MESSAGES,
]);
export type CompareAppMessage = z.infer<typeof CompareAppMessageSchema>;

export type ParsedCompareMessage = { ok: true; message: CompareAppMessage } | { ok: false; reason: string };

export function parseCompareMessage(raw: unknown): ParsedCompareMessage {
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return { ok: false, reason: 'not serializable' };
  }
  if (size > MAX_COMPARE_MESSAGE_BYTES) return { ok: false, reason: `too large (${size} bytes)` };
  const parsed = CompareAppMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? issue.path.map(String).join('.') : 'message';
  return { ok: false, reason: `${at}: ${issue?.message ?? 'invalid'}` };
}

/** The app's saved state names the comparison it showed; the serializer hands it back after a reload. */
const PersistedSchema = z.looseObject({ groupId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))) });

export function groupIdFromState(state: unknown): string | undefined {
  const parsed = PersistedSchema.safeParse(state);
  return parsed.success ? parsed.data.groupId : undefined;
}
