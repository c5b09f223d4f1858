// Tells the person when a job is ready (or failed), once per job, in the words of its kind, and opens
// a video if they asked (image and audio jobs are shown by whoever asked for them: the panel, Speak
// Selection, or the calling extension that got the files back).
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { TaskRecord } from '../tasks/types';
import type { TaskSource } from '../views/tasksTree';
import { config } from '../config';

type Seen = 'saved' | 'completed' | 'failed' | 'other';

const seenOf = (r: TaskRecord): Seen =>
  r.status === 'completed' ? (r.savedPath ? 'saved' : 'completed') : r.status === 'failed' ? 'failed' : 'other';

export class CompletionNotifier extends Disposable {
  private readonly seen = new Map<string, Seen>();

  /** `shownInPanel`: the Generate Video panel is on screen showing this task (no need to open the file). */
  constructor(private readonly shownInPanel: (localId: string) => boolean = () => false) {
    super();
  }

  attach(source: TaskSource): void {
    // What is already finished when we start was announced before (or in another session).
    for (const r of source.records()) this.seen.set(r.localId, seenOf(r));
    this.register(
      source.onDidChange((changed) => {
        for (const r of changed ? [changed] : source.records()) this.check(r);
      }),
    );
  }

  private check(r: TaskRecord): void {
    const now = seenOf(r);
    const before = this.seen.get(r.localId);
    this.seen.set(r.localId, now);
    if (now === before || now === 'other') return;
    if (now === 'saved') void this.announceSaved(r);
    else if (now === 'completed' && !config.autoDownload()) void this.announceReady(r);
    else if (now === 'failed' && before !== undefined) void this.announceFailed(r);
  }

  private async announceSaved(r: TaskRecord): Promise<void> {
    // An image or audio result the panel is showing right now needs no second word.
    if (r.kind !== 'video' && this.shownInPanel(r.localId)) return;
    const uri = vscode.Uri.file(r.savedPath!);
    if (r.kind === 'video' && config.openResultOnComplete() && !this.shownInPanel(r.localId)) {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false, preserveFocus: true });
    }
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal');
    const choice = await vscode.window.showInformationMessage(readyText(r), open, reveal);
    if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
    else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
  }

  private async announceReady(r: TaskRecord): Promise<void> {
    const download = vscode.l10n.t('Download');
    const choice = await vscode.window.showInformationMessage(readyText(r), download);
    if (choice === download) await vscode.commands.executeCommand('airforce.downloadResult', r.localId);
  }

  private async announceFailed(r: TaskRecord): Promise<void> {
    const detail = r.requestId ? ` (${vscode.l10n.t('request ID {0}', r.requestId)})` : '';
    // The server provably refused it (daily cap, balance): sending again bills nothing twice.
    const tryAgain = vscode.l10n.t('Try Again');
    const actions = r.retryable === true ? [tryAgain] : [];
    const choice = await vscode.window.showErrorMessage(failedText(r, `${r.error ?? r.status}${detail}`), ...actions);
    // The command shows its own failure.
    if (choice === tryAgain) await vscode.commands.executeCommand('airforce.tryAgain', r.localId).then(undefined, () => undefined);
  }
}

const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

/** "Image ready: …", "3 images ready: …": literal strings per kind, so each can be translated whole. */
function readyText(r: TaskRecord): string {
  const what = short(r.prompt);
  switch (r.kind) {
    case 'image': {
      const n = r.files?.length ?? 1;
      return n > 1 ? vscode.l10n.t('{0} images ready: {1}', n, what) : vscode.l10n.t('Image ready: {0}', what);
    }
    case 'speech':
      return vscode.l10n.t('Speech ready: {0}', what);
    case 'music':
      return vscode.l10n.t('Music ready: {0}', what);
    case 'sfx':
      return vscode.l10n.t('Sound effect ready: {0}', what);
    default:
      return vscode.l10n.t('Video ready: {0}', what);
  }
}

function failedText(r: TaskRecord, reason: string): string {
  switch (r.kind) {
    case 'image':
      return vscode.l10n.t('Image failed: {0}', reason);
    case 'speech':
      return vscode.l10n.t('Speech failed: {0}', reason);
    case 'music':
      return vscode.l10n.t('Music failed: {0}', reason);
    case 'sfx':
      return vscode.l10n.t('Sound effect failed: {0}', reason);
    default:
      return vscode.l10n.t('Video failed: {0}', reason);
  }
}
