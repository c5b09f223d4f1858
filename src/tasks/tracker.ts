// The one object the extension uses for video tasks: submits through the local queue, follows
// every running task (stream, then polling), keeps the history persisted and merged with the
// server's list, and downloads finished results. Pure logic: no vscode import.
import { randomUUID } from 'node:crypto';
import type { CreateVideoRequest, VideoTask } from '../api/schemas';
import { silentLogger, type Logger } from '../util/logger';
import type { IDisposable } from '../util/dispose';
import { deferred, type Deferred } from './deferred';
import { Downloads } from './downloads';
import { Emitter, type Event } from './emitter';
import { Followers, type FollowSettings } from './followers';
import { capHistory, DEFAULT_HISTORY_CAP, mergeHistory, runningTaskIds, sortNewestFirst } from './history';
import {
  ambiguousMessage,
  FATE_UNKNOWN_AFTER_RESTART,
  FATE_UNKNOWN_IN_WINDOW,
  FATE_UNKNOWN_LIST_UNREADABLE,
  isOutcomeUnknown,
  markFateUnknownAfterRestart,
  matchLostCreates,
} from './lostCreate';
import { DEFAULT_MAX_IN_FLIGHT, SubmitQueue } from './queue';
import { hardLimitMessage, queueWaitReason, SLOT_WAIT_REASON, throttleWaitReason, type RateLimitKind } from './rateLimit';
import {
  applyExpiry,
  applyServerTask,
  clearWait,
  isRunning,
  isTerminalLocal,
  recordFromRequest,
  resetForResend,
  type TrackedRecord,
} from './records';
import { errorRequestId, errorText, type TaskApi } from './taskApi';
import { TaskStore } from './taskStore';
import { realTimers, type Timers } from './timers';
import type { KeyValueStore, TaskRecord } from './types';

export const NOT_SENT_MESSAGE = 'not sent (window closed before a slot freed)';
/** sendAgain rejects with a message starting with this when the request body was not kept. */
export const REQUEST_GONE_MESSAGE =
  'The request is no longer available (it held image bytes, which are never stored, and the window was restarted): use "Generate again" to fill the form anew.';

export interface TaskTrackerDeps extends FollowSettings {
  api: TaskApi;
  store: KeyValueStore;
  logger?: Logger;
  maxInFlight?: number;
  /** Saves the result; called once per completed task when autoDownload, and by downloadNow. */
  download?: (record: TaskRecord, signal: AbortSignal) => Promise<string>;
  /** Default: true when `download` is given. */
  autoDownload?: () => boolean;
  /** Epoch ms. */
  now?: () => number;
  newId?: () => string;
  timers?: Timers;
  saveDebounceMs?: number;
  historyCap?: number;
  /** First wait after a 429 without Retry-After (a 1 s floor applies whatever this says). */
  rateLimitBackoffMs?: number;
}

/** The shared record shape, without the tracker's own bookkeeping. */
function toPublic(record: TrackedRecord): TaskRecord {
  const { imported: _imported, sending: _sending, ...rest } = record;
  return { ...rest, extra: { ...rest.extra }, inputImageSources: [...rest.inputImageSources] };
}

