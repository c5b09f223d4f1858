// Tells the person when a job is ready (or failed), once per job, in the words of its kind, and opens
// a video if they asked (image and audio jobs are shown by whoever asked for them: the panel, Speak
// Selection, or the calling extension that got the files back).
import * as vscode from 'vscode';
import { pickPlural } from '../l10n/format';
import { Disposable } from '../util/dispose';
import type { TaskRecord } from '../tasks/types';
import type { TaskSource } from '../views/tasksTree';
import { config } from '../config';

type Seen = 'saved' | 'completed' | 'failed' | 'other';

const seenOf = (r: TaskRecord): Seen =>
  r.status === 'completed' ? (r.savedPath ? 'saved' : 'completed') : r.status === 'failed' ? 'failed' : 'other';

/** Which finished-but-not-downloaded results were already offered (workspace state: once, ever). */
export interface OfferedStore {
  get(): readonly string[];
  set(ids: string[]): Thenable<void> | Promise<void>;
}

/** How many offered ids are kept: enough for any history, bounded. */
const OFFERED_MAX = 500;
/** Records restored or imported together are offered in one notification. */
const OFFER_DELAY_MS = 1500;

export class CompletionNotifier extends Disposable {
  private readonly seen = new Map<string, Seen>();
  private readonly pendingOffers = new Map<string, TaskRecord>();
  private offerTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `shownInPanel`: the Generate panel is on screen showing this task (no need to open the file).
   * `offered`: results that finished while the window was closed (or in another window) are offered
   * for download once; without a store they are not offered.
   */
  constructor(
    private readonly shownInPanel: (localId: string) => boolean = () => false,
    private readonly offered?: OfferedStore,
    private readonly offerDelayMs = OFFER_DELAY_MS,
  ) {
    super();
    this.register({ dispose: () => clearTimeout(this.offerTimer) });
  }

  attach(source: TaskSource): void {
    // What is already finished when we start was announced before (or in another session), except a
    // result still waiting to be downloaded: that one is offered once.
    for (const r of source.records()) {
      this.seen.set(r.localId, seenOf(r));
      if (seenOf(r) === 'completed') this.offerLater(r);
    }
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
    // First seen finished (the server's list: another window, or while this one was closed).
    else if (now === 'completed' && before === undefined) this.offerLater(r);
    else if (now === 'completed' && !config.autoDownload()) void this.announceReady(r);
    else if (now === 'failed' && before !== undefined) void this.announceFailed(r);
  }

  private offerLater(r: TaskRecord): void {
    if (!this.offered || this.offered.get().includes(r.localId)) return;
    this.pendingOffers.set(r.localId, r);
    clearTimeout(this.offerTimer);
    this.offerTimer = setTimeout(() => void this.offerPending(), this.offerDelayMs);
  }

  private async offerPending(): Promise<void> {
    const store = this.offered;
    if (!store || this.isDisposed) return;
    const done = new Set(store.get());
    // Still finished and not downloaded meanwhile (auto-download may have got there first).
    const ready = [...this.pendingOffers.values()].filter((r) => !done.has(r.localId) && this.seen.get(r.localId) === 'completed');
    this.pendingOffers.clear();
    if (ready.length === 0) return;
    await store.set([...done, ...ready.map((r) => r.localId)].slice(-OFFERED_MAX));
    const download = vscode.l10n.t('Download');
    if (ready.length === 1) {
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Ready to download: {0}', short(ready[0]!.prompt)), download);
      if (choice === download) await vscode.commands.executeCommand('airforce.downloadResult', ready[0]!.localId);
      return;
    }
    const all = vscode.l10n.t('Download All');
    const n = ready.length;
    const text = pickPlural(n, vscode.env.language, {
      one: vscode.l10n.t('{0} result finished while this window was closed or in another window.', n),
      few: vscode.l10n.t({ message: '{0} results finished while this window was closed or in another window.', args: [n], comment: ['plural form few'] }),
      many: vscode.l10n.t({ message: '{0} results finished while this window was closed or in another window.', args: [n], comment: ['plural form many'] }),
      other: vscode.l10n.t('{0} results finished while this window was closed or in another window.', n),
    });
    const choice = await vscode.window.showInformationMessage(text, all);
    if (choice !== all) return;
    for (const r of ready) await vscode.commands.executeCommand('airforce.downloadResult', r.localId).then(undefined, () => undefined);
  }

  private async announceSaved(r: TaskRecord): Promise<void> {
    // An image or audio result the panel is showing right now needs no second word.
    if (r.kind !== 'video' && this.shownInPanel(r.localId)) return;
    const uri = vscode.Uri.file(r.savedPath!);
    // A comparison's grid and a storyboard's link line show their own results: opening each video
    // would cover them.
    const shownElsewhere = r.origin.type === 'compare' || r.origin.type === 'storyboard';
    if (r.kind === 'video' && !shownElsewhere && config.openResultOnComplete() && !this.shownInPanel(r.localId)) {
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
      if (n <= 1) return vscode.l10n.t('Image ready: {0}', what);
      // One literal per plural form (Russian needs all four; the comment keeps the keys apart).
      return pickPlural(n, vscode.env.language, {
        one: vscode.l10n.t('{0} image ready: {1}', n, what),
        few: vscode.l10n.t({ message: '{0} images ready: {1}', args: [n, what], comment: ['plural form few'] }),
        many: vscode.l10n.t({ message: '{0} images ready: {1}', args: [n, what], comment: ['plural form many'] }),
        other: vscode.l10n.t('{0} images ready: {1}', n, what),
      });
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
