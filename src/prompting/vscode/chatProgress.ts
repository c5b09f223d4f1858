// The cancellable progress notification of a prompt-help call: opened once the call is agreed (never
// under the cost question), it counts the characters as they stream, and its Cancel aborts the
// stream through the signal the call was given.
import * as vscode from 'vscode';

/** How often the count is redrawn while text streams in. */
const REPORT_MS = 200;

export class ChatProgress implements vscode.Disposable {
  private readonly abort = new AbortController();
  private progress?: vscode.Progress<{ message?: string }>;
  private finish?: () => void;
  private chars = 0;
  private lastReport = 0;
  private step = '';

  constructor(private readonly title: string) {}

  /** Aborted when the person presses Cancel. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Shows the notification (once); `step` names what is being written. */
  start(step: string): void {
    this.step = step;
    this.chars = 0;
    if (this.finish) return this.report(true);
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: this.title, cancellable: true }, (progress, token) => {
      this.progress = progress;
      token.onCancellationRequested(() => this.abort.abort());
      this.report(true);
      return done;
    });
  }

  /** A piece of the answer arrived. */
  delta(text: string): void {
    this.chars += [...text].length;
    this.report(false);
  }

  private report(now: boolean): void {
    if (!now && Date.now() - this.lastReport < REPORT_MS) return;
    this.lastReport = Date.now();
    this.progress?.report({ message: this.chars > 0 ? vscode.l10n.t('{0} ({1} characters)', this.step, this.chars) : this.step });
  }

  dispose(): void {
    this.finish?.();
  }
}
