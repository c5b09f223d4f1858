// The one object the extension uses for video tasks: submits through the local queue, follows
// every running task (stream, then polling), keeps the history persisted and merged with the
// server's list, and downloads finished results. Pure logic: no vscode import.
import { randomUUID } from 'node:crypto';
import type { CreateVideoRequest, VideoTask } from '../api/schemas';
import { silentLogger, type Logger } from '../util/logger';
import type { IDisposable } from '../util/dispose';
import { Emitter, type Event } from './emitter';
import { followTask, type TaskUpdate } from './followTask';
import { capHistory, DEFAULT_HISTORY_CAP, mergeHistory, runningTaskIds, sortNewestFirst } from './history';
import { DEFAULT_MAX_IN_FLIGHT, SubmitQueue } from './queue';
import {
  applyExpiry,
  applyServerTask,
  isRunning,
  isTerminalLocal,
  recordFromRequest,
  type TrackedRecord,
} from './records';
import { errorRequestId, errorStatus, errorText, type TaskApi } from './taskApi';
import { TaskStore } from './taskStore';
import { realTimers, type Timers } from './timers';
import type { KeyValueStore, TaskRecord } from './types';

export const NOT_SENT_MESSAGE = 'not sent (window closed before a slot freed)';
export const SEND_INTERRUPTED_MESSAGE =
  'The window closed while this request was being sent and the task list could not be read to check it: refresh the list before trying again.';

export interface TaskTrackerDeps {
  api: TaskApi;
  store: KeyValueStore;
  logger?: Logger;
  /** Read before every poll (settings may change); clamped to 5–15 s unless minPollMs lowers the floor. */
  pollIntervalMs: () => number;
  maxInFlight?: number;
  /** Saves the result; called once per completed task when autoDownload, and by downloadNow. */
  download?: (record: TaskRecord, signal: AbortSignal) => Promise<string>;
  /** Default: true when `download` is given. */
  autoDownload?: () => boolean;
  /** Epoch ms. */
  now?: () => number;
  newId?: () => string;
  stallTimeoutMs?: number;
  minPollMs?: number;
  maxEventBytes?: number;
  timers?: Timers;
  saveDebounceMs?: number;
  historyCap?: number;
  /** First wait after a 429 without Retry-After. */
  rateLimitBackoffMs?: number;
  /** Following stopped because the key was refused (401): the caller offers to replace the key. */
  onAuthError?: (err: unknown) => void;
}

interface Deferred {
  promise: Promise<string>;
  resolve(taskId: string): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (taskId: string) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may ignore the promise; a rejection must not become an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** The shared record shape, without the tracker's own bookkeeping. */
function toPublic(record: TrackedRecord): TaskRecord {
  const { imported: _imported, sending: _sending, ...rest } = record;
  return { ...rest, extra: { ...rest.extra }, inputImageSources: [...rest.inputImageSources] };
}

export class TaskTracker implements IDisposable {
  private readonly byId = new Map<string, TrackedRecord>();
  /** Create bodies of requests not yet accepted by the server (may hold image bytes: memory only). */
  private readonly requests = new Map<string, CreateVideoRequest>();
  private readonly pendingIds = new Map<string, Deferred>();
  private readonly followers = new Map<string, AbortController>();
  private readonly downloads = new Map<string, { promise: Promise<string>; controller: AbortController }>();
  private readonly emitter = new Emitter<TaskRecord | undefined>();
  private readonly lifetime = new AbortController();
  private readonly queue: SubmitQueue;
  private readonly persist: TaskStore;
  private readonly logger: Logger;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly cap: number;
  private restoring: Promise<void> | undefined;
  private disposed = false;

  /** Fires with the changed record, or undefined when the whole list changed. */
  readonly onDidChange: Event<TaskRecord | undefined> = this.emitter.event;

  constructor(private readonly deps: TaskTrackerDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.timers = deps.timers ?? realTimers;
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
    this.cap = deps.historyCap ?? DEFAULT_HISTORY_CAP;
    this.persist = new TaskStore(
      deps.store,
      () => ({
        records: this.byId.values(),
        pending: [...this.requests].map(([localId, request]) => ({ localId, request })),
      }),
      { debounceMs: deps.saveDebounceMs, cap: this.cap, timers: this.timers, logger: this.logger },
    );
    this.queue = new SubmitQueue({
      maxInFlight: deps.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      backoffMs: deps.rateLimitBackoffMs,
      timers: this.timers,
      logger: this.logger,
      create: (localId) => this.sendCreate(localId),
      onCreated: (localId, task) => this.onCreated(localId, task),
      onFailed: (localId, err) => this.onCreateFailed(localId, err),
      onRateLimited: (localId) => {
        const record = this.byId.get(localId);
        if (record) {
          record.sending = false;
          this.changed(record);
        }
      },
    });
  }

