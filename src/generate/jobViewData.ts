// What the panel's task view, and a Compare card, are told about a tracker record. Pure (no vscode):
// the video URI and the files' URIs are added by the host, which can stat the files and allow their
// folder. It sits beside the protocol, not in host/, so the pure compare/cards.ts can use it too.
import type { JobRecord } from '../jobs/types';
import type { JobView, TaskFile } from './protocol';

const KNOWN_STATUSES: ReadonlySet<string> = new Set<JobView['status']>(['waiting', 'queued', 'processing', 'completed', 'failed', 'expired', 'fate-unknown', 'unrecognized']);

export function isTerminalStatus(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'expired';
}

/** `endedAt`: epoch ms the timer stops at (terminal records). */
export function jobViewOf(r: JobRecord, endedAt: number | undefined): JobView {
  // An image/audio job has no queue: from submit until its answer it is one POST under way.
  const raw = r.kind !== 'video' && String(r.status) === 'waiting' ? 'processing' : String(r.status);
  // A status this panel does not know is shown as such, never dropped (the app would refuse the view).
  const status = (KNOWN_STATUSES.has(raw) ? raw : 'unrecognized') as JobView['status'];
  const rawStatus = status === 'unrecognized' ? (raw === 'unrecognized' ? r.rawStatus : raw) : undefined;
  // What the server billed when it said so, else the task's own figure or the estimate.
  const cost = r.settledCostCents ?? r.costCents;
  return {
    localId: r.localId,
    status,
    progress: Math.max(0, Math.min(100, Number.isFinite(r.progress) ? r.progress : 0)),
    model: r.model,
    prompt: r.prompt,
    startedAt: r.created * 1000,
    ...(r.taskId ? { taskId: r.taskId } : {}),
    ...(cost !== undefined ? { costCents: cost } : {}),
    // Every kind but video names itself (an operation's results show as files: text, audio).
    ...(r.kind !== 'video' ? { kind: r.kind } : {}),
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

/** The panel's task view also shows text results (a transcript and its subtitles) as text. */
export function taskFileMedia(fsPath: string): TaskFile['media'] {
  return /\.(txt|srt|vtt)$/i.test(fsPath) ? 'text' : fileMedia(fsPath);
}

/** What a saved file shows as in the task view, by its extension (the extension named it from its bytes). */
export function fileMedia(fsPath: string): 'image' | 'audio' | 'video' {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fsPath)?.[1]?.toLowerCase() ?? '';
  if (['png', 'jpg', 'jpeg', 'webp'].includes(ext)) return 'image';
  if (['mp3', 'wav'].includes(ext)) return 'audio';
  return 'video';
}
