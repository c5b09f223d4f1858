// Airforce: Show Spending and Airforce: Export History…
// showSpending() opens the spending view; showSpending({data: true}) opens nothing and resolves to
// the figures the view draws (SpendingData: today, this month, in flight, budget left, 30 days, per
// model) — for tests and automation. exportHistory() asks where to save the CSV; exportHistory(uri)
// writes there without asking; both resolve to the file's Uri (undefined when the person cancelled).
import * as vscode from 'vscode';
import type { Airforce } from '../../container';
import { historyCsv } from '../csv';
import { localDate } from '../periods';
import type { SpendingData } from '../service';
import { SpendingView } from './view';

const wantsData = (arg: unknown): boolean => typeof arg === 'object' && arg !== null && (arg as { data?: unknown }).data === true;
/** showSpending({acceptCost: id}): the person accepts an implausible figure (the page's link). */
const acceptedId = (arg: unknown): string | undefined => {
  const id = typeof arg === 'object' && arg !== null ? (arg as { acceptCost?: unknown }).acceptCost : undefined;
  return typeof id === 'string' && id ? id : undefined;
};

export async function showSpending(af: Airforce, arg?: unknown): Promise<SpendingData | undefined> {
  const accept = acceptedId(arg);
  if (accept !== undefined) {
    if (!(await af.spending.acceptCost(accept))) throw new Error(vscode.l10n.t('No implausible cost waits to be accepted for job {0}.', accept));
    const data = await af.spending.data();
    SpendingView.refresh();
    return data;
  }
  if (wantsData(arg)) return af.spending.data();
  SpendingView.createOrShow(() => af.spending.data(), jobChanges(af));
  return undefined;
}

/** Show Spending restored after a reload (its serializer, registered at activation). */
export function reviveSpending(af: Airforce, panel: vscode.WebviewPanel): void {
  SpendingView.revive(panel, () => af.spending.data(), jobChanges(af));
}

/**
 * Redraws follow the tracker's changes; after a reload the tab may come back before anything built
 * the tracker, so it follows the tracker from when it exists.
 */
function jobChanges(af: Airforce): (listener: () => void) => { dispose(): void } {
  return (listener) => {
    const built = af.trackerIfBuilt;
    if (built) return built.onDidChange(listener);
    let inner: { dispose(): void } | undefined;
    const created = af.onDidCreateTracker((tracker) => (inner = tracker.onDidChange(listener)));
    return {
      dispose: () => {
        created.dispose();
        inner?.dispose();
      },
    };
  };
}

export async function exportHistory(af: Airforce, arg?: unknown): Promise<vscode.Uri | undefined> {
  let target = arg instanceof vscode.Uri ? arg : undefined;
  if (arg !== undefined && !target) throw new Error(vscode.l10n.t('Airforce: Export History expects no argument or a file Uri.'));
  const records = af.tracker.records();
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `airforce-history-${localDate(new Date())}.csv`;
    target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export History'),
      saveLabel: vscode.l10n.t('Export'),
      filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(historyCsv(records, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath)));
  if (!(arg instanceof vscode.Uri))
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} job(s) to {1}.', records.length, vscode.workspace.asRelativePath(target)));
  return target;
}
