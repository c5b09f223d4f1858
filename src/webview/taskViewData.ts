// What the panel's task view is told about a tracker record. Pure (no vscode): the video URI is added
// by the panel, which can stat the file and allow its folder.
import type { TaskRecord } from '../tasks/types';
import type { TaskView } from './protocol';

const KNOWN_STATUSES: ReadonlySet<string> = new Set<TaskView['status']>([
  'waiting', 'queued', 'processing', 'completed', 'failed', 'expired', 'fate-unknown', 'unrecognized',
]);

export function isTerminalStatus(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'expired';
}

/** `endedAt`: epoch ms the timer stops at (terminal records). */
export function taskViewOf(r: TaskRecord, endedAt: number | undefined): TaskView {
  const raw = String(r.status);
  // A status this panel does not know is shown as such, never dropped (the app would refuse the view).
  const status = (KNOWN_STATUSES.has(raw) ? raw : 'unrecognized') as TaskView['status'];
  const rawStatus = status === 'unrecognized' ? (raw === 'unrecognized' ? r.rawStatus : raw) : undefined;
  return {
    localId: r.localId,
    status,
    progress: Math.max(0, Math.min(100, Number.isFinite(r.progress) ? r.progress : 0)),
    model: r.model,
    prompt: r.prompt,
    startedAt: r.created * 1000,
    ...(r.taskId ? { taskId: r.taskId } : {}),
    ...(r.costCents !== undefined ? { costCents: r.costCents } : {}),
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
    ...(rawStatus !== undefined ? { rawStatus: rawStatus.slice(0, 80) } : {}),
    ...(status === 'waiting' && r.waitReason ? { waitReason: r.waitReason } : {}),
    ...(status === 'waiting' && r.waitingSince !== undefined ? { waitingSince: r.waitingSince * 1000 } : {}),
    ...(status === 'failed' && r.retryable === true ? { retryable: true } : {}),
    ...(r.downloadError ? { downloadError: r.downloadError } : {}),
  };
}