export class TaskTracker implements IDisposable {
  private readonly byId = new Map<string, TrackedRecord>();
  /**
   * Create bodies not yet accepted by the server, kept too for a fate-unknown or a provably
   * refused (retryable) record so the person can send it again (may hold image bytes: memory only).
   */
  private readonly requests = new Map<string, CreateVideoRequest>();
  private readonly pendingIds = new Map<string, Deferred>();
  private readonly followers: Followers;
  private readonly downloads: Downloads;
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
      now: this.now,
      create: (localId) => this.sendCreate(localId),
      onCreated: (localId, task) => this.onCreated(localId, task),
      onFailed: (localId, err, info) => this.onCreateFailed(localId, err, info.retryable),
      onRateLimited: (localId, delayMs, _err, kind) => this.onRateLimited(localId, delayMs, kind),
      onChange: () => this.noteSlotWaits(),
    });
    this.followers = new Followers({
      api: deps.api,
      settings: deps,
      timers: this.timers,
      logger: this.logger,
      record: (localId) => this.byId.get(localId),
      nowSec: () => this.nowSec(),
      changed: (record) => this.changed(record),
      onTerminal: (record) => this.onTerminal(record),
      occupy: (taskId) => this.queue.occupy(taskId),
      release: (taskId) => this.queue.release(taskId),
      isDisposed: () => this.disposed,
    });
    this.downloads = new Downloads({
      api: deps.api,
      download: (record, signal) =>
        deps.download ? deps.download(record, signal) : Promise.reject(new Error('Downloading is not available.')),
      lifetime: this.lifetime.signal,
      nowSec: () => this.nowSec(),
      isCurrent: (record) => this.byId.get(record.localId) === record,
      changed: (record) => this.changed(record),
      becameTerminal: (record) => {
        if (record.taskId) this.queue.release(record.taskId);
        this.followers.stop(record.localId);
      },
      toPublic,
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
    this.resolveLost(server, this.fateUnknown());
    this.applyServerList(server);
    this.changed(undefined);
  }

  /**
   * A fate-unknown record: reads the server's list again and adopts the task when exactly one
   * matches; otherwise it stays fate-unknown. Rejects when the list cannot be read.
   */
  async lookAgain(id: string): Promise<TaskRecord> {
    const record = this.find(id);
    if (!record) throw new Error('Unknown task.');
    if (record.status !== 'fate-unknown') return toPublic(record);
    const server = await this.deps.api.listTasks({ signal: this.lifetime.signal });
    if (this.disposed) return toPublic(record);
    this.resolveLost(server, this.fateUnknown());
    this.applyServerList(server);
    this.changed(undefined);
    return toPublic(record);
  }

  /**
   * The person's say-so: sends the kept request of a fate-unknown or provably refused (retryable)
   * record once more. Resolves with the new server task id.
   */
  sendAgain(id: string): Promise<string> {
    if (this.disposed) return Promise.reject(new Error('The task tracker has been disposed.'));
    const record = this.find(id);
    if (!record) return Promise.reject(new Error('Unknown task.'));
    if (record.status !== 'fate-unknown' && !(record.status === 'failed' && record.retryable)) {
      return Promise.reject(new Error(`Only a request whose fate is unknown, or one the server refused, can be sent again (this one is ${record.status}).`));
    }
    const request = this.requests.get(record.localId);
    if (!request) return Promise.reject(new Error(REQUEST_GONE_MESSAGE));
    resetForResend(record);
    const pending = deferred();
    this.pendingIds.set(record.localId, pending);
    this.changed(record);
    this.queue.enqueue(record.localId);
    return pending.promise;
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
    this.followers.stop(localId);
    this.downloads.abort(localId, new Error('The task was deleted.'));
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
    return this.downloads.run(record, refresh);
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
    for (const record of this.byId.values()) this.followers.start(record);
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
    this.followers.stopAll(new Error('The task tracker was disposed.'));
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
    record.sentAt = this.nowSec();
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
    clearWait(record);
    applyServerTask(record, task, this.nowSec());
    this.changed(record);
    if (this.disposed) return;
    if (isTerminalLocal(record.status)) this.onTerminal(record);
    else this.followers.start(record);
  }

  private onCreateFailed(localId: string, err: unknown, retryable: boolean): void {
    if (isOutcomeUnknown(err)) {
      this.onOutcomeUnknown(localId, err);
      return;
    }
    // A provable refusal (daily cap, balance) keeps its request: "Try again" may send it later.
    if (!retryable) this.requests.delete(localId);
    this.settle(localId, undefined, err);
    const record = this.byId.get(localId);
    if (!record) return;
    record.sending = false;
    clearWait(record);
    record.status = 'failed';
    record.error = retryable ? hardLimitMessage(err) : errorText(err);
    if (retryable) record.retryable = true;
    record.requestId = errorRequestId(err);
    record.completedAt = this.nowSec();
    this.logger.warn(`video request failed: ${record.error}`);
    this.changed(record);
  }

  /** The POST left but its answer never came: never re-sent on our own; the list may still tell. */
  private onOutcomeUnknown(localId: string, err: unknown): void {
    const record = this.byId.get(localId);
    if (!record) {
      this.settle(localId, undefined, err);
      return;
    }
    record.sending = false;
    clearWait(record);
    record.status = 'fate-unknown';
    record.error = FATE_UNKNOWN_IN_WINDOW;
    record.requestId = errorRequestId(err);
    this.logger.warn(`video request ${localId}: outcome unknown, not re-sent: ${errorText(err)}`);
    this.changed(record);
    if (this.disposed) {
      this.settle(localId, undefined, err);
      return;
    }
    // One more look with the fuller match (the client's own look needs the prompt in the list).
    this.deps.api
      .listTasks({ signal: this.lifetime.signal })
      .then(
        (server) => {
          if (this.disposed) return;
          this.resolveLost(server, [record]);
          this.changed(record);
        },
        (e: unknown) => this.logger.warn(`task list could not be read to find a lost create: ${errorText(e)}`),
      )
      .finally(() => {
        if (record.taskId && record.status !== 'fate-unknown') this.settle(localId, record.taskId);
        else this.settle(localId, undefined, err);
      });
  }

  private onRateLimited(localId: string, delayMs: number, kind: RateLimitKind): void {
    const record = this.byId.get(localId);
    if (!record) return;
    record.sending = false;
    record.waitReason = kind === 'slots' ? SLOT_WAIT_REASON : throttleWaitReason(this.now() + delayMs);
    record.waitingSince ??= this.nowSec();
    this.changed(record);
  }

  /** Requests held in the queue say why they wait (all slots taken, or a 429 wait). */
  private noteSlotWaits(): void {
    const reason = queueWaitReason(this.queue.pendingRetry(), this.queue.isFull());
    if (!reason) return;
    for (const localId of this.queue.waitingIds()) {
      const record = this.byId.get(localId);
      if (!record || record.status !== 'waiting' || record.waitReason) continue;
      record.waitReason = reason;
      record.waitingSince ??= this.nowSec();
      this.changed(record);
    }
  }

  private settle(localId: string, taskId: string | undefined, err?: unknown): void {
    const pending = this.pendingIds.get(localId);
    if (!pending) return;
    this.pendingIds.delete(localId);
    if (taskId !== undefined) pending.resolve(taskId);
    else pending.reject(err);
  }

  /** Runs once per record as it becomes terminal, whoever noticed it (follower, list, expiry). */
  private onTerminal(record: TrackedRecord): void {
    if (record.taskId) this.queue.release(record.taskId);
    this.followers.stop(record.localId);
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
    // Kept requests of records that may be sent again on the person's say-so.
    for (const record of restored) {
      const request = pendingRequests.get(record.localId);
      if (request && (record.sending || record.status === 'fate-unknown' || (record.status === 'failed' && record.retryable))) {
        this.requests.set(record.localId, request);
      }
    }
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

      // A create that was under way when the window closed: its fate is unknown until the list
      // shows it. Never re-sent on our own (a create that arrived is billed).
      for (const record of restored) if (record.status === 'waiting' && record.sending) markFateUnknownAfterRestart(record, !!server);
      if (server) {
        this.resolveLost(server, this.fateUnknown());
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

  private fateUnknown(): TrackedRecord[] {
    return [...this.byId.values()].filter((r) => r.status === 'fate-unknown');
  }

  /**
   * Matches fate-unknown records against the server's list (before it is merged, so the task is
   * not imported as a stranger): a unique match is adopted; otherwise the record stays, explained.
   */
  private resolveLost(server: readonly VideoTask[], lost: readonly TrackedRecord[]): void {
    if (lost.length === 0) return;
    const owned = new Set<string>();
    for (const r of this.byId.values()) if (r.taskId && !r.imported) owned.add(r.taskId);
    const matches = matchLostCreates(lost, server, owned);
    for (const record of lost) {
      const match = matches.get(record.localId);
      if (match?.kind === 'found') {
        this.adopt(record, match.task);
      } else if (match?.kind === 'ambiguous') {
        const base = record.error?.startsWith('The window closed') ? FATE_UNKNOWN_AFTER_RESTART : FATE_UNKNOWN_IN_WINDOW;
        record.error = ambiguousMessage(base, match.count);
      } else if (record.error === FATE_UNKNOWN_LIST_UNREADABLE) {
        record.error = FATE_UNKNOWN_AFTER_RESTART;
      }
    }
  }

  /** The lost create's task was found: the record follows it (nothing was sent again). */
  private adopt(record: TrackedRecord, task: VideoTask): void {
    this.logger.info(`a create whose fate was unknown is task ${task.task_id} (found in the list; nothing re-sent)`);
    for (const other of [...this.byId.values()]) {
      // The same task imported from the list earlier: one record, ours, keeps what it knew.
      if (other !== record && other.taskId === task.task_id && other.imported) {
        record.savedPath ??= other.savedPath;
        this.followers.stop(other.localId);
        this.byId.delete(other.localId);
      }
    }
    this.requests.delete(record.localId);
    record.sending = false;
    record.error = undefined;
    record.requestId = undefined;
    clearWait(record);
    applyServerTask(record, task, this.nowSec());
    this.changed(record);
    this.settle(record.localId, task.task_id);
    if (isTerminalLocal(record.status)) this.onTerminal(record);
    else this.followers.start(record);
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
      this.followers.stop(record.localId);
    }
  }

  // --- downloads --------------------------------------------------------------------------

  private maybeAutoDownload(record: TrackedRecord): void {
    if (!this.deps.download || this.disposed) return;
    if (!(this.deps.autoDownload?.() ?? true)) return;
    if (record.status !== 'completed' || record.savedPath || record.downloadError !== undefined || record.imported) return;
    if (!record.taskId || this.downloads.has(record.localId)) return;
    this.downloads.run(record, !record.resultUrl).catch((err: unknown) => {
      this.logger.warn(`task ${record.taskId}: automatic download failed: ${errorText(err)}`);
    });
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

  private changed(record: TrackedRecord | undefined): void {
    if (this.byId.size > this.cap) this.prune();
    this.persist.markDirty();
    if (this.disposed) return;
    this.emitter.fire(record && this.byId.get(record.localId) === record ? toPublic(record) : undefined);
  }

  /** Drops the oldest finished records beyond the cap from memory too. */
  private prune(): void {
    const keep = new Set(capHistory(this.byId.values(), this.cap).map((r) => r.localId));
    for (const [localId, record] of [...this.byId]) {
      // A request still to be sent keeps its record; a refused one's kept request goes with it.
      if (keep.has(localId) || (this.requests.has(localId) && !isTerminalLocal(record.status))) continue;
      this.byId.delete(localId);
      this.requests.delete(localId);
    }
  }
}
