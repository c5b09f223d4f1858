// "$(loading~spin) 2 generating · 1 waiting" while jobs of any kind run or wait in the local queue;
// hidden when idle. Click → Tasks view.
// The tooltip adds what was spent today and this month, and what the budget leaves (src/spending).
import * as vscode from 'vscode';
import { formatMoneyCents } from '../l10n/format';
import { Disposable } from '../util/dispose';
import type { SpendingData } from '../spending/service';
import type { TaskSource } from './tasksTree';
import { isRunning, waitsLocally } from './jobPresentation';

/** The spending lines of the tooltip. */
export function spendingTooltip(d: SpendingData): string {
  const lines = [vscode.l10n.t('Spent today: {0} · this month: {1}', formatMoneyCents(d.todayCents, vscode.env.language), formatMoneyCents(d.monthCents, vscode.env.language))];
  if (d.inFlightCents > 0) lines.push(vscode.l10n.t('In flight: {0}', formatMoneyCents(d.inFlightCents, vscode.env.language)));
  if (d.leftCents !== undefined) {
    lines.push(
      d.period === 'month'
        ? vscode.l10n.t('Budget {0} per month: {1} left', formatMoneyCents(d.budgetCents, vscode.env.language), formatMoneyCents(d.leftCents, vscode.env.language))
        : vscode.l10n.t('Budget {0} per day: {1} left', formatMoneyCents(d.budgetCents, vscode.env.language), formatMoneyCents(d.leftCents, vscode.env.language)),
    );
  }
  return lines.join('\n');
}

export class GeneratingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('airforce.generating', vscode.StatusBarAlignment.Left, 50));
  /** Only the newest tooltip update writes (the ledger read is async). */
  private generation = 0;

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Airforce: generating');
    this.item.command = 'airforce.tasks.focus';
  }

  /** `spending`: the totals for the tooltip (read when the item changes, so other windows' jobs count too). */
  attach(source: TaskSource, spending?: () => Promise<SpendingData>): void {
    const update = (): void => this.update(source, spending);
    this.register(source.onDidChange(update));
    update();
  }

  /** For tests: the item as drawn. */
  get shown(): { text: string; tooltip: string | undefined } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.tooltip?.value };
  }

  private update(source: TaskSource, spending?: () => Promise<SpendingData>): void {
    const records = source.records();
    // A video waiting in the local queue is not generating yet: it is counted apart.
    const waiting = records.filter(waitsLocally).length;
    const running = records.filter(isRunning).length - waiting;
    const generation = ++this.generation;
    if (running === 0 && waiting === 0) {
      this.item.hide();
      return;
    }
    const head =
      waiting === 0
        ? vscode.l10n.t('Airforce: {0} generating — show the Tasks view', running)
        : vscode.l10n.t('Airforce: {0} generating, {1} waiting to be sent — show the Tasks view', running, waiting);
    const parts: string[] = [];
    if (running > 0) parts.push(vscode.l10n.t('{0} generating', running));
    if (waiting > 0) parts.push(vscode.l10n.t('{0} waiting', waiting));
    this.item.text = `$(${running > 0 ? 'loading~spin' : 'clock'}) ${parts.join(' · ')}`;
    this.item.tooltip = head;
    this.item.show();
    spending?.().then(
      (d) => {
        if (generation === this.generation && !this.isDisposed) this.item.tooltip = `${head}\n\n${spendingTooltip(d)}`;
      },
      () => undefined, // the ledger is unreadable: the tooltip keeps its first line (the ledger logs why)
    );
  }
}
