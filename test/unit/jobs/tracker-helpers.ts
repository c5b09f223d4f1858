// Shared setup of the tasks-tracker-* tests: one simulator per file with trackers over it (fast
// rate-limit backoff), a download that really fetches, and counts of what the server saw.
import type { TaskTracker, TaskTrackerDeps } from '../../../src/jobs/tracker';
import type { JobRecord } from '../../../src/jobs/types';
import type { Simulator } from '../../simulator/server';
import { useTrackerSim, type MemoryStore } from './helpers';

export interface DownloadCall {
  localId: string;
  taskId?: string;
  url?: string;
}

/** A download that really fetches the result URL (no key sent), as the extension's would. */
export function fetchingDownload(calls: DownloadCall[]) {
  return async (record: JobRecord, signal: AbortSignal): Promise<string> => {
    calls.push({ localId: record.localId, taskId: record.taskId, url: record.resultUrl });
    const res = await fetch(record.resultUrl ?? 'http://127.0.0.1:1/', { signal });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok) throw Object.assign(new Error(`download answered ${res.status}`), { status: res.status });
    return `/saved/${record.taskId}-${bytes.length}.mp4`;
  };
}

export interface TrackerSuite {
  sim(): Simulator;
  tracker(store: MemoryStore, over?: Partial<TaskTrackerDeps>): TaskTracker;
  /** Tasks the server has queued or processing right now. */
  serverActive(): number;
  /** Create requests the server saw since request-log index `since`. */
  posts(since?: number): number;
}

/** Call at the top level of a tasks-tracker-* file: one simulator for the file, trackers disposed after each test. */
export function useTrackerSuite(): TrackerSuite {
  const { sim, tracker: simTracker } = useTrackerSim({ clockSpeed: 200 });

  const tracker = (store: MemoryStore, over: Partial<TaskTrackerDeps> = {}): TaskTracker => simTracker(store, { rateLimitBackoffMs: 50, ...over });

  const serverActive = (): number => [...sim().tasks.values()].filter((t) => t.status === 'queued' || t.status === 'processing').length;
  const posts = (since = 0): number =>
    sim()
      .requests.slice(since)
      .filter((r) => r.method === 'POST' && r.path === '/v1/video/generations').length;

  return { sim, tracker, serverActive, posts };
}
