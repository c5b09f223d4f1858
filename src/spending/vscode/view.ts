// Airforce: Show Spending — one editor tab with the static page of src/spending/spendingHtml.ts
// (no scripts: enableScripts is off and the CSP admits only the page's own style element). It is
// drawn again when a job changes or the tab becomes visible, so other windows' jobs show up too.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { formatMoneyCents } from '../../l10n/format';
import type { SpendingData } from '../service';
import { spendingHtml, type SpendingStrings } from '../spendingHtml';
import { JOB_KIND_IDS } from '../../kinds';
import type { SpendKind } from '../events';
import { kindLabel } from '../../views/kindLabel';
import { SPENDING_VIEW_TYPE } from './serializer';

export function spendingStrings(d: SpendingData): SpendingStrings {
  const summary = [
    vscode.l10n.t('Spent today: {0}', formatMoneyCents(d.todayCents, vscode.env.language)),
    vscode.l10n.t('Spent this month: {0}', formatMoneyCents(d.monthCents, vscode.env.language)),
    vscode.l10n.t('In flight (sent, not finished): {0}', formatMoneyCents(d.inFlightCents, vscode.env.language)),
  ];
  if (d.leftCents !== undefined) {
    summary.push(
      d.period === 'month'
        ? vscode.l10n.t('Budget {0} per month: {1} left', formatMoneyCents(d.budgetCents, vscode.env.language), formatMoneyCents(d.leftCents, vscode.env.language))
        : vscode.l10n.t('Budget {0} per day: {1} left', formatMoneyCents(d.budgetCents, vscode.env.language), formatMoneyCents(d.leftCents, vscode.env.language)),
    );
  } else {
    summary.push(vscode.l10n.t('No budget set (airforce.budgetCents).'));
  }
  // Prompt help's chat calls are in the ledger too, beside the jobs.
  const kinds = { ...Object.fromEntries(JOB_KIND_IDS.map((k) => [k, kindLabel(k)])), chat: vscode.l10n.t('Prompt help') } as Record<SpendKind, string>;
  const total = d.days.reduce((a, day) => a + day.total, 0);
  return {
    title: vscode.l10n.t('Airforce Spending'),
    summary,
    chartTitle: vscode.l10n.t('Spending per day, last 30 days'),
    chartLabel: vscode.l10n.t('Bar chart of spending per day over the last 30 days, by kind; {0} in total.', formatMoneyCents(total, vscode.env.language)),
    modelsTitle: vscode.l10n.t('Per model, last 30 days'),
    model: vscode.l10n.t('Model'),
    kind: vscode.l10n.t('Kind'),
    jobs: vscode.l10n.t('Jobs'),
    cost: vscode.l10n.t('Spent'),
    noSpending: vscode.l10n.t('Nothing spent in the last 30 days.'),
    ...(d.unbilledJobs > 0
      ? { unbilledNote: vscode.l10n.t('{0} job(s) settled without an X-Cost-Cents figure from the server: their cost is the task’s own figure or the estimate.', d.unbilledJobs) }
      : {}),
    ...(d.implausible.length > 0
      ? {
          implausible: {
            title: vscode.l10n.t('Not counted: implausible figures from the server'),
            note: vscode.l10n.t(
              'The server billed these jobs more than $100 and over 100 times their estimate. They are left out of every total and the budget until you accept one (check your account first).',
            ),
            date: vscode.l10n.t('Sent'),
            billed: vscode.l10n.t('Billed'),
            estimate: vscode.l10n.t('Estimated cost'),
            accept: vscode.l10n.t('Accept and count it'),
          },
        }
      : {}),
    kinds,
  };
}

/** A static page: no scripts, no local files. */
const OPTIONS: vscode.WebviewOptions = {
  enableScripts: false,
  // Only the links that accept an implausible figure (spendingHtml.ts acceptCostLink).
  enableCommandUris: ['airforce.showSpending'],
  localResourceRoots: [],
};

/** A job changed (the tracker's onDidChange). */
type OnChange = (listener: () => void) => { dispose(): void };

export class SpendingView {
  private static current: SpendingView | undefined;
  private readonly disposables: Array<{ dispose(): void }> = [];
  private drawing = 0;

  static createOrShow(load: () => Promise<SpendingData>, onDidChange?: OnChange): void {
    if (SpendingView.current) {
      SpendingView.current.panel.reveal();
      void SpendingView.current.render();
      return;
    }
    const panel = vscode.window.createWebviewPanel(SPENDING_VIEW_TYPE, vscode.l10n.t('Airforce Spending'), vscode.ViewColumn.Active, OPTIONS);
    SpendingView.current = new SpendingView(panel, load, onDidChange);
  }

  /** The tab VS Code brought back after a reload: drawn anew from the ledger (the page keeps no state). */
  static revive(panel: vscode.WebviewPanel, load: () => Promise<SpendingData>, onDidChange?: OnChange): void {
    // One Show Spending tab: a second restored one (two windows' worth of state) is closed.
    if (SpendingView.current) {
      panel.dispose();
      return;
    }
    panel.webview.options = OPTIONS;
    panel.title = vscode.l10n.t('Airforce Spending');
    SpendingView.current = new SpendingView(panel, load, onDidChange);
  }

  /** Draws the open view again (a figure was accepted). */
  static refresh(): void {
    void SpendingView.current?.render();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly load: () => Promise<SpendingData>,
    onDidChange?: OnChange,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => e.webviewPanel.visible && void this.render()),
    );
    if (onDidChange) this.disposables.push(onDidChange(() => panel.visible && void this.render()));
    void this.render();
  }

  private async render(): Promise<void> {
    const drawing = ++this.drawing;
    const data = await this.load();
    if (drawing !== this.drawing || SpendingView.current !== this) return;
    this.panel.webview.html = spendingHtml(data, spendingStrings(data), randomBytes(16).toString('base64'), vscode.env.language);
  }

  private dispose(): void {
    if (SpendingView.current === this) SpendingView.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
