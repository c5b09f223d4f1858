// A create whose fate is unknown (the connection dropped after the body left, or the window closed
// while it was under way) is never re-sent without the person's say-so: every create that arrives
// is billed. This module finds the server task such a create produced, when the list allows it.
import type { VideoTask } from '../../api/schemas/schemas';
import { clearWait, type TrackedJobRecord } from '../records';
import { errorCode, errorStatus } from '../taskApi';

/** Clock skew between this machine and the server allowed when comparing `created` with `sentAt`. */
export const SENT_MATCH_SLACK_SEC = 120;

export const FATE_UNKNOWN_IN_WINDOW =
  'Sent, but the connection was lost before Airforce answered, and the task list shows no task that is clearly this one (it may not be listed yet). It was not sent again: "Look again" checks the list; "Send again" may be billed twice.';
export const FATE_UNKNOWN_AFTER_RESTART =
  'The window closed while this request was being sent, and the task list shows no task that is clearly this one (it may not be listed yet). It was not sent again: "Look again" checks the list; "Send again" may be billed twice.';
export const FATE_UNKNOWN_LIST_UNREADABLE =
  'The window closed while this request was being sent, and the task list could not be read to check it. It was not sent again: "Look again" checks the list; "Send again" may be billed twice.';

export function ambiguousMessage(base: string, count: number): string {
  return `${base} (${count} tasks in the list could be this one, so none was picked.)`;
}

/**
 * The create's outcome is unknown: the client lost the connection after sending, or the server
 * accepted it (2xx) with a body that could not be read.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (errorCode(err) === 'create_outcome_unknown') return true;
  const status = errorStatus(err);
  return status !== undefined && status >= 200 && status < 300;
}

/** After a restart, a create that was under way: its fate is unknown until the list shows it. */
export function markFateUnknownAfterRestart(record: TrackedJobRecord, listRead: boolean): void {
  record.status = 'fate-unknown';
  record.error = listRead ? FATE_UNKNOWN_AFTER_RESTART : FATE_UNKNOWN_LIST_UNREADABLE;
  clearWait(record);
}

export type LostCreateMatch = { kind: 'found'; task: VideoTask } | { kind: 'none' } | { kind: 'ambiguous'; count: number };

/** Could `task` be what `record`'s create produced? Fields the list leaves out do not count against it. */
function couldBe(task: VideoTask, record: TrackedJobRecord): boolean {
  const sentAt = record.sentAt ?? record.created;
  if (typeof task.created !== 'number' || task.created < sentAt - SENT_MATCH_SLACK_SEC) return false;
  if (task.model !== undefined && task.model !== record.model) return false;
  if (task.prompt !== undefined && task.prompt !== '' && task.prompt !== record.prompt) return false;
  if (task.duration_seconds !== undefined && record.duration_seconds > 0 && task.duration_seconds !== record.duration_seconds) {
    return false;
  }
  const both = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b;
  return both(task.mode, record.mode) && both(task.aspect_ratio, record.aspect_ratio) && both(task.quality, record.quality);
}

/**
 * Matches each lost create to a server task. A task is adopted only when it is the one candidate
 * of exactly one record: ambiguity is never resolved by guessing. `owned` = task ids already
 * held by local (non-imported) records: those are not candidates.
 */
export function matchLostCreates(lost: readonly TrackedJobRecord[], server: readonly VideoTask[], owned: ReadonlySet<string>): Map<string, LostCreateMatch> {
  const free = server.filter((t) => !owned.has(t.task_id));
  const candidates = new Map<string, VideoTask[]>();
  const claims = new Map<string, number>();
  for (const record of lost) {
    const found = free.filter((t) => couldBe(t, record));
    candidates.set(record.localId, found);
    for (const t of found) claims.set(t.task_id, (claims.get(t.task_id) ?? 0) + 1);
  }
  const out = new Map<string, LostCreateMatch>();
  for (const record of lost) {
    const found = candidates.get(record.localId) ?? [];
    if (found.length === 0) out.set(record.localId, { kind: 'none' });
    else if (found.length === 1 && claims.get(found[0].task_id) === 1) out.set(record.localId, { kind: 'found', task: found[0] });
    else out.set(record.localId, { kind: 'ambiguous', count: Math.max(found.length, 2) });
  }
  return out;
}
