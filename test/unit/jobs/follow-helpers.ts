// Shared setup of the tasks-follow-* tests: fast poll timings, a recorder of the updates, and a fake
// task API whose stream and status answers a test scripts.
import assert from 'node:assert/strict';
import type { VideoTask } from '../../../src/api/schemas/schemas';
import type { TaskUpdate } from '../../../src/jobs/video/followTask';
import type { TaskApi } from '../../../src/jobs/taskApi';

export const FAST = { pollIntervalMs: 20, minPollMs: 20 };

export function recorder(): { updates: TaskUpdate[]; onUpdate: (u: TaskUpdate) => void; terminal(): TaskUpdate[] } {
  const updates: TaskUpdate[] = [];
  return {
    updates,
    onUpdate: (u) => updates.push(u),
    terminal: () => updates.filter((u) => ['completed', 'failed', 'expired'].includes(u.status)),
  };
}

export function assertForwardOnly(updates: TaskUpdate[]): void {
  for (let i = 1; i < updates.length; i++) {
    assert.ok(updates[i].progress >= updates[i - 1].progress, `progress went back at update ${i}`);
  }
}

/** A fake API whose stream and status answers the test scripts. */
export function fakeApi(opts: { stream?: () => Promise<Response>; getTask: (n: number) => Promise<VideoTask> }): TaskApi & { getCalls: number; streamCalls: number } {
  const api = {
    getCalls: 0,
    streamCalls: 0,
    createVideo: () => Promise.reject(new Error('unused')),
    listTasks: () => Promise.resolve([]),
    deleteTask: () => Promise.resolve({ deleted: true }),
    getTask: (_id: string) => opts.getTask(++api.getCalls),
    streamTask: (_id: string, _o: { signal: AbortSignal }) => {
      api.streamCalls++;
      return opts.stream ? opts.stream() : Promise.reject(new Error('no stream'));
    },
  };
  return api;
}

export const task = (status: VideoTask['status'], progress: number, extra: Partial<VideoTask> = {}): VideoTask => ({
  task_id: 't1',
  status,
  progress,
  ...extra,
});
