// Saving finished results for the tracker: one download per record at a time, on request or
// automatically once a task completes. This is the one place with the stale-URL policy (the io layer
// never refreshes): a task known to be expired (status, or past its expires_at) is reported expired
// without a request; otherwise at most ONE status read per attempt for a fresh URL — first, when the
// URL may be missing or stale, or after the first refusal — then one more GET, and a URL still
// refused after that is a clear error, not another round. Needs no follower: any kind with a result
// URL can use it.
import type { Logger } from '../util/logger';
import { errorStatus, errorText, type TaskApi } from './taskApi';
import { applyServerTask, isTerminalLocal, noteSaved, toPublic, type TrackedJobRecord } from './records';
import type { JobRecord } from './types';
import { linkAbort } from '../util/abort';

const NOT_AVAILABLE = 'Downloading is not available.';
const NOT_CREATED = 'The task has not been created on the server yet.';
const EXPIRED = 'The result has expired: Airforce keeps videos for 24 hours.';

const keepsRefused = (err: unknown): string => {
  const status = errorStatus(err);
  return `The result URL keeps being refused${status ? ` (HTTP ${status})` : ''}, even after reading the task again for a fresh one. Try Download again later.`;
};

export interface DownloadHost {
  api: TaskApi;
  /** Saves the result; without it, downloading is not available. */
  download?: (record: JobRecord, signal: AbortSignal) => Promise<string>;
  /** Whether finished results are saved without being asked (default: true). */
  autoDownload?: () => boolean;
  /** Aborts every download when the tracker is disposed (nothing starts after). */
  lifetime: AbortSignal;
  logger: Logger;
  nowSec(): number;
  /** The record is still the one the tracker holds (not deleted or replaced). */
  isCurrent(record: TrackedJobRecord): boolean;
  changed(record: TrackedJobRecord): void;
  /** The re-read found the task terminal: free its slot, stop following. */
  becameTerminal(record: TrackedJobRecord): void;
}

export class Downloads {
  private readonly running = new Map<string, { promise: Promise<string>; controller: AbortController }>();

  constructor(private readonly host: DownloadHost) {}

  abort(localId: string, reason: Error): void {
    this.running.get(localId)?.controller.abort(reason);
  }

  /** Downloads now, re-reading the task first when its URL may be missing or stale (that read is then the one refresh). */
  now(record: TrackedJobRecord): Promise<string> {
    if (!this.host.download) return Promise.reject(new Error(NOT_AVAILABLE));
    if (!record.taskId) return Promise.reject(new Error(NOT_CREATED));
    const refresh = !record.resultUrl || record.downloadError !== undefined || record.status !== 'completed';
    return this.run(record, refresh);
  }

  /** A completed result of this machine's own, not saved and not failed before: saved when automatic downloads are on. */
  auto(record: TrackedJobRecord): void {
    const { host } = this;
    if (!host.download || host.lifetime.aborted) return;
    if (!(host.autoDownload?.() ?? true)) return;
    if (record.kind !== 'video' || record.status !== 'completed' || record.savedPath || record.downloadError !== undefined || record.imported) return;
    if (!record.taskId || this.running.has(record.localId)) return;
    this.run(record, !record.resultUrl).catch((err: unknown) => {
      host.logger.warn(`task ${record.taskId}: automatic download failed: ${errorText(err)}`);
    });
  }

  private run(record: TrackedJobRecord, refreshFirst: boolean): Promise<string> {
    const running = this.running.get(record.localId);
    if (running) return running.promise;
    const { host } = this;
    const controller = new AbortController();
    const unlink = linkAbort(host.lifetime, controller);
    const { signal } = controller;
    const save = (): Promise<string> => (host.download ? host.download(toPublic(record), signal) : Promise.reject(new Error(NOT_AVAILABLE)));

    const attempt = async (): Promise<string> => {
      if (this.isExpired(record)) throw new Error(EXPIRED);
      let reread = refreshFirst;
      if (reread) await this.reread(record, signal);
      for (;;) {
        try {
          return await save();
        } catch (err) {
          if (signal.aborted || !looksLikeStaleUrl(err)) throw err;
          // The one refresh is spent: stop here rather than read and GET again.
          if (reread) throw new Error(keepsRefused(err), { cause: err });
          reread = true;
          await this.reread(record, signal);
          if (this.isPastExpiry(record)) throw new Error(EXPIRED, { cause: err });
        }
      }
    };
    const promise = attempt()
      .then(
        (path) => {
          noteSaved(record, path);
          host.changed(record);
          return path;
        },
        (err: unknown) => {
          if (!signal.aborted && host.isCurrent(record)) {
            const expired = this.isExpired(record);
            if (expired && !record.savedPath) record.status = 'expired';
            record.downloadError = expired ? 'expired' : errorText(err);
            host.changed(record);
          }
          throw err;
        },
      )
      .finally(() => {
        unlink();
        if (this.running.get(record.localId)?.promise === promise) this.running.delete(record.localId);
      });
    this.running.set(record.localId, { promise, controller });
    return promise;
  }

  private async reread(record: TrackedJobRecord, signal: AbortSignal): Promise<void> {
    if (!record.taskId) throw new Error(NOT_CREATED);
    const task = await this.host.api.getTask(record.taskId, { signal });
    const wasTerminal = isTerminalLocal(record.status);
    applyServerTask(record, task, this.host.nowSec());
    this.host.changed(record);
    if (!wasTerminal && isTerminalLocal(record.status)) this.host.becameTerminal(record);
    if (task.status === 'expired') throw new Error(EXPIRED);
    if (task.status !== 'completed' || !record.resultUrl) {
      throw new Error(`The task is ${task.status}: there is no video to download yet.`);
    }
  }

  /** Known to be gone without asking: the server said expired, or its expires_at has passed. */
  private isExpired(record: TrackedJobRecord): boolean {
    return !record.savedPath && (record.status === 'expired' || this.isPastExpiry(record));
  }

  private isPastExpiry(record: TrackedJobRecord): boolean {
    return record.expiresAt !== undefined && this.host.nowSec() > record.expiresAt;
  }
}

/** 403/410 on a result URL, or an error that says it expired. */
function looksLikeStaleUrl(err: unknown): boolean {
  const status = errorStatus(err);
  if (status === 403 || status === 410) return true;
  return /expired|\b403\b|\b410\b/i.test(errorText(err));
}
