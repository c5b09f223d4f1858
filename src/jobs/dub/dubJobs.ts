// Dubbing jobs: asynchronous like video, but the server has no list and no stream. The create (a
// billed multipart upload) is made once; its dubbing id becomes the record's taskId and the job is
// polled with backoff until it is done, then its track (a GET, not billed) is saved like any
// operation's result (host.saveSync: `<stem>.<lang>.mp3` + sidecar). A create whose answer was lost
// is fate-unknown and never re-sent without the person's say-so (the request is only a file path
// and choices, so it is kept on the record). After a restart: running jobs are polled again, a
// create still under way becomes fate-unknown, a finished one not yet saved is saved.
import type { DubbingCreated, DubbingState } from '../../api/dubbing';
import type { AudioResult } from '../../api/audio';
import { linkAbort, sleep, type Timers } from '../../util/abort';
import { nonEmpty } from '../../util/text';
import { clearWait, isRunning, noteSavedFiles, resetForResend, type TrackedJobRecord } from '../records';
import type { TrackerState } from '../state';
import { recordFromSyncRequest, type SyncMeta, type SyncRequest } from '../sync/record';
import { cancelledUpload, failureKind, uploadCancelled } from '../sync/failure';
import type { SaveSync } from '../sync/jobs';
import { errorRequestId, errorText, isFatalForFollow } from '../taskApi';

/** The slice of the dubbing API the jobs need (api/dubbing.ts DubbingApi). */
export interface DubbingClient {
  create(
    req: { file: string; model: string; target_lang: string; source_lang?: string },
    opts: { signal?: AbortSignal; onProgress?: (sent: number, total: number) => void },
  ): Promise<DubbingCreated>;
  get(id: string, opts: { signal?: AbortSignal }): Promise<DubbingState>;
  audio(id: string, lang: string, opts: { signal?: AbortSignal }): Promise<AudioResult>;
}

export interface DubHost {
  dubbing?: DubbingClient;
  saveSync?: SaveSync;
  flush(): Promise<void>;
  timers: Timers;
  /** Poll pauses: first, then doubling up to max (tests: short). */
  pollMs?: () => { first: number; max: number };
}

export const DUB_FATE_UNKNOWN =
  'The dubbing request was sent but its answer was lost: whether the job was made (and billed) is unknown. It was not sent again. Look for it in your Airforce usage; "Send again" sends it once more (it may be billed twice).';
export const DUB_FATE_UNKNOWN_AFTER_RESTART =
  'The window closed while the dubbing request was being sent: whether the job was made (and billed) is unknown. It was not sent again; "Send again" sends it once more (it may be billed twice).';

const DEFAULT_POLL = { first: 2_000, max: 30_000 };

