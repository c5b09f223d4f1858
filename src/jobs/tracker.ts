// The one object the extension uses for every job: a facade over the parts wired in
// trackerParts.ts, sharing one TrackerState — submission (queue, creates, lost creates), followers
// (stream, then polling), restore (history persisted and merged with the server's list), downloads
// and synchronous jobs. Pure logic: no vscode import.
import { randomUUID } from 'node:crypto';
import type { CreateVideoRequest } from '../api/schemas/schemas';
import { realTimers } from '../util/abort';
import { silentLogger } from '../util/logger';
import type { IDisposable } from '../util/dispose';
import type { Downloads } from './downloads';
import { Emitter, type Event } from './emitter';
import type { Followers } from './video/followers';
import { capHistory, DEFAULT_HISTORY_CAP, sortNewestFirst } from './video/history';
import { isRunning, isTerminalLocal, noteSaved, toPublic, type TrackedJobRecord } from './records';
import type { Restore } from './video/restore';
import type { TrackerState } from './state';
import type { Submission } from './video/submission';
import type { SyncCall, SyncJobs, SyncKind, SyncMeta, SyncRequest } from './sync/jobs';
import { errorText } from './taskApi';
import { uploadCancelled } from './sync/failure';
import { JobStore } from './jobStore';
import { wireParts, type TaskTrackerDeps } from './trackerParts';
import type { DubJobs } from './dub/dubJobs';
import type { JobOrigin, JobRecord } from './types';

export { NOT_SENT_MESSAGE } from './video/restore';
export { REQUEST_GONE_MESSAGE } from './video/submission';
export { type SaveSync, type SyncCall, type SyncKind, type SyncMeta, type SyncOutcome, type SyncRequest } from './sync/jobs';
export { SYNC_REQUEST_GONE_MESSAGE } from './sync/failure';
export type { TaskTrackerDeps } from './trackerParts';

export class TaskTracker implements IDisposable {
  private readonly lifetime = new AbortController();
  private readonly emitter = new Emitter<JobRecord | undefined>();
  private readonly state: TrackerState;
  private readonly persist: JobStore;
  private readonly submission: Submission;
  private readonly followers: Followers;
  private readonly downloads: Downloads;
  private readonly restorer: Restore;
  private readonly sync: SyncJobs;
  private readonly dub: DubJobs;
  private readonly cap: number;
  private disposed = false;

  /** Fires with the changed record, or undefined when the whole list changed. */
  readonly onDidChange: Event<JobRecord | undefined> = this.emitter.event;

  constructor(deps: TaskTrackerDeps) {
    const logger = deps.logger ?? silentLogger;
    const timers = deps.timers ?? realTimers;
    const now = deps.now ?? Date.now;
    this.cap = deps.historyCap ?? DEFAULT_HISTORY_CAP;
    const state: TrackerState = {
      api: deps.api,
      logger,
      byId: new Map(),
      requests: new Map(),
      lifetime: this.lifetime.signal,
      now,
      nowSec: () => Math.floor(now() / 1000),
      newId: deps.newId ?? randomUUID,
      isDisposed: () => this.disposed,
      changed: (record) => this.changed(record),
    };
    this.state = state;
    this.persist = new JobStore(
      deps.store,
      () => ({
        records: state.byId.values(),
        pending: [...state.requests].map(([localId, request]) => ({ localId, request })),
      }),
      { debounceMs: deps.saveDebounceMs, cap: this.cap, timers, logger },
    );
    ({
      submission: this.submission,
      followers: this.followers,
      downloads: this.downloads,
      restorer: this.restorer,
      sync: this.sync,
      dub: this.dub,
    } = wireParts(deps, state, this.persist, timers, (record) => this.onTerminal(record)));
  }

  records(): JobRecord[] {
    return sortNewestFirst(this.state.byId.values()).map(toPublic);
  }

