// The task the panel shows: which one, its latest view (replayed when the app reloads), updates as
// the tracker changes it, and the buttons of a task in trouble ("Look again", "Send again", "Try again").
import { promises as fsp } from 'node:fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../jobs/types';
import type { WebviewChannel } from '../../webview/channel';
import { describeError, LOG_PREFIX, type PanelHost } from './panelHost';
import type { ResultUris } from './webview';
import { savedFiles } from './fileActions';
import type { HostMessage, TaskAction, TaskFile, JobView } from '../protocol';
import { isTerminalStatus, jobViewOf, taskFileMedia } from '../jobViewData';

/** A transcript's first lines, shown in the task view (Open shows the rest). */
const EXCERPT_LINES = 12;
const EXCERPT_BYTES = 2048;

export class PanelJobView {
  private currentLocalId: string | undefined;
  /** The latest task view, replayed after `ready` and when the panel shows again. */
  private lastTask: JobView | undefined;
  private seq = 0;
  /** The next task message should switch the app to the task view (submit, showTask). */
  private revealTask = false;
  /** The task whose audio plays once when its result arrives (a Generate pressed here, Speak Selection). */
  private playWhenReady: string | undefined;
  /** First time a task was seen terminal, for records without completedAt (the timer must stop). */
  private readonly endedAt = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly host: PanelHost,
    private readonly channel: WebviewChannel<HostMessage>,
    private readonly results: ResultUris,
    localId: string | undefined,
  ) {
    this.currentLocalId = localId;
    if (localId) void this.refresh();
  }

  get localId(): string | undefined {
    return this.currentLocalId;
  }

  /** Shows this task; the app switches to it with the next task message. `play`: its audio plays once, when ready. */
  show(localId: string, play = false): Promise<void> {
    this.currentLocalId = localId;
    this.revealTask = true;
    this.playWhenReady = play ? localId : undefined;
    return this.refresh();
  }

  /** A tracker change: undefined means "many may have changed". */
  recordChanged(record: JobRecord | undefined): void {
    if (!this.currentLocalId) return;
    if (record === undefined || record.localId === this.currentLocalId) void this.refresh();
  }

  replay(send: (message: HostMessage) => void): void {
    if (!this.lastTask) return;
    // Plays once: the first time the result reaches the app (a new panel loads, a hidden one shows).
    // A panel restored after a window reload has nothing to play.
    send({ type: 'task', task: this.lastTask, reveal: this.revealTask, ...this.takePlay(this.lastTask) });
    this.revealTask = false;
  }

  /** `{play: true}` once, for the task that was to play when its audio result is there. */
  private takePlay(view: JobView): { play?: true } {
    if (!this.playWhenReady || view.localId !== this.playWhenReady) return {};
    const status = String(view.status);
    if (!isTerminalStatus(status)) return {};
    this.playWhenReady = undefined;
    return status === 'completed' && view.files?.some((f) => f.media === 'audio' && f.uri) ? { play: true } : {};
  }

  /** No more posts (the panel is gone). */
  close(): void {
    this.closed = true;
  }

  async refresh(): Promise<void> {
    const localId = this.currentLocalId;
    if (!localId) return;
    const record = this.host.trackerRecord(localId);
    if (!record) return;
    const seq = ++this.seq;
    const view = await this.viewOf(record);
    // A newer record arrived while this one was being prepared (stat is async): keep the newest.
    if (seq !== this.seq || this.closed) return;
    this.lastTask = view;
    const live = this.channel.live;
    // Not live: the replay when the app (re)loads or shows again plays it, the first time it is seen.
    this.channel.post({ type: 'task', task: view, reveal: live && this.revealTask, ...(live ? this.takePlay(view) : {}) });
    if (live) this.revealTask = false;
  }

  private async viewOf(r: JobRecord): Promise<JobView> {
    let endedAt = r.completedAt !== undefined ? r.completedAt * 1000 : undefined;
    if (isTerminalStatus(String(r.status)) && endedAt === undefined) {
      endedAt = this.endedAt.get(r.localId) ?? Date.now();
      this.endedAt.set(r.localId, endedAt);
    }
    const view = jobViewOf(r, endedAt);
    if (r.kind !== 'video') {
      view.files = await this.fileViews(savedFiles(r));
      return view;
    }
    if (r.savedPath) {
      view.savedPath = r.savedPath;
      const uri = await this.results.playable(r.savedPath);
      if (uri) view.videoUri = uri;
      // Looked for each time the video is shown: a transcript made since then brings its track.
      const subtitles = uri ? await this.results.subtitles(r.savedPath) : undefined;
      if (subtitles) view.subtitles = subtitles;
    }
    return view;
  }

  /**
   * Every saved file in the job's order, so an index means the same file here and in the record; a
   * gone file has an empty uri. The first text file (a transcript) carries its first lines.
   */
  private async fileViews(files: readonly string[]): Promise<TaskFile[]> {
    const views: TaskFile[] = [];
    for (const file of files) {
      const uri = (await this.results.playable(file)) ?? '';
      const media = taskFileMedia(file);
      const first = media === 'text' && !views.some((v) => v.media === 'text');
      const excerpt = first && uri ? await readExcerpt(file) : undefined;
      views.push({ uri, name: path.basename(file), media, ...(excerpt !== undefined ? { excerpt } : {}) });
    }
    return views;
  }

  /**
   * The commands the Tasks view offers too (they ask, report and log themselves), only for a record
   * in the state the button belongs to. `generateAgain` takes over when the request was not kept.
   */
  async action(action: TaskAction, id: string, generateAgain: (localId: string) => Promise<void>): Promise<void> {
    const r = this.host.trackerRecord(id);
    const status = String(r?.status);
    const retryable = status === 'failed' && r?.retryable === true;
    const fits = action === 'lookAgain' ? status === 'fate-unknown' : action === 'sendAgain' ? status === 'fate-unknown' || retryable : retryable;
    if (!r || !fits) {
      this.host.logger.warn(`${LOG_PREFIX} ${action} refused for a task in state ${r ? status : '(unknown task)'}`);
      return;
    }
    try {
      const result: unknown = await vscode.commands.executeCommand(`airforce.${action}`, r.localId);
      // A resend may live on as another record: follow it if this panel still shows the old one.
      const next = action !== 'lookAgain' && typeof result === 'string' ? this.host.trackerRecord(result) : undefined;
      if (next && this.currentLocalId === r.localId) this.currentLocalId = next.localId;
      await this.refresh();
    } catch (e) {
      // The request body was not kept (e.g. it held image bytes and the window restarted): the form
      // takes over, pre-filled, so the person can send it knowingly.
      if (e instanceof Error && e.message.startsWith('The request is no longer available')) await generateAgain(r.localId);
      else this.host.logger.warn(`${LOG_PREFIX} ${action} failed: ${describeError(e)}`);
    }
  }
}

/** The first lines of a text file (at most EXCERPT_BYTES read, never the whole file), "…" when there is more. */
async function readExcerpt(file: string): Promise<string | undefined> {
  try {
    const handle = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(EXCERPT_BYTES + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      // A cut in the middle of a character leaves a replacement mark: drop it with the cut line.
      const text = buf.subarray(0, Math.min(bytesRead, EXCERPT_BYTES)).toString('utf8');
      const lines = text.split(/\r?\n/);
      const more = bytesRead > EXCERPT_BYTES || lines.length > EXCERPT_LINES;
      const kept = lines.slice(0, bytesRead > EXCERPT_BYTES ? Math.min(EXCERPT_LINES, Math.max(1, lines.length - 1)) : EXCERPT_LINES);
      return (kept.join('\n').trimEnd() + (more ? '\n…' : '')).slice(0, 4000);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