  records(): TaskRecord[] {
    return sortNewestFirst(this.byId.values()).map(toPublic);
  }

  get(idOrLocalId: string): TaskRecord | undefined {
    const record = this.find(idOrLocalId);
    return record ? toPublic(record) : undefined;
  }

  inFlight(): number {
    return this.queue.inFlight();
  }

  waiting(): number {
    return this.queue.waiting();
  }

  /** Enqueues a create; `taskId` resolves when the server accepted it, rejects when it failed. */
  submit(request: CreateVideoRequest, meta: { inputImageSources: string[] }): { localId: string; taskId: Promise<string> } {
    if (this.disposed) throw new Error('The task tracker has been disposed.');
    const localId = this.newId();
    const record = recordFromRequest(request, meta.inputImageSources, localId, this.nowSec());
    this.byId.set(localId, record);
    this.requests.set(localId, request);
    const pending = deferred();
    this.pendingIds.set(localId, pending);
    this.changed(record);
    this.queue.enqueue(localId);
    return { localId, taskId: pending.promise };
  }

  /**
   * After a restart: loads the history, seeds the in-flight count from the server, resumes
   * following running tasks, re-queues what can be re-sent and downloads finished results.
   */
  restore(): Promise<void> {
    this.restoring ??= this.doRestore();
    return this.restoring;
  }

  /** History = local records merged with the server's list. Rejects when the list cannot be read. */
  async refresh(): Promise<void> {
    const server = await this.deps.api.listTasks({ signal: this.lifetime.signal });
    if (this.disposed) return;
    this.applyServerList(server);
    this.changed(undefined);
  }

  /** Removes the task from the server's history, then locally. A saved file is never touched. */
  async delete(id: string): Promise<void> {
    const record = this.find(id);
    if (!record) return;
    const { localId } = record;
    if (this.queue.remove(localId)) {
      this.requests.delete(localId);
      this.settle(localId, undefined, new Error('The request was removed before it was sent.'));
    } else if (this.queue.isCreating(localId)) {
      // Its create is under way: wait for its fate so a created task is deleted on the server too.
      await this.pendingIds.get(localId)?.promise.catch(() => undefined);
    }
    if (record.taskId) await this.deps.api.deleteTask(record.taskId, { signal: this.lifetime.signal });
    this.stopFollowing(localId);
    this.downloads.get(localId)?.controller.abort(new Error('The task was deleted.'));
    if (record.taskId && isRunning(record.status)) this.queue.release(record.taskId);
    this.byId.delete(localId);
    this.requests.delete(localId);
    this.changed(undefined);
  }

  /** Downloads now, re-reading the task first when its URL may be missing or stale. */
  downloadNow(id: string): Promise<string> {
    const record = this.find(id);
    if (!record) return Promise.reject(new Error('Unknown task.'));
    if (!this.deps.download) return Promise.reject(new Error('Downloading is not available.'));
    if (!record.taskId) return Promise.reject(new Error('The task has not been created on the server yet.'));
    const refresh = !record.resultUrl || record.downloadError !== undefined || record.status !== 'completed';
    return this.runDownload(record, refresh);
  }

  /** Records a file the extension saved by other means. */
  markSaved(id: string, path: string): void {
    const record = this.find(id);
    if (!record) return;
    record.savedPath = path;
    record.downloadError = undefined;
    if (record.status === 'expired') record.status = 'completed';
    this.changed(record);
  }

  /** Follows every running task that has no follower (idempotent). */
  followAll(): void {
    for (const record of this.byId.values()) this.startFollowing(record);
  }

  /** The key changed: clear key errors, re-read the server's view, follow again, send again. */
  async resumeAll(): Promise<void> {
    if (this.disposed) return;
    for (const record of this.byId.values()) {
      if (isRunning(record.status) && !this.followers.has(record.localId)) {
        record.error = undefined;
        record.requestId = undefined;
      }
    }
    try {
      await this.refresh();
    } catch (err) {
      this.logger.warn(`task list could not be read after the key changed: ${errorText(err)}`);
      this.followAll();
      this.changed(undefined);
    }
    this.queue.pump();
  }

