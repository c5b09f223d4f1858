// How the tracker's parts are wired over one TrackerState: submission (queue, creates, lost
// creates), followers (stream, then polling), downloads, restore (history and the server's list)
// and synchronous jobs. Each part learns of the others only through the hooks given here; the
// tracker (tracker.ts) is the facade in front of them.
import type { Timers } from '../util/abort';
import type { Logger } from '../util/logger';
import { Downloads } from './downloads';
import { Followers, type FollowSettings } from './video/followers';
import { isTerminalLocal, type TrackedJobRecord } from './records';
import { Restore } from './video/restore';
import type { TrackerState } from './state';
import { Submission } from './video/submission';
import { SyncJobs, type SaveSync } from './sync/jobs';
import { DubJobs, type DubbingClient } from './dub/dubJobs';
import { settleRestoredSyncJobs } from './sync/restored';
import type { TaskApi } from './taskApi';
import type { JobStore } from './jobStore';
import type { KeyValueStore, JobRecord } from './types';

export interface TaskTrackerDeps extends FollowSettings {
  api: TaskApi;
  store: KeyValueStore;
  logger?: Logger;
  maxInFlight?: number;
  /** Saves the result; called once per completed task when autoDownload, and by downloadNow. */
  download?: (record: JobRecord, signal: AbortSignal) => Promise<string>;
  /** Saves one result of an image or audio job (file + sidecar, jobs/sync/saveSyncResult.ts). */
  saveSync?: SaveSync;
  /** The dubbing endpoints (api/dubbing.ts); without them dubbing jobs fail. */
  dubbing?: DubbingClient;
  /** Pauses before each new attempt at an image/audio result download refused for a moment (tests: short). */
  syncSaveRetryMs?: readonly number[];
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

export interface TrackerParts {
  submission: Submission;
  followers: Followers;
  downloads: Downloads;
  restorer: Restore;
  sync: SyncJobs;
  dub: DubJobs;
}

/** `onTerminal` runs once per record as it becomes terminal, whoever noticed it. */
export function wireParts(deps: TaskTrackerDeps, state: TrackerState, persist: JobStore, timers: Timers, onTerminal: (record: TrackedJobRecord) => void): TrackerParts {
  const { api, logger } = state;
  const submission: Submission = new Submission(
    state,
    {
      accepted: (record) => (isTerminalLocal(record.status) ? onTerminal(record) : followers.start(record)),
      findLost: (record): Promise<void> => restorer.findLost(record),
      flush: () => void persist.flush(),
      absorb: (record, taskId) => restorer.absorbImported(record, taskId),
    },
    { maxInFlight: deps.maxInFlight, rateLimitBackoffMs: deps.rateLimitBackoffMs, timers },
  );
  const { queue } = submission;
  const followers = new Followers({
    api,
    settings: deps,
    timers,
    logger,
    record: (localId) => state.byId.get(localId),
    nowSec: state.nowSec,
    changed: state.changed,
    onTerminal,
    occupy: (taskId) => queue.occupy(taskId),
    release: (taskId) => queue.release(taskId),
    isDisposed: state.isDisposed,
  });
  const downloads = new Downloads({
    api,
    download: deps.download,
    autoDownload: deps.autoDownload,
    lifetime: state.lifetime,
    logger,
    nowSec: state.nowSec,
    isCurrent: (record) => state.byId.get(record.localId) === record,
    changed: state.changed,
    // The download under way makes onTerminal's own automatic download a no-op.
    becameTerminal: onTerminal,
  });
  const restorer: Restore = new Restore(state, {
    queue,
    followers,
    load: () => {
      const records = persist.loadRecords();
      settleRestoredSyncJobs(records, state.nowSec());
      return { records, pending: persist.loadPending() };
    },
    accept: (record, task) => submission.accept(record, task),
    onTerminal,
    autoDownload: (record) => downloads.auto(record),
  });
  const sync = new SyncJobs(state, { saveSync: deps.saveSync, flush: () => persist.flush(), saveRetryMs: deps.syncSaveRetryMs, timers });
  // Dubbing is polled like a video task but has no list or stream: its own follower, the same records.
  const pollMs = (): { first: number; max: number } => {
    const p = deps.pollIntervalMs?.() ?? 5_000;
    return { first: Math.min(2_000, p), max: Math.min(30_000, 4 * p) };
  };
  const dub = new DubJobs(state, { dubbing: deps.dubbing, saveSync: deps.saveSync, flush: () => persist.flush(), timers, pollMs });
  return { submission, followers, downloads, restorer, sync, dub };
}
