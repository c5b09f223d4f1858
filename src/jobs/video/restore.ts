// The local history against the server's list: at start-up (load, seed the in-flight count, resume
// following, re-queue what may be sent), on every refresh (merge), and for creates whose fate is
// unknown (matched in the list and adopted before the task could be imported as a stranger).
import type { CreateVideoRequest, VideoTask } from '../../api/schemas/schemas';
import type { Followers } from './followers';
import { mergeHistory, runningTaskIds } from './history';
import { ambiguousMessage, FATE_UNKNOWN_AFTER_RESTART, FATE_UNKNOWN_IN_WINDOW, FATE_UNKNOWN_LIST_UNREADABLE, markFateUnknownAfterRestart, matchLostCreates } from './lostCreate';
import type { SubmitQueue } from './queue';
import { applyExpiry, isRunning, type TrackedJobRecord } from '../records';
import type { TrackerState } from '../state';
import { errorText } from '../taskApi';

export const NOT_SENT_MESSAGE = 'not sent (window closed before a slot freed)';

export interface RestoreParts {
  queue: SubmitQueue;
  followers: Followers;
  /** What the last window persisted: records, and the kept create bodies by local id. */
  load(): { records: TrackedJobRecord[]; pending: Map<string, CreateVideoRequest> };
  /** A lost create's task was found: the record takes it (Submission.accept). */
  accept(record: TrackedJobRecord, task: VideoTask): void;
  /** The record just became terminal through the list. */
  onTerminal(record: TrackedJobRecord): void;
  /** Saves a finished result when automatic downloads are on. */
  autoDownload(record: TrackedJobRecord): void;
}

export class Restore {
  private restoring: Promise<void> | undefined;

  constructor(
    private readonly state: TrackerState,
    private readonly parts: RestoreParts,
  ) {}

  /** Once per tracker: later calls share the first one's promise. */
  restore(): Promise<void> {
    this.restoring ??= this.doRestore();
    return this.restoring;
  }

  /** History = local records merged with the server's list. Rejects when the list cannot be read. */
  async refresh(): Promise<void> {
    const { state } = this;
    const server = await state.api.listTasks({ signal: state.lifetime });
    if (state.isDisposed()) return;
    this.resolveLost(server, this.fateUnknown());
    this.applyServerList(server);
    state.changed(undefined);
  }

  /** The one look for a create lost in this window (the client does not look: one rule, one list read). */
  async findLost(record: TrackedJobRecord): Promise<void> {
    const { state } = this;
    const server = await state.api.listTasks({ signal: state.lifetime });
    if (state.isDisposed()) return;
    this.resolveLost(server, [record]);
    state.changed(record);
  }

  /** Follows every running task that has no follower (idempotent). */
  followAll(): void {
    for (const record of this.state.byId.values()) this.parts.followers.start(record);
  }