  /** Writes the history now (deactivate awaits it). */
  flush(): Promise<void> {
    return this.persist.flush();
  }

  /** Aborts followers, downloads and timers; waiting requests stay persisted. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort(new Error('The task tracker was disposed.'));
    for (const controller of this.followers.values()) controller.abort(new Error('The task tracker was disposed.'));
    this.followers.clear();
    for (const localId of this.queue.dispose()) {
      this.settle(localId, undefined, new Error('The task tracker was disposed before the request was sent.'));
    }
    void this.persist.dispose();
    this.emitter.dispose();
  }

  // --- submission -------------------------------------------------------------------------

  private async sendCreate(localId: string): Promise<VideoTask> {
    const request = this.requests.get(localId);
    const record = this.byId.get(localId);
    if (!request || !record) throw new Error('The request is no longer available.');
    record.sending = true;
    // Written before the POST leaves: after a crash, a 'sending' record is looked up, never re-sent.
    void this.persist.flush();
    return this.deps.api.createVideo(request, { retryOn429: false });
  }

  private onCreated(localId: string, task: VideoTask): void {
    this.requests.delete(localId);
    this.settle(localId, task.task_id);
    const record = this.byId.get(localId);
    if (!record) return;
    record.sending = false;
    record.requestId = undefined;
    applyServerTask(record, task, this.nowSec());
    this.changed(record);
    if (this.disposed) return;
    if (isTerminalLocal(record.status)) this.onTerminal(record);
    else this.startFollowing(record);
  }

  private onCreateFailed(localId: string, err: unknown): void {
    this.requests.delete(localId);
    this.settle(localId, undefined, err);
    const record = this.byId.get(localId);
    if (!record) return;
    record.sending = false;
    record.status = 'failed';
    record.error = errorText(err);
    record.requestId = errorRequestId(err);
    record.completedAt = this.nowSec();
    this.logger.warn(`video request failed: ${record.error}`);
    this.changed(record);
  }

  private settle(localId: string, taskId: string | undefined, err?: unknown): void {
    const pending = this.pendingIds.get(localId);
    if (!pending) return;
    this.pendingIds.delete(localId);
    if (taskId !== undefined) pending.resolve(taskId);
    else pending.reject(err);
  }

  // --- following --------------------------------------------------------------------------

  private startFollowing(record: TrackedRecord): void {
    const { localId, taskId } = record;
    if (this.disposed || !taskId || !isRunning(record.status) || this.followers.has(localId)) return;
    const controller = new AbortController();
    this.followers.set(localId, controller);
    this.queue.occupy(taskId);
    followTask(this.deps.api, taskId, {
      signal: controller.signal,
      pollIntervalMs: () => this.deps.pollIntervalMs(),
      minPollMs: this.deps.minPollMs,
      stallTimeoutMs: this.deps.stallTimeoutMs,
      maxEventBytes: this.deps.maxEventBytes,
      timers: this.timers,
      logger: this.logger,
      onUpdate: (update) => this.onFollowUpdate(localId, taskId, update),
    })
      .then(
        () => undefined,
        (err: unknown) => this.onFollowError(localId, taskId, controller, err),
      )
      .finally(() => {
        if (this.followers.get(localId) === controller) this.followers.delete(localId);
      });
  }

  private stopFollowing(localId: string): void {
    const controller = this.followers.get(localId);
    if (!controller) return;
    this.followers.delete(localId);
    controller.abort(new Error('No longer followed.'));
  }

  private onFollowUpdate(localId: string, taskId: string, update: TaskUpdate): void {
    const record = this.byId.get(localId);
    if (!record || record.taskId !== taskId || isTerminalLocal(record.status)) return;
    if (update.streamError !== undefined) {
      record.error = update.streamError;
      this.changed(record);
      return;
    }
    applyServerTask(record, update, this.nowSec());
    this.changed(record);
    if (isTerminalLocal(record.status)) this.onTerminal(record);
  }

  private onFollowError(localId: string, taskId: string, controller: AbortController, err: unknown): void {
    if (controller.signal.aborted || this.disposed) return;
    const record = this.byId.get(localId);
    if (!record || record.taskId !== taskId) return;
    // Keep the record and its task id: with a new key (resumeAll) following starts again.
    record.error = errorText(err);
    record.requestId = errorRequestId(err);
    const status = errorStatus(err);
    // A 404 task is not ours to count (gone, or another key's); a 401 one still runs on the server.
    if (status === 404) this.queue.release(taskId);
    if (status === 401) this.deps.onAuthError?.(err);
    this.logger.warn(`task ${taskId}: stopped following${status ? ` (${status})` : ''}: ${record.error}`);
    this.changed(record);
  }

  /** Runs once per record as it becomes terminal, whoever noticed it (follower, list, expiry). */
  private onTerminal(record: TrackedRecord): void {
    if (record.taskId) this.queue.release(record.taskId);
    this.stopFollowing(record.localId);
    this.maybeAutoDownload(record);
  }

