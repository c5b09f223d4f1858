// The tracker's followers: one followTask per running record, its updates applied to the record,
// read problems shown on it, and the ways following can stop (terminal, 401, 404, abort).
import type { Timers } from '../../util/abort';
import type { Logger } from '../../util/logger';
import { followTask, type TaskUpdate } from './followTask';
import { READ_PROBLEM_PREFIX } from './poller';
import { applyServerTask, isRunning, isTerminalLocal, type TrackedJobRecord } from '../records';
import { errorRequestId, errorStatus, errorText, type TaskApi } from '../taskApi';

export interface FollowSettings {
  /** Read before every poll (settings may change); clamped to 5–15 s unless minPollMs lowers the floor. */
  pollIntervalMs: () => number;
  minPollMs?: number;
  /** Fallback to polling after this long without a state change on the stream (default 45 s). */
  stallTimeoutMs?: number;
  /** Status read interval while the stream is open (default 4 × the poll interval). */
  streamCheckMs?: number;
  /** Cap of the growing wait while status reads keep failing (default 60 s). */
  maxReadBackoffMs?: number;
  maxEventBytes?: number;
  /** Following stopped because the key was refused (401): the caller offers to replace the key. */
  onAuthError?: (err: unknown) => void;
}

export interface FollowerHost {
  api: TaskApi;
  settings: FollowSettings;
  timers: Timers;
  logger: Logger;
  record(localId: string): TrackedJobRecord | undefined;
  nowSec(): number;
  changed(record: TrackedJobRecord): void;
  /** The record just became terminal through its follower. */
  onTerminal(record: TrackedJobRecord): void;
  occupy(taskId: string): void;
  release(taskId: string): void;
  isDisposed(): boolean;
}

export class Followers {
  private readonly byLocalId = new Map<string, AbortController>();

  constructor(private readonly host: FollowerHost) {}

  has(localId: string): boolean {
    return this.byLocalId.has(localId);
  }

  /** Follows a running record that has a task id and no follower yet; it holds a queue slot meanwhile. */
  start(record: TrackedJobRecord): void {
    const { host } = this;
    const { localId, taskId } = record;
    // Only video tasks live in the task API (dubbing has its own follower: jobs/dub/dubJobs.ts).
    if (host.isDisposed() || record.kind !== 'video' || !taskId || !isRunning(record.status) || this.byLocalId.has(localId)) return;
    const controller = new AbortController();
    this.byLocalId.set(localId, controller);
    host.occupy(taskId);
    const s = host.settings;
    followTask(host.api, taskId, {
      signal: controller.signal,
      pollIntervalMs: () => s.pollIntervalMs(),
      minPollMs: s.minPollMs,
      stallTimeoutMs: s.stallTimeoutMs,
      streamCheckMs: s.streamCheckMs,
      maxBackoffMs: s.maxReadBackoffMs,
      maxEventBytes: s.maxEventBytes,
      timers: host.timers,
      logger: host.logger,
      onUpdate: (update) => this.onUpdate(localId, taskId, update),
      onReadProblem: (message) => this.onReadProblem(localId, taskId, message),
    })
      .then(
        () => undefined,
        (err: unknown) => this.onError(localId, taskId, controller, err),
      )
      .finally(() => {
        if (this.byLocalId.get(localId) === controller) this.byLocalId.delete(localId);
      });
  }

  stop(localId: string): void {
    const controller = this.byLocalId.get(localId);
    if (!controller) return;
    this.byLocalId.delete(localId);
    controller.abort(new Error('No longer followed.'));
  }

  stopAll(reason: Error): void {
    for (const controller of this.byLocalId.values()) controller.abort(reason);
    this.byLocalId.clear();
  }

  /** The record, while it is still this task's and not finished. */
  private live(localId: string, taskId: string): TrackedJobRecord | undefined {
    const record = this.host.record(localId);
    return record && record.taskId === taskId && !isTerminalLocal(record.status) ? record : undefined;
  }

  private onUpdate(localId: string, taskId: string, update: TaskUpdate): void {
    const record = this.live(localId, taskId);
    if (!record) return;
    if (update.streamError !== undefined) {
      record.error = update.streamError;
      this.host.changed(record);
      return;
    }
    applyServerTask(record, update, this.host.nowSec());
    this.host.changed(record);
    if (isTerminalLocal(record.status)) this.host.onTerminal(record);
  }

  /** Status reads keep failing: shown on the record while following goes on; cleared when one succeeds. */
  private onReadProblem(localId: string, taskId: string, message: string | undefined): void {
    const record = this.live(localId, taskId);
    if (!record) return;
    if (message !== undefined) record.error = message;
    else if (record.error?.startsWith(READ_PROBLEM_PREFIX)) record.error = undefined;
    else return;
    this.host.changed(record);
  }

  private onError(localId: string, taskId: string, controller: AbortController, err: unknown): void {
    if (controller.signal.aborted || this.host.isDisposed()) return;
    const record = this.host.record(localId);
    if (!record || record.taskId !== taskId) return;
    // Keep the record and its task id: with a new key (resumeAll) following starts again.
    record.error = errorText(err);
    record.requestId = errorRequestId(err);
    const status = errorStatus(err);
    // A 404 task is not ours to count (gone, or another key's); a 401 one still runs on the server.
    if (status === 404) this.host.release(taskId);
    if (status === 401) this.host.settings.onAuthError?.(err);
    this.host.logger.warn(`task ${taskId}: stopped following${status ? ` (${status})` : ''}: ${record.error}`);
    this.host.changed(record);
  }
}