  private async doRestore(): Promise<void> {
    const { state, parts } = this;
    const { records: loaded, pending: pendingRequests } = parts.load();
    // Oldest first, so that among equal creation times the newer one stays in front.
    for (const record of [...loaded].reverse()) {
      if (!state.byId.has(record.localId)) state.byId.set(record.localId, record);
    }
    const restored = loaded.filter((r) => state.byId.get(r.localId) === r);
    // Kept requests of records that may be sent again on the person's say-so.
    for (const record of restored) {
      const request = pendingRequests.get(record.localId);
      if (request && (record.sending || record.status === 'fate-unknown' || (record.status === 'failed' && record.retryable))) {
        state.requests.set(record.localId, request);
      }
    }
    parts.queue.pause();
    try {
      let server: VideoTask[] | undefined;
      try {
        server = await state.api.listTasks({ signal: state.lifetime });
      } catch (err) {
        if (state.isDisposed()) return;
        state.logger.warn(`task list could not be read at start-up: ${errorText(err)}`);
      }
      if (state.isDisposed()) return;

      // A create that was under way when the window closed: its fate is unknown until the list
      // shows it. Never re-sent on our own (a create that arrived is billed).
      for (const record of restored) if (record.status === 'waiting' && record.sending) markFateUnknownAfterRestart(record, !!server);
      if (server) {
        this.resolveLost(server, this.fateUnknown());
        this.applyServerList(server);
      } else {
        for (const record of state.byId.values()) {
          if (record.taskId && isRunning(record.status)) parts.queue.occupy(record.taskId);
        }
        this.followAll();
      }

      for (const record of restored) {
        if (record.status !== 'waiting' || state.requests.has(record.localId)) continue;
        const request = pendingRequests.get(record.localId);
        if (request) {
          state.requests.set(record.localId, request);
          parts.queue.enqueue(record.localId);
        } else {
          record.status = 'failed';
          record.error = NOT_SENT_MESSAGE;
          record.completedAt = state.nowSec();
        }
      }
      this.expireOld();
      for (const record of restored) parts.autoDownload(record);
    } finally {
      parts.queue.resume();
    }
    state.changed(undefined);
  }

  private fateUnknown(): TrackedJobRecord[] {
    // Only video creates leave a task in the list; the other kinds cannot be looked up.
    return [...this.state.byId.values()].filter((r) => r.status === 'fate-unknown' && r.kind === 'video');
  }

  /**
   * Matches fate-unknown records against the server's list (before it is merged, so the task is
   * not imported as a stranger): a unique match is adopted; otherwise the record stays, explained.
   */
  private resolveLost(server: readonly VideoTask[], lost: readonly TrackedJobRecord[]): void {
    if (lost.length === 0) return;
    const owned = new Set<string>();
    for (const r of this.state.byId.values()) if (r.taskId && !r.imported) owned.add(r.taskId);
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
  private adopt(record: TrackedJobRecord, task: VideoTask): void {
    const { state } = this;
    state.logger.info(`a create whose fate was unknown is task ${task.task_id} (found in the list; nothing re-sent)`);
    this.parts.accept(record, task);
  }

  /**
   * `record` takes `taskId` (its create answered, or a lost create was found): a record imported
   * from the list for the same task earlier (a refresh during the create) is the same job. One
   * record, ours, keeps what the imported one knew (its saved file); the other's follower stops.
   */
  absorbImported(record: TrackedJobRecord, taskId: string): void {
    const { state } = this;
    for (const other of [...state.byId.values()]) {
      if (other === record || other.taskId !== taskId || !other.imported) continue;
      if (other.savedPath && !record.savedPath) {
        record.savedPath = other.savedPath;
        if (other.files) record.files = [...other.files];
      }
      this.parts.followers.stop(other.localId);
      state.byId.delete(other.localId);
      state.logger.info(`task ${taskId} was listed before its create answered: one record kept`);
    }
  }

  private applyServerList(server: readonly VideoTask[]): void {
    const { state, parts } = this;
    const merged = mergeHistory(state.byId, server, state.newId, state.nowSec());
    for (const record of merged.becameTerminal) parts.onTerminal(record);
    // The server's count is the truth, plus the tasks followed here that it did not list (created
    // after it answered); followAll then occupies a slot for each running task it starts following.
    const running = new Set(runningTaskIds(server));
    for (const record of state.byId.values()) {
      if (record.taskId && isRunning(record.status) && parts.followers.has(record.localId)) running.add(record.taskId);
    }
    parts.queue.seed(running);
    this.expireOld();
    this.followAll();
  }

  private expireOld(): void {
    const nowSec = this.state.nowSec();
    for (const record of this.state.byId.values()) {
      const wasRunning = isRunning(record.status);
      if (!applyExpiry(record, nowSec)) continue;
      if (wasRunning && record.taskId) this.parts.queue.release(record.taskId);
      this.parts.followers.stop(record.localId);
    }
  }
}