  // --- history ----------------------------------------------------------------------------

  private async doRestore(): Promise<void> {
    const loaded = this.persist.loadRecords();
    const pendingRequests = this.persist.loadPending();
    // Oldest first, so that among equal creation times the newer one stays in front.
    for (const record of [...loaded].reverse()) {
      if (!this.byId.has(record.localId)) this.byId.set(record.localId, record);
    }
    const restored = loaded.filter((r) => this.byId.get(r.localId) === r);
    this.queue.pause();
    try {
      let server: VideoTask[] | undefined;
      try {
        server = await this.deps.api.listTasks({ signal: this.lifetime.signal });
      } catch (err) {
        if (this.disposed) return;
        this.logger.warn(`task list could not be read at start-up: ${errorText(err)}`);
      }
      if (this.disposed) return;

      // A create that was under way when the window closed: the list says whether it arrived.
      for (const record of restored) {
        if (record.status !== 'waiting' || !record.sending) continue;
        const match = server ? this.findSentTask(server, record) : undefined;
        if (match) {
          record.sending = false;
          applyServerTask(record, match, this.nowSec());
        } else if (server) {
          record.sending = false; // it never arrived: re-sending is safe
        } else {
          record.sending = false;
          record.status = 'failed';
          record.error = SEND_INTERRUPTED_MESSAGE;
          record.completedAt = this.nowSec();
        }
      }

      if (server) {
        this.applyServerList(server);
      } else {
        for (const record of this.byId.values()) {
          if (record.taskId && isRunning(record.status)) this.queue.occupy(record.taskId);
        }
        this.followAll();
      }

      for (const record of restored) {
        if (record.status !== 'waiting' || this.requests.has(record.localId)) continue;
        const request = pendingRequests.get(record.localId);
        if (request) {
          this.requests.set(record.localId, request);
          this.queue.enqueue(record.localId);
        } else {
          record.status = 'failed';
          record.error = NOT_SENT_MESSAGE;
          record.completedAt = this.nowSec();
        }
      }
      this.expireOld();
      for (const record of restored) this.maybeAutoDownload(record);
    } finally {
      this.queue.resume();
    }
    this.changed(undefined);
  }

  /** The server task a lost create produced: same model and prompt, created since, unknown locally. */
  private findSentTask(server: readonly VideoTask[], record: TrackedRecord): VideoTask | undefined {
    const known = new Set([...this.byId.values()].map((r) => r.taskId).filter(Boolean));
    return server.find(
      (t) =>
        !known.has(t.task_id) &&
        t.model === record.model &&
        t.prompt === record.prompt &&
        (t.created === undefined || t.created >= record.created - 300),
    );
  }

  private applyServerList(server: readonly VideoTask[]): void {
    const merged = mergeHistory(this.byId, server, this.newId, this.nowSec());
    for (const record of merged.becameTerminal) this.onTerminal(record);
    // The server's count is the truth, plus the tasks followed here that it did not list (created
    // after it answered); followAll then occupies a slot for each running task it starts following.
    const running = new Set(runningTaskIds(server));
    for (const record of this.byId.values()) {
      if (record.taskId && isRunning(record.status) && this.followers.has(record.localId)) running.add(record.taskId);
    }
    this.queue.seed(running);
    this.expireOld();
    this.followAll();
  }

  private expireOld(): void {
    const nowSec = this.nowSec();
    for (const record of this.byId.values()) {
      const wasRunning = isRunning(record.status);
      if (!applyExpiry(record, nowSec)) continue;
      if (wasRunning && record.taskId) this.queue.release(record.taskId);
      this.stopFollowing(record.localId);
    }
  }

  // --- downloads --------------------------------------------------------------------------

