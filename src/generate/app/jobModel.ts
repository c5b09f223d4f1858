// What the task view shows for a given task state. Pure, so the rules are unit-tested.
import type { StringKey, Strings, TaskAction, JobView } from '../protocol';
import { SUBTITLE_LANG_PATTERN } from '../protocolConstants';
import { fill, formatElapsed } from '../../webview/browser/text';

/** `unsure`: the create was sent and its fate is unknown; only the person may send it again. */
export type TaskPhase = 'running' | 'saving' | 'ready' | 'failed' | 'unsure';

export function taskPhase(t: JobView): TaskPhase {
  if (t.status === 'fate-unknown') return 'unsure';
  if (t.status === 'failed' || t.status === 'expired') return 'failed';
  if (t.status !== 'completed') return 'running';
  if (isMediaTask(t) ? (t.files?.length ?? 0) > 0 : t.savedPath && t.videoUri) return 'ready';
  // Completed on the server but not (yet) on disk: still saving, or saving failed.
  return t.downloadError ? 'failed' : 'saving';
}

/** An image or audio job (its results are `files`, not a video). */
export function isMediaTask(t: JobView): boolean {
  return t.kind !== undefined && t.kind !== 'video';
}

export function statusKey(t: JobView): StringKey {
  return `status.${t.status}`;
}

/** The status line: an unrecognized status names the value the server sent. */
export function statusText(t: JobView, s: Strings): string {
  if (t.status === 'unrecognized') return fill(s['status.unrecognized'], t.rawStatus ?? '?');
  return s[statusKey(t)];
}

/** The tracker actions the task view offers in this state. */
export function taskActions(t: JobView): TaskAction[] {
  if (t.status === 'fate-unknown') return ['lookAgain', 'sendAgain'];
  if (t.status === 'failed' && t.retryable === true) return ['tryAgain'];
  return [];
}

/** A problem on a task that is still being followed (e.g. its status cannot be read right now). */
export function runningProblem(t: JobView): string | undefined {
  return taskPhase(t) === 'running' && t.error ? t.error : undefined;
}

/** Elapsed time: runs until the task ends, then freezes at its end time. */
export function elapsedText(t: JobView, now: number): string {
  return formatElapsed((t.endedAt ?? now) - t.startedAt);
}

/** The bar: the server's progress; full when completed, whatever the last report said. */
export function progressPercent(t: JobView): number {
  if (t.status === 'completed') return 100;
  return Math.round(Math.max(0, Math.min(100, t.progress)));
}

/** File actions need the saved file. */
export function canUseFile(t: JobView): boolean {
  return t.savedPath !== undefined;
}

/**
 * The video's `<track>`, if the subtitles the host sent are a resource like the video: same scheme
 * and host (the webview's resource origin) and the same folder, a `.vtt` file. Anything else is
 * dropped, so a malformed message cannot make the player fetch from elsewhere.
 */
export function subtitleTrack(t: JobView): { src: string; srclang?: string } | undefined {
  if (!t.subtitles || !t.videoUri) return undefined;
  let video: URL;
  let track: URL;
  try {
    video = new URL(t.videoUri);
    track = new URL(t.subtitles.uri);
  } catch {
    return undefined;
  }
  const folder = (u: URL): string => u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1);
  const alike = track.protocol === video.protocol && track.host === video.host && track.host !== '' && folder(track) === folder(video);
  if (!alike || !/\.vtt$/i.test(track.pathname) || track.username || track.password) return undefined;
  const lang = t.subtitles.lang;
  return { src: t.subtitles.uri, ...(lang && SUBTITLE_LANG_PATTERN.test(lang) ? { srclang: lang } : {}) };
}
