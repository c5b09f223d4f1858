// Persists the task history (and the not-yet-sent requests that are safe to keep) in the
// caller's key-value store. Writes are debounced lightly and flushed on dispose. Never stores
// image bytes or the key: records hold only image sources, and a request with b64 images is
// never written.
import * as z from 'zod/mini';
import { CreateVideoRequestSchema, type CreateVideoRequest } from '../api/schemas/schemas';
import { silentLogger, type Logger } from '../util/logger';
import { capHistory, DEFAULT_HISTORY_CAP } from './video/history';
import { parseJobRecord } from './job';
import { hasInlineImages, remoteImageUrl, type TrackedJobRecord } from './records';
import { realTimers, type TimerHandle, type Timers } from '../util/abort';
import type { KeyValueStore } from './types';

import { TASKS_KEY } from './storeKeys';

export { TASKS_KEY };
/**
 * Requests not yet accepted by the server (waiting, under way) or kept for "Send again" / "Try
 * again" (fate unknown, provably refused), keyed by localId; only those without inline image bytes.
 */
export const PENDING_KEY = 'airforce.tasks.pending';
/**
 * The shape of the stored records: absent = 1 (video tasks, before job records); 2 = job records
 * (`kind`, `origin`, files, settled cost). Older records are migrated as they are read.
 */
export const TASKS_VERSION_KEY = 'airforce.tasks.version';
export const TASKS_VERSION = 2;

export interface PendingRequest {
  localId: string;
  request: CreateVideoRequest;
}

const PendingSchema = z.object({ localId: z.string().check(z.minLength(1)), request: CreateVideoRequestSchema });

export interface Snapshot {
  records: Iterable<TrackedJobRecord>;
  pending: Iterable<PendingRequest>;
}

export interface JobStoreOptions {
  debounceMs?: number;
  cap?: number;
  timers?: Timers;
  logger?: Logger;
}

export class JobStore {
  private timer: TimerHandle | undefined;
  private disposed = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly timers: Timers;
  private readonly logger: Logger;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly snapshot: () => Snapshot,
    private readonly opts: JobStoreOptions = {},
  ) {
    this.timers = opts.timers ?? realTimers;
    this.logger = opts.logger ?? silentLogger;
  }

  /** Valid stored records, old ones migrated to job records; a malformed entry is dropped, not fatal. */
  loadRecords(): TrackedJobRecord[] {
    const raw = this.kv.get<unknown>(TASKS_KEY);
    if (!Array.isArray(raw)) return [];
    const version = this.kv.get<unknown>(TASKS_VERSION_KEY);
    if (typeof version === 'number' && version > TASKS_VERSION) {
      this.logger.warn(`stored task history has version ${version}, newer than this extension's ${TASKS_VERSION}: reading what fits`);
    }
    const out: TrackedJobRecord[] = [];
    raw.forEach((item, i) => {
      const parsed = parseJobRecord(item);
      if (parsed.ok) out.push(sanitize(parsed.record));
      // Where it broke, never its content (a prompt may be private).
      else this.logger.warn(`dropped an unreadable stored task record (entry ${i}, ${parsed.problem})`);
    });
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
    const keptPending = [...pending].filter((p) => !hasInlineImages(p.request)).map((p) => ({ localId: p.localId, request: p.request }));
    // Serialise the writes so an older snapshot never lands after a newer one.
    this.writing = this.writing
      .then(async () => {
        // Version and kept requests first, records last: a record that reads "sending" (or fate
        // unknown) is never on disk without the request that Send again needs.
        if (this.kv.get<unknown>(TASKS_VERSION_KEY) !== TASKS_VERSION) await this.kv.update(TASKS_VERSION_KEY, TASKS_VERSION);
        await this.kv.update(PENDING_KEY, JSON.parse(JSON.stringify(keptPending)));
        await this.kv.update(TASKS_KEY, JSON.parse(JSON.stringify(kept)));
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
function sanitize(record: TrackedJobRecord): TrackedJobRecord {
  if (!record.imported || record.inputImageSources.length === 0) return record;
  const url = record.serverInputImageUrl ?? record.inputImageSources.map(remoteImageUrl).find((u) => u !== undefined);
  const { serverInputImageUrl: _old, ...rest } = record;
  return { ...rest, inputImageSources: [], ...(url ? { serverInputImageUrl: url } : {}) };
}
