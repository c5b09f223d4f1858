// What the person is told when jobs finish, and what each notice's buttons do: one job saved (a single
// video asked alone opens), one ready to download, one failed, a batch summed up, or the jobs that
// finished while no window was open. When to tell (once, ever; which jobs go together) is
// ui/completionNotifier.ts's.
import * as vscode from 'vscode';
import type { JobRecord } from '../jobs/types';
import { config } from '../config';
import { batchText, closedText, failedText, readyText, short } from './completionText';

/** What the notifier told or opened, for tests and automation (the newest 100). */
export interface Announcement {
  readonly localIds: readonly string[];
  /** A notification's text, or the path of a file opened in an editor. */
  readonly text: string;
  readonly type: 'info' | 'error' | 'open';
}

export class CompletionAnnouncer {
  /** Every notification shown and file opened, newest last (bounded). */
  readonly announcements: Announcement[] = [];

  /** `shownInPanel`: the Generate panel is on screen showing this task (no need to open the file). */
  constructor(private readonly shownInPanel: (localId: string) => boolean) {}

  /** Jobs that finished while no window was open (claimed by this one): one notice, Download or Reveal. */
  async closed(ready: readonly JobRecord[]): Promise<void> {
    const unsaved = ready.filter((r) => !r.savedPath);
    // Saved by the automatic download meanwhile: said as ready, never opened on its own.
    if (ready.length === 1 && unsaved.length === 0) return this.showSaved(ready[0]!);
    const action = unsaved.length > 0 ? (ready.length === 1 ? vscode.l10n.t('Download') : vscode.l10n.t('Download All')) : vscode.l10n.t('Reveal');
    const choice = await this.info(ready, closedText(ready), action);
    if (choice !== action) return;
    if (unsaved.length === 0) return void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(ready[0]!.savedPath!));
    for (const r of unsaved) await vscode.commands.executeCommand('airforce.downloadResult', r.localId).then(undefined, () => undefined);
  }

  /** One job saved: an image or audio the panel shows needs no word; one video asked alone opens. */
  async saved(r: JobRecord): Promise<void> {
    // An image or audio result the panel is showing right now needs no second word.
    if (r.kind !== 'video' && this.shownInPanel(r.localId)) return;
    // A comparison's grid and a storyboard's link line show their own results: opening each video
    // would cover them. One video asked from the panel or palette opens, unless the panel shows it.
    const standalone = r.origin.type === 'panel' || r.origin.type === 'command';
    if (r.kind === 'video' && standalone && config.openResultOnComplete() && !this.shownInPanel(r.localId)) {
      this.note('open', [r], r.savedPath!);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(r.savedPath!), { preview: false, preserveFocus: true });
    }
    return this.showSaved(r);
  }

  private async showSaved(r: JobRecord): Promise<void> {
    const uri = vscode.Uri.file(r.savedPath!);
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal');
    const choice = await this.info([r], readyText(r), open, reveal);
    if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
    else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
  }

  /** One job ready to download (not saved yet). */
  async ready(r: JobRecord): Promise<void> {
    // A dubbing job the panel shows: its track is being saved there and plays when it is.
    if (r.kind !== 'video' && this.shownInPanel(r.localId)) return;
    const download = vscode.l10n.t('Download');
    const choice = await this.info([r], readyText(r), download);
    // Downloads, then opens: the save that follows is not announced a second time.
    if (choice === download) await vscode.commands.executeCommand('airforce.openResult', r.localId).then(undefined, () => undefined);
  }

  async failed(r: JobRecord): Promise<void> {
    const detail = r.requestId ? ` (${vscode.l10n.t('request ID {0}', r.requestId)})` : '';
    // The server provably refused it (daily cap, balance): sending again bills nothing twice.
    const tryAgain = vscode.l10n.t('Try Again');
    const actions = r.retryable === true ? [tryAgain] : [];
    const choice = await this.error([r], failedText(r, `${r.error ?? r.status}${detail}`), ...actions);
    // The command shows its own failure.
    if (choice === tryAgain) await vscode.commands.executeCommand('airforce.tryAgain', r.localId).then(undefined, () => undefined);
  }

  /** One notice for jobs that finished together: nothing opens by itself; Open and Reveal on request. */
  async batch(records: readonly JobRecord[]): Promise<void> {
    const saved = records.filter((r) => r.savedPath);
    const failed = records.filter((r) => r.status === 'failed').length;
    const origin = records[0]!.origin;
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal');
    const actions = saved.length > 0 || origin.type === 'compare' ? [open, ...(saved.length > 0 ? [reveal] : [])] : [];
    const text = batchText(origin.type, records.length - failed, failed);
    const choice = await (failed > 0 && saved.length === 0 ? this.error(records, text) : this.info(records, text, ...actions));
    if (choice === reveal) return void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(saved[0]!.savedPath!));
    if (choice !== open) return;
    if (origin.type === 'compare') return void vscode.commands.executeCommand('airforce.openComparison', origin.group);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (origin.type === 'storyboard' && folder) return void vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder, origin.file));
    const picked = saved.length === 1 ? saved[0] : (await vscode.window.showQuickPick(saved.map((r) => ({ label: short(r.prompt), description: r.savedPath, r }))))?.r;
    if (picked) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(picked.savedPath!));
  }

  private note(type: Announcement['type'], records: readonly JobRecord[], text: string): void {
    this.announcements.push({ type, localIds: records.map((r) => r.localId), text });
    if (this.announcements.length > 100) this.announcements.shift();
  }

  private info(records: readonly JobRecord[], text: string, ...items: string[]): Thenable<string | undefined> {
    this.note('info', records, text);
    return vscode.window.showInformationMessage(text, ...items);
  }

  private error(records: readonly JobRecord[], text: string, ...items: string[]): Thenable<string | undefined> {
    this.note('error', records, text);
    return vscode.window.showErrorMessage(text, ...items);
  }
}
