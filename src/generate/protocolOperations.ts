// The Generate panel's messages for the operations on a workspace file (Transcribe, Dub, Voice changer):
// their choices, the file as a host-issued token (never a path), and the file as the form shows it.
// Browser-safe zod, joined into the unions of protocol.ts; the app imports only the types.
import * as z from 'zod/mini';
import { MAX_IMAGES, MAX_SOURCE_CHARS, MEDIA_TOKEN_PATTERN, PANEL_OPERATION_IDS } from './protocolConstants';

export const PanelOperationSchema = z.enum(PANEL_OPERATION_IDS);
/** A token the host issued for a workspace audio or video file it checked. */
export const MediaTokenSchema = z.string().check(z.regex(MEDIA_TOKEN_PATTERN));
const ModelIdSchema = z.string().check(z.minLength(1), z.maxLength(200));
/** A language code as the API takes it (`ru`, `pt-BR`). */
const LanguageSchema = z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/));

/** `text/uri-list` entries dropped from the Explorer (file:// or vscode-remote:// URIs). */
export const DroppedUrisSchema = z.array(z.string().check(z.minLength(1), z.maxLength(MAX_SOURCE_CHARS))).check(z.maxLength(MAX_IMAGES * 4));

/**
 * An operation form's choices (the file travels as its token beside them): only these keys, each
 * checked here and again by the one submit (api/rules/validationMedia.ts).
 */
export const OperationRequestSchema = z.strictObject({
  model: ModelIdSchema,
  language: z.optional(LanguageSchema),
  voice: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Dub: the new track's language (required there: the one validator says so) and the source's. */
  target_lang: z.optional(LanguageSchema),
  source_lang: z.optional(LanguageSchema),
});
export type OperationRequest = z.infer<typeof OperationRequestSchema>;

/** The app → host messages of the operation forms (members of AppMessageSchema's union). */
export const OPERATION_APP_MESSAGES = [
  /** "Choose file…": the host shows an open dialog (audio and video files). */
  z.strictObject({ type: z.literal('pickMedia') }),
  /** A file dropped on the form: the host checks it lies in the workspace and answers with a token. */
  z.strictObject({ type: z.literal('dropMedia'), uris: DroppedUrisSchema }),
  /** Cancel under a large upload's progress: the host stops it if it is still sending (nothing billed). */
  z.strictObject({ type: z.literal('cancelUpload'), localId: z.string().check(z.minLength(1), z.maxLength(100)) }),
] as const;

/** Generate on an operation form (a member of the `generate` union, by kind). */
export const GenerateOperationSchema = z.strictObject({ type: z.literal('generate'), kind: PanelOperationSchema, request: OperationRequestSchema, file: MediaTokenSchema });

/**
 * A workspace audio or video file as an operation form shows it: the host's token, the base name,
 * its size and its duration (read from its header; absent when it could not be read: price unknown).
 */
export const MediaItemSchema = z.strictObject({
  token: MediaTokenSchema,
  label: z.string().check(z.maxLength(500)),
  bytes: z.number().check(z.gte(0)),
  durationSeconds: z.optional(z.number().check(z.gte(0))),
});
export type MediaItem = z.infer<typeof MediaItemSchema>;

/** Values for an operation form ("Generate again" on an operation's task). */
export const OperationPrefillSchema = z.strictObject({
  model: z.optional(z.string()),
  language: z.optional(z.string()),
  voice: z.optional(z.string()),
  target_lang: z.optional(z.string()),
  source_lang: z.optional(z.string()),
  file: z.optional(MediaItemSchema),
});
export type OperationPrefill = z.infer<typeof OperationPrefillSchema>;

/** The answer to pickMedia / dropMedia: the file checked and measured (or none), and why others were refused. */
export const MediaAddedSchema = z.strictObject({
  type: z.literal('mediaAdded'),
  file: z.optional(MediaItemSchema),
  rejected: z.array(z.strictObject({ source: z.string(), reason: z.string() })),
});

/** A large upload's progress (`sent` of `total` bytes) for the task the panel shows; `sent` = `total`: the last byte is out. */
export const UploadProgressSchema = z.strictObject({
  type: z.literal('uploadProgress'),
  localId: z.string(),
  sent: z.number().check(z.gte(0)),
  total: z.number().check(z.gte(0)),
});

/** The host → app messages of the operation forms (members of HostMessageSchema's union). */
export const OPERATION_HOST_MESSAGES = [MediaAddedSchema, UploadProgressSchema] as const;