  private maybeAutoDownload(record: TrackedRecord): void {
    if (!this.deps.download || this.disposed) return;
    if (!(this.deps.autoDownload?.() ?? true)) return;
    if (record.status !== 'completed' || record.savedPath || record.downloadError !== undefined || record.imported) return;
    if (!record.taskId || this.downloads.has(record.localId)) return;
    this.runDownload(record, !record.resultUrl).catch((err: unknown) => {
      this.logger.warn(`task ${record.taskId}: automatic download failed: ${errorText(err)}`);
    });
  }

  private runDownload(record: TrackedRecord, refreshFirst: boolean): Promise<string> {
    const running = this.downloads.get(record.localId);
    if (running) return running.promise;
    const download = this.deps.download;
    if (!download) return Promise.reject(new Error('Downloading is not available.'));
    const controller = new AbortController();
    const onDispose = (): void => controller.abort(this.lifetime.signal.reason);
    this.lifetime.signal.addEventListener('abort', onDispose, { once: true });
    const { signal } = controller;

    const attempt = async (): Promise<string> => {
      if (refreshFirst) await this.rereadForDownload(record, signal);
      try {
        return await download(toPublic(record), signal);
      } catch (err) {
        // A stale pre-signed URL: read the task again for a fresh one, and try once more.
        if (signal.aborted || refreshFirst || !looksLikeStaleUrl(err)) throw err;
        await this.rereadForDownload(record, signal);
        return await download(toPublic(record), signal);
      }
    };
    const promise = attempt()
      .then(
        (path) => {
          record.savedPath = path;
          record.downloadError = undefined;
          if (record.status === 'expired') record.status = 'completed';
          this.changed(record);
          return path;
        },
        (err: unknown) => {
          if (!signal.aborted && this.byId.get(record.localId) === record) {
            const expired = record.status === 'expired' || (looksLikeStaleUrl(err) && this.isPastExpiry(record));
            if (expired && !record.savedPath) record.status = 'expired';
            record.downloadError = expired ? 'expired' : errorText(err);
            this.changed(record);
          }
          throw err;
        },
      )
      .finally(() => {
        this.lifetime.signal.removeEventListener('abort', onDispose);
        if (this.downloads.get(record.localId)?.promise === promise) this.downloads.delete(record.localId);
      });
    this.downloads.set(record.localId, { promise, controller });
    return promise;
  }

  private async rereadForDownload(record: TrackedRecord, signal: AbortSignal): Promise<void> {
    if (!record.taskId) throw new Error('The task has not been created on the server yet.');
    const task = await this.deps.api.getTask(record.taskId, { signal });
    const wasTerminal = isTerminalLocal(record.status);
    applyServerTask(record, task, this.nowSec());
    this.changed(record);
    if (!wasTerminal && isTerminalLocal(record.status) && record.taskId) {
      this.queue.release(record.taskId);
      this.stopFollowing(record.localId);
    }
    if (task.status === 'expired') throw new Error('The result has expired: Airforce keeps videos for 24 hours.');
    if (task.status !== 'completed' || !record.resultUrl) {
      throw new Error(`The task is ${task.status}: there is no video to download yet.`);
    }
  }

  // --- plumbing ---------------------------------------------------------------------------

  private find(idOrLocalId: string): TrackedRecord | undefined {
    const direct = this.byId.get(idOrLocalId);
    if (direct) return direct;
    for (const record of this.byId.values()) if (record.taskId === idOrLocalId) return record;
    return undefined;
  }

  private nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  private isPastExpiry(record: TrackedRecord): boolean {
    return record.expiresAt !== undefined && this.nowSec() > record.expiresAt;
  }

  private changed(record: TrackedRecord | undefined): void {
    if (this.byId.size > this.cap) this.prune();
    this.persist.markDirty();
    if (this.disposed) return;
    this.emitter.fire(record && this.byId.get(record.localId) === record ? toPublic(record) : undefined);
  }

  /** Drops the oldest finished records beyond the cap from memory too. */
  private prune(): void {
    const keep = new Set(capHistory(this.byId.values(), this.cap).map((r) => r.localId));
    for (const localId of [...this.byId.keys()]) {
      if (!keep.has(localId) && !this.requests.has(localId)) this.byId.delete(localId);
    }
  }
}

/** 403/410 on a result URL, or an error that says it expired. */
function looksLikeStaleUrl(err: unknown): boolean {
  const status = errorStatus(err);
  if (status === 403 || status === 410) return true;
  return /expired|\b403\b|\b410\b/i.test(errorText(err));
}