export class DubJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly progress = new Map<string, (sent: number, total: number) => void>();
  private readonly unlinks = new Map<AbortController, () => void>();

  constructor(
    private readonly state: TrackerState,
    private readonly host: DubHost,
  ) {}

  /** Adds the job and sends its create once. `taskId` resolves with the dubbing id; `files` with the saved track. */
  start(request: SyncRequest, meta: SyncMeta, onProgress?: (sent: number, total: number) => void): { localId: string; taskId: Promise<string>; files: Promise<string[]> } {
    const { state } = this;
    const localId = state.newId();
    const record = recordFromSyncRequest('dub', request, meta, localId, state.nowSec());
    state.byId.set(localId, record);
    if (onProgress) this.progress.set(localId, onProgress);
    const created = this.create(record);
    const files = created.then(() => this.follow(record));
    files.catch(() => undefined);
    return { localId, taskId: created, files };
  }

  /** After a restart (records loaded): fate of creates under way, polling of running jobs, unsaved tracks. */
  resume(): void {
    for (const record of this.state.byId.values()) {
      if (record.kind !== 'dub') continue;
      if (record.status === 'waiting' && !this.running.has(record.localId)) {
        clearWait(record);
        record.status = 'fate-unknown';
        record.error = DUB_FATE_UNKNOWN_AFTER_RESTART;
        this.state.changed(record);
      } else if ((isRunning(record.status) || (record.status === 'completed' && !record.savedPath && record.downloadError === undefined)) && record.taskId) {
        this.state.logger.info(`dubbing ${record.taskId}: followed again after a restart (${record.status})`);
        void this.follow(record).catch(() => undefined);
      }
    }
  }

  /** The person's say-so for a fate-unknown (or provably refused) job: one more create. */
  sendAgain(record: TrackedJobRecord): Promise<string> {
    if (record.status !== 'fate-unknown' && !(record.status === 'failed' && record.retryable === true)) {
      return Promise.reject(new Error(`Only a request whose fate is unknown can be sent again (this one is ${record.status}).`));
    }
    resetForResend(record);
    delete record.taskId;
    this.state.changed(record);
    const created = this.create(record);
    created.then(() => this.follow(record)).catch(() => undefined);
    return created;
  }

  /** Saves a finished job's track again (a GET: nothing is billed). */
  saveAgain(record: TrackedJobRecord): Promise<string[]> {
    if (!record.taskId || record.status !== 'completed') return Promise.reject(new Error('This dubbing job has no finished track to save yet.'));
    delete record.downloadError;
    return this.follow(record);
  }

  /** The person's Cancel while the create is still uploading (nothing billed); a created job is the server's: left alone. */
  cancelUpload(record: TrackedJobRecord): void {
    if (record.sending === true) this.stop(record.localId, uploadCancelled());
  }

  stop(localId: string, reason: Error): void {
    this.running.get(localId)?.abort(reason);
    this.running.delete(localId);
  }

  private requestOf(record: TrackedJobRecord): { file: string; model: string; target_lang: string; source_lang?: string } {
    const source = nonEmpty(record.extra.source_lang);
    return { file: record.source?.path ?? '', model: record.model, target_lang: nonEmpty(record.extra.target_lang) ?? '', ...(source ? { source_lang: source } : {}) };
  }

  private async create(record: TrackedJobRecord): Promise<string> {
    const { state, host } = this;
    if (!host.dubbing) throw this.fail(record, 'Dubbing is not available.');
    const controller = this.guard(record.localId);
    record.sending = true;
    try {
      // On disk before the POST leaves: after a crash it reads "fate unknown", never re-sent.
      await host.flush();
      const onProgress = this.progress.get(record.localId);
      const created = await host.dubbing.create(this.requestOf(record), { signal: controller.signal, ...(onProgress ? { onProgress } : {}) });
      delete record.sending;
      record.taskId = created.dubbingId;
      if (typeof created.costCents === 'number' && Number.isFinite(created.costCents)) record.settledCostCents = created.costCents;
      this.apply(record, created);
      state.changed(record);
      return created.dubbingId;
    } catch (caught) {
      delete record.sending;
      // The person's Cancel during the upload (tracker.cancelSync): nothing was made.
      const err = cancelledUpload(controller.signal) ?? caught;
      record.requestId = errorRequestId(err);
      const kind = failureKind(err);
      if (kind === 'lost' || kind === 'unreadable' || (controller.signal.aborted && state.lifetime.aborted)) {
        record.status = 'fate-unknown';
        record.error = DUB_FATE_UNKNOWN;
        state.logger.warn(`dubbing request ${record.localId}: outcome unknown, not re-sent: ${errorText(err)}`);
        state.changed(record);
        throw err;
      }
      if (kind === 'refused') record.retryable = true;
      throw this.fail(record, errorText(err));
    } finally {
      this.progress.delete(record.localId);
      this.release(record.localId, controller);
    }
  }

  /** Polls until done (with backoff), then saves the track; resolves with the saved file. */
  private async follow(record: TrackedJobRecord): Promise<string[]> {
    const { state, host } = this;
    if (this.running.has(record.localId)) throw new Error('This dubbing job is being followed already.');
    const controller = this.guard(record.localId);
    const poll = host.pollMs?.() ?? DEFAULT_POLL;
    let pause = poll.first;
    try {
      while (record.status !== 'completed') {
        if (record.status === 'failed') throw new Error(record.error ?? 'The dubbing job failed.');
        await sleep(pause, controller.signal, host.timers);
        pause = Math.min(poll.max, pause * 2);
        try {
          state.logger.debug(`dubbing ${record.taskId}: reading its status`);
          const s = await host.dubbing!.get(record.taskId!, { signal: controller.signal });
          record.error = undefined;
          this.apply(record, s);
        } catch (err) {
          if (controller.signal.aborted) throw err;
          // Polling again cannot help until something changes (key, a job the server forgot).
          if (isFatalForFollow(err)) throw this.fail(record, errorText(err));
          record.error = errorText(err);
          state.logger.warn(`dubbing ${record.taskId}: status could not be read (${record.error}); trying again`);
        }
        state.changed(record);
      }
      return await this.saveTrack(record, controller.signal);
    } finally {
      this.release(record.localId, controller);
    }
  }

  private async saveTrack(record: TrackedJobRecord, signal: AbortSignal): Promise<string[]> {
    const { state, host } = this;
    if (record.savedPath) return record.files ?? [record.savedPath];
    if (!host.saveSync) throw new Error('Saving results is not available.');
    try {
      const lang = this.requestOf(record).target_lang;
      const track = await host.dubbing!.audio(record.taskId!, lang, { signal });
      const file = await host.saveSync(record, { bytes: track.body }, { index: 0, count: 1 }, signal);
      noteSavedFiles(record, [file]);
      state.changed(record);
      return [file];
    } catch (err) {
      if (!signal.aborted) {
        // The job stays completed: "Download" tries again (a GET, not billed).
        record.downloadError = errorText(err);
        state.changed(record);
      }
      throw err;
    }
  }

  private apply(record: TrackedJobRecord, s: DubbingState): void {
    clearWait(record);
    if (s.status === 'completed') {
      record.status = 'completed';
      record.progress = 100;
      record.completedAt ??= this.state.nowSec();
    } else if (s.status === 'failed') {
      record.status = 'failed';
      record.error = s.error ?? `The dubbing job ended as "${s.rawStatus}".`;
      record.completedAt = this.state.nowSec();
    } else if (s.status === 'unrecognized') {
      record.status = 'unrecognized';
      record.rawStatus = s.rawStatus.slice(0, 80);
    } else {
      record.status = /queue|pend|creat/i.test(s.rawStatus) ? 'queued' : 'processing';
      delete record.rawStatus;
    }
  }

  private fail(record: TrackedJobRecord, text: string): Error {
    record.status = 'failed';
    record.error = text;
    record.completedAt = this.state.nowSec();
    this.state.logger.warn(`dubbing request failed: ${text}`);
    this.state.changed(record);
    return new Error(text);
  }

  /** A controller for one create or follow, ended with the tracker (the link is removed on release). */
  private guard(localId: string): AbortController {
    const controller = new AbortController();
    if (this.state.lifetime.aborted) controller.abort(this.state.lifetime.reason);
    this.unlinks.set(controller, linkAbort(this.state.lifetime, controller));
    this.running.set(localId, controller);
    return controller;
  }

  private release(localId: string, controller: AbortController): void {
    this.unlinks.get(controller)?.();
    this.unlinks.delete(controller);
    if (this.running.get(localId) === controller) this.running.delete(localId);
  }
}
