// Persists the task history (and the not-yet-sent requests that are safe to keep) in the
// caller's key-value store. Writes are debounced lightly and flushed on dispose. Never stores
// image bytes or the key: records hold only image sources, and a request with b64 images is
// never written.
import * as z from 'zod/mini';
import { CreateVideoRequestSchema, type CreateVideoRequest, looseObject } from '../api/schemas';
import { silentLogger, type Logger } from '../util/logger';
import { capHistory, DEFAULT_HISTORY_CAP } from './history';
import { hasInlineImages, remoteImageUrl, type TrackedRecord } from './records';
import { realTimers, type TimerHandle, type Timers } from '../util/abort';
import type { KeyValueStore } from './types';

export const TASKS_KEY = 'airforce.tasks';
/**
 * Requests not yet accepted by the server (waiting, under way) or kept for "Send again" / "Try
 * again" (fate unknown, provably refused), keyed by localId; only those without inline image bytes.
 */
export const PENDING_KEY = 'airforce.tasks.pending';

export interface PendingRequest {
  localId: string;
  request: CreateVideoRequest;
}

const StoredRecordSchema = looseObject({
  localId: z.string().check(z.minLength(1)),
  taskId: z.optional(z.string().check(z.minLength(1))),
  model: z.string(),
  prompt: z.string(),
  mode: z._default(z.string(), 'text'),
  duration_seconds: z._default(z.number(), 0),
  aspect_ratio: z.optional(z.string()),
  quality: z.optional(z.string()),
  extra: z._default(z.record(z.string(), z.unknown()), {}),
  inputImageSources: z._default(z.array(z.string()), []),
  serverInputImageUrl: z.optional(z.string()),
  status: z.enum(['waiting', 'fate-unknown', 'queued', 'processing', 'unrecognized', 'completed', 'failed', 'expired']),
  rawStatus: z.optional(z.string()),
  progress: z._default(z.number(), 0),
  costCents: z.optional(z.number()),
  created: z.number(),
  expiresAt: z.optional(z.number()),
  completedAt: z.optional(z.number()),
  resultUrl: z.optional(z.string()),
  error: z.optional(z.string()),
  requestId: z.optional(z.string()),
  savedPath: z.optional(z.string()),
  downloadError: z.optional(z.string()),
  sentAt: z.optional(z.number()),
  waitReason: z.optional(z.string()),
  waitingSince: z.optional(z.number()),
  retryable: z.optional(z.boolean()),
  imported: z.optional(z.boolean()),
  sending: z.optional(z.boolean()),
});

const PendingSchema = z.object({ localId: z.string().check(z.minLength(1)), request: CreateVideoRequestSchema });

export interface Snapshot {
  records: Iterable<TrackedRecord>;
  pending: Iterable<PendingRequest>;
}

export interface TaskStoreOptions {
  debounceMs?: number;
  cap?: number;
  timers?: Timers;
  logger?: Logger;
}

export class TaskStore {
  private timer: TimerHandle | undefined;
  private disposed = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly timers: Timers;
  private readonly logger: Logger;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly snapshot: () => Snapshot,
    private readonly opts: TaskStoreOptions = {},
  ) {
    this.timers = opts.timers ?? realTimers;
    this.logger = opts.logger ?? silentLogger;
  }

  /** Valid stored records; a malformed entry is dropped, not fatal. */
  loadRecords(): TrackedRecord[] {
    const raw = this.kv.get<unknown>(TASKS_KEY);
    if (!Array.isArray(raw)) return [];
    const out: TrackedRecord[] = [];
    for (const item of raw) {
      const parsed = StoredRecordSchema.safeParse(item);
      if (parsed.success) out.push(sanitize(stripUndefined(parsed.data)));
      else this.logger.warn('dropped an unreadable stored task record');
    }
    return out;
  }

  loadPending(): Map<string, CreateVideoRequest> {
    const raw = this.kv.get<unknown>(PENDING_KEY);
    const out = new Map<string, CreateVideoRequest>();
    if (!Array.isArray(raw)) return out;
    for (const item of raw) {
      const parsed = PendingSchema.safeParse(item);
      if (parsed.success && !hasInlineImages(parsed.data.request)) out.set(parsed.data.localId, parsed.data.request);
    }
    return out;
  }

  /** Schedules a write; after dispose it writes at once (late results must still be kept). */
  markDirty(): void {
    if (this.disposed) {
      void this.flush();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.opts.debounceMs ?? 50);
  }

  /** Writes the current snapshot now; resolves when the store has it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const { records, pending } = this.snapshot();
    const kept = capHistory(records, this.opts.cap ?? DEFAULT_HISTORY_CAP).map((r) => ({ ...r }));
    const keptPending = [...pending]
      .filter((p) => !hasInlineImages(p.request))
      .map((p) => ({ localId: p.localId, request: p.request }));
    // Serialise the writes so an older snapshot never lands after a newer one.
    this.writing = this.writing
      .then(async () => {
        await this.kv.update(TASKS_KEY, JSON.parse(JSON.stringify(kept)));
        await this.kv.update(PENDING_KEY, JSON.parse(JSON.stringify(keptPending)));
      })
      .catch((err: unknown) => {
        this.logger.error(`saving the task history failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    return this.writing;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return this.flush();
  }
}

/**
 * An imported record's image source came from the server (older versions stored it as a local
 * source): keep it only as a remote https URL, never as something later read as a local path.
 */
function sanitize(record: TrackedRecord): TrackedRecord {
  if (!record.imported || record.inputImageSources.length === 0) return record;
  const url = record.serverInputImageUrl ?? record.inputImageSources.map(remoteImageUrl).find((u) => u !== undefined);
  const { serverInputImageUrl: _old, ...rest } = record;
  return { ...rest, inputImageSources: [], ...(url ? { serverInputImageUrl: url } : {}) };
}

/** Optional fields come back as absent, not as explicit undefined (keeps records comparable). */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