  get(idOrLocalId: string): JobRecord | undefined {
    const record = this.find(idOrLocalId);
    return record ? toPublic(record) : undefined;
  }

  inFlight(): number {
    return this.submission.queue.inFlight();
  }

  waiting(): number {
    return this.submission.queue.waiting();
  }

  /**
   * Enqueues a create; `taskId` resolves when the server accepted it, rejects when it failed.
   * `origin` says who asked (the panel, a command, …); a command when not given. `estimateCents`:
   * the price the person was shown, the record's cost until the server gives the task's own figure
   * (so a job waiting in the local queue shows it too).
   */
  submit(request: CreateVideoRequest, meta: { inputImageSources: string[]; origin?: JobOrigin; estimateCents?: number }): { localId: string; taskId: Promise<string> } {
    if (this.disposed) throw new Error('The task tracker has been disposed.');
    return this.submission.submit(request, meta.inputImageSources, meta.origin, meta.estimateCents);
  }

  /**
   * An image or audio job: one POST (`call`, made once) whose results are saved at once. Takes no
   * slot of the video limit. `files` resolves with the saved paths; rejects with the job's error.
   */
  runSync(kind: SyncKind, request: SyncRequest, meta: SyncMeta, call: SyncCall): { localId: string; files: Promise<string[]> } {
    if (this.disposed) throw new Error('The task tracker has been disposed.');
    return this.sync.run(kind, request, meta, call);
  }

  /**
   * A dubbing job: its create (a billed upload) is sent once, then it is polled until its track is
   * saved. `taskId` resolves with the dubbing id; `files` with the saved track.
   */
  startDub(request: SyncRequest, meta: SyncMeta, onProgress?: (sent: number, total: number) => void): { localId: string; taskId: Promise<string>; files: Promise<string[]> } {
    if (this.disposed) throw new Error('The task tracker has been disposed.');
    return this.dub.start(request, meta, onProgress);
  }

  /** Cancels an upload still being sent (nothing billed): a synchronous job's call, or a dubbing job's create. */
  cancelSync(id: string): void {
    const record = this.find(id);
    if (record?.kind === 'dub') this.dub.cancelUpload(record);
    else if (record) this.sync.cancel(record.localId, uploadCancelled());
  }

  /** Sends a fate-unknown image or audio job once more (the person's say-so); resolves with its files. */
  sendSyncAgain(id: string): Promise<string[]> {
    if (this.disposed) return Promise.reject(new Error('The task tracker has been disposed.'));
    const record = this.find(id);
    if (!record || record.kind === 'video') return Promise.reject(new Error('Unknown task.'));
    if (record.kind === 'dub') return this.dub.sendAgain(record).then(() => record.files ?? []);
    return this.sync.sendAgain(record);
  }

  /**
   * After a restart: loads the history, seeds the in-flight count from the server, resumes
   * following running tasks, re-queues what can be re-sent and downloads finished results.
   */
  async restore(): Promise<void> {
    try {
      await this.restorer.restore();
    } finally {
      // Dubbing jobs are not in the server's task list: polled again from their own records.
      if (!this.disposed) this.dub.resume();
    }
  }

  /** History = local records merged with the server's list. Rejects when the list cannot be read. */
  refresh(): Promise<void> {
    return this.restorer.refresh();
  }

  /**
   * A fate-unknown record: reads the server's list again and adopts the task when exactly one
   * matches; otherwise it stays fate-unknown. Rejects when the list cannot be read.
   */
  async lookAgain(id: string): Promise<JobRecord> {
    const record = this.find(id);
    if (!record) throw new Error('Unknown task.');
    if (record.status === 'fate-unknown' && record.kind === 'video') await this.restorer.refresh();
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
    if (record.kind === 'dub') return this.dub.sendAgain(record);
    // A sync job resolves with its X-Request-ID (its files: sendSyncAgain).
    if (record.kind !== 'video') return this.sync.sendAgain(record).then(() => record.taskId ?? record.localId);
    return this.submission.sendAgain(record);
  }

