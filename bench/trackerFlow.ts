// The whole path of a generation through the real TaskTracker: submit → create → follow over the
// stream → auto-download with downloadToFile. Counts every request the simulator saw, per task.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadToFile } from '../src/io/download/download';
import { buildResultFileName } from '../src/io/fileNames';
import { TaskTracker } from '../src/jobs/tracker';
import type { KeyValueStore, JobRecord } from '../src/jobs/types';
import type { Simulator } from '../test/simulator/server';
import { benchClient, preciseNow, signal, videoRequest, withTimeout } from './common';
import { requestKind, type RequestKind } from './requestKinds';

export interface TrackerFlowResult {
  tasks: number;
  /** Every API request the simulator logged during the flow, divided by the tasks. */
  requestsPerTask: number;
  byKind: Record<RequestKind, number>;
  /** Simulator completion → the tracker's change event with status completed, per task (ms). */
  detectLatenciesMs: number[];
  savedAll: boolean;
}

function memoryStore(): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      data.set(key, value);
      return Promise.resolve();
    },
  };
}

/** `sim` must be fresh (its request log is the measurement) and let tasks run on their own. */
export async function measureTrackerFlow(sim: Simulator, count: number): Promise<TrackerFlowResult> {
  const dir = await mkdtemp(join(tmpdir(), 'airforce-bench-flow-'));
  const api = benchClient(sim.url);
  const tracker = new TaskTracker({
    api,
    store: memoryStore(),
    pollIntervalMs: () => 8_000, // the default setting
    autoDownload: () => true,
    // The same call the extension's container makes, minus the sidecar JSON (a local write).
    download: async (record: JobRecord, sig: AbortSignal) => {
      if (!record.taskId || !record.resultUrl) throw new Error('no result to download');
      const taskId = record.taskId;
      const fileName = buildResultFileName({ prompt: record.prompt, taskId, date: new Date(record.created * 1000) });
      const saved = await downloadToFile({
        url: record.resultUrl,
        dir,
        fileName,
        signal: sig,
        baseIsLoopback: true, // the simulator is on 127.0.0.1, as the extension decides from airforce.baseUrl
        // No refreshUrl: the tracker re-reads a refused URL once (jobs/downloads.ts), as in the extension.
      });
      return saved.path;
    },
  });
  const detectedAt = new Map<string, number>();
  const allSaved = signal();
  const sub = tracker.onDidChange(() => {
    for (const r of tracker.records()) {
      if (r.taskId && r.status === 'completed' && !detectedAt.has(r.taskId)) detectedAt.set(r.taskId, preciseNow());
    }
    const records = tracker.records();
    if (records.length === count && records.every((r) => r.savedPath)) allSaved.fire();
  });
  try {
    for (let i = 0; i < count; i++) tracker.submit(videoRequest(`bench flow ${i}`), { inputImageSources: [] });
    await withTimeout(allSaved.promise, 60_000, `${count} tasks submitted, completed and saved`);
    const byKind: Record<RequestKind, number> = { create: 0, stream: 0, status: 0, download: 0, list: 0, other: 0 };
    for (const entry of sim.requests) byKind[requestKind(entry)]++;
    const detectLatenciesMs = [...detectedAt].map(([taskId, at]) => {
      const completedAtMs = sim.tasks.get(taskId)?.completedAtMs;
      if (completedAtMs === undefined) throw new Error(`the simulator has no completion time for ${taskId}`);
      return at - completedAtMs;
    });
    return {
      tasks: count,
      requestsPerTask: sim.requests.length / count,
      byKind,
      detectLatenciesMs,
      savedAll: tracker.records().every((r) => r.savedPath),
    };
  } finally {
    sub.dispose();
    tracker.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
