// What the extension remembers about a generation, locally. The server is the truth for status;
// the local record keeps what the server forgets: the full request, the image source, the saved file.
import type { TaskStatus } from '../api/schemas';

/**
 * `waiting` = held in the local queue (no server task yet); `fate-unknown` = a create was sent but
 * whether it arrived is unknown and nothing in the server's list could be matched to it (never
 * re-sent without the person's say-so); the rest are the server's statuses (`unrecognized` = a
 * status this extension does not know, kept in `rawStatus` and followed like a running one).
 */
export type LocalStatus = 'waiting' | 'fate-unknown' | TaskStatus;

export interface TaskRecord {
  /** Stable local id (uuid); equals nothing on the server. */
  localId: string;
  /** Server task id once created. */
  taskId?: string;
  model: string;
  prompt: string;
  mode: string;
  duration_seconds: number;
  aspect_ratio?: string;
  quality?: string;
  /** Extra keys passed through to the provider (seed, sound, …). */
  extra: Record<string, unknown>;
  /** Where the input images came from: workspace paths or https URLs (never the bytes); only ever set locally. */
  inputImageSources: string[];
  /** The server's `input_image_url` of an imported task (https only): a remote URL, never read as a local path. */
  serverInputImageUrl?: string;
  status: LocalStatus;
  /** The server's status text when `status` is `unrecognized`. */
  rawStatus?: string;
  progress: number;
  costCents?: number;
  /** Unix seconds. */
  created: number;
  expiresAt?: number;
  /** Unix seconds. */
  completedAt?: number;
  resultUrl?: string;
  error?: string;
  /** X-Request-ID of the failing call, shown with errors. */
  requestId?: string;
  /** Absolute path of the saved MP4, once downloaded. */
  savedPath?: string;
  /** `expired` when the result URL stopped working before it could be saved. */
  downloadError?: string;
  /** Unix seconds when the create POST left (matches a lost create in the server's list). */
  sentAt?: number;
  /** Why a `waiting` record waits (slot limit, rate limit); cleared once it leaves the queue. */
  waitReason?: string;
  /** Unix seconds when the current wait began. */
  waitingSince?: number;
  /** On a `failed` record: the server provably refused the create, so sending again is safe. */
  retryable?: boolean;
}

/** Persistence the caller provides (VS Code's globalState/workspaceState, or a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

// `Thenable` is a VS Code global type; declare a structural twin so this file stays vscode-free.
export interface Thenable<T> {
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2>;
}
