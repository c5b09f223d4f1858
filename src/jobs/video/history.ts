// The task history: local records merged with the server's list, newest first, capped.
import { isTerminal, type VideoTask } from '../../api/schemas/schemas';
import { applyServerTask, isTerminalLocal, recordFromServerTask, type TrackedJobRecord } from '../records';

export const DEFAULT_HISTORY_CAP = 200;

export interface MergeResult {
  /** Server tasks that were unknown locally, now records. */
  added: TrackedJobRecord[];
  /** Existing records the server's view changed. */
  changed: TrackedJobRecord[];
  /** Records that became terminal through this merge (their follower, if any, is now moot). */
  becameTerminal: TrackedJobRecord[];
}

/**
 * Merges the server's list into `records` (mutated in place, new ones appended). The server wins
 * for status/progress/result_url/expiry; local keeps prompt, parameters and the saved path.
 * Local records the list does not mention stay (the list holds only the latest 100).
 */
export function mergeHistory(records: Map<string, TrackedJobRecord>, server: readonly VideoTask[], newId: () => string, nowSec: number): MergeResult {
  const byTaskId = new Map<string, TrackedJobRecord>();
  for (const r of records.values()) if (r.taskId) byTaskId.set(r.taskId, r);
  const result: MergeResult = { added: [], changed: [], becameTerminal: [] };
  for (const task of server) {
    const local = byTaskId.get(task.task_id);
    if (!local) {
      const record = recordFromServerTask(task, newId(), nowSec);
      records.set(record.localId, record);
      byTaskId.set(task.task_id, record);
      result.added.push(record);
      continue;
    }
    const wasTerminal = isTerminalLocal(local.status);
    if (applyServerTask(local, task, nowSec)) result.changed.push(local);
    if (!wasTerminal && isTerminalLocal(local.status)) result.becameTerminal.push(local);
  }
  return result;
}

/** Newest first by creation time; among equals, the later-inserted first. */
export function sortNewestFirst(records: Iterable<TrackedJobRecord>): TrackedJobRecord[] {
  return [...records].reverse().sort((a, b) => b.created - a.created);
}

/**
 * Keeps at most `cap` records: everything still waiting or running, then the newest finished ones.
 * Returns the records to keep, newest first.
 */
export function capHistory(records: Iterable<TrackedJobRecord>, cap: number = DEFAULT_HISTORY_CAP): TrackedJobRecord[] {
  const sorted = sortNewestFirst(records);
  if (sorted.length <= cap) return sorted;
  const live = sorted.filter((r) => !isTerminalLocal(r.status));
  let room = Math.max(0, cap - live.length);
  return sorted.filter((r) => {
    if (!isTerminalLocal(r.status)) return true;
    if (room > 0) {
      room--;
      return true;
    }
    return false;
  });
}

/** Server tasks that occupy a slot of the per-key limit. */
export function runningTaskIds(server: readonly VideoTask[]): string[] {
  return server.filter((t) => !isTerminal(t.status)).map((t) => t.task_id);
}