  /** Removes the task from the server's history, then locally. A saved file is never touched. */
  async delete(id: string): Promise<void> {
    const record = this.find(id);
    if (!record) return;
    const { localId } = record;
    await this.submission.withdraw(localId);
    this.sync.forget(localId, new Error('The task was deleted.'));
    this.dub.stop(localId, new Error('The task was deleted.'));
    // Only video tasks live on the server; the other kinds' ids are request ids.
    if (record.taskId && record.kind === 'video') await this.state.api.deleteTask(record.taskId, { signal: this.lifetime.signal });
    this.followers.stop(localId);
    this.downloads.abort(localId, new Error('The task was deleted.'));
    if (record.taskId && isRunning(record.status)) this.submission.queue.release(record.taskId);
    this.state.byId.delete(localId);
    this.state.requests.delete(localId);
    this.changed(undefined);
  }

  /** Downloads now, re-reading the task first when its URL may be missing or stale. */
  downloadNow(id: string): Promise<string> {
    const record = this.find(id);
    if (!record) return Promise.reject(new Error('Unknown task.'));
    if (record.kind === 'dub') return this.dub.saveAgain(record).then((files) => files[0] ?? '');
    // An image or audio job answered (billed) but not all saved: its kept results, nothing sent.
    if (record.kind !== 'video') return this.sync.saveAgain(record).then((files) => files[0] ?? record.savedPath ?? '');
    return this.downloads.now(record);
  }

  /** Records a file the extension saved by other means. */
  markSaved(id: string, path: string): void {
    const record = this.find(id);
    if (!record) return;
    noteSaved(record, path);
    this.changed(record);
  }

  /** Follows every running task that has no follower (idempotent). */
  followAll(): void {
    this.restorer.followAll();
  }

  /** The key changed: clear key errors, re-read the server's view, follow again, send again. */
  async resumeAll(): Promise<void> {
    if (this.disposed) return;
    for (const record of this.state.byId.values()) {
      if (isRunning(record.status) && !this.followers.has(record.localId)) {
        record.error = undefined;
        record.requestId = undefined;
      }
    }
    try {
      await this.refresh();
    } catch (err) {
      this.state.logger.warn(`task list could not be read after the key changed: ${errorText(err)}`);
      this.followAll();
      this.changed(undefined);
    }
    this.submission.queue.pump();
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
    this.submission.dispose();
    void this.persist.dispose();
    this.emitter.dispose();
  }

  /** Runs once per record as it becomes terminal, whoever noticed it (follower, list, download). */
  private onTerminal(record: TrackedJobRecord): void {
    if (record.taskId) this.submission.queue.release(record.taskId);
    this.followers.stop(record.localId);
    this.downloads.auto(record);
  }

  private find(idOrLocalId: string): TrackedJobRecord | undefined {
    const direct = this.state.byId.get(idOrLocalId);
    if (direct) return direct;
    for (const record of this.state.byId.values()) if (record.taskId === idOrLocalId) return record;
    return undefined;
  }

  private changed(record: TrackedJobRecord | undefined): void {
    const { byId } = this.state;
    if (byId.size > this.cap) this.prune();
    this.persist.markDirty();
    if (this.disposed) return;
    this.emitter.fire(record && byId.get(record.localId) === record ? toPublic(record) : undefined);
  }

  /** Drops the oldest finished records beyond the cap from memory too. */
  private prune(): void {
    const { byId, requests } = this.state;
    const keep = new Set(capHistory(byId.values(), this.cap).map((r) => r.localId));
    for (const [localId, record] of [...byId]) {
      // A request still to be sent keeps its record; a refused one's kept request goes with it.
      if (keep.has(localId) || (requests.has(localId) && !isTerminalLocal(record.status))) continue;
      byId.delete(localId);
      requests.delete(localId);
    }
  }
}
