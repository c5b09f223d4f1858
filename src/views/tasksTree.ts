// The Tasks view. Elements are local ids, so a progress update re-renders one row without
// re-fetching the list (the record is looked up when the row is drawn).
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { TaskRecord } from '../tasks/types';
import { isRunning, taskContextValue, taskDescription, taskIcon, taskLabel } from './taskPresentation';

export interface TaskSource {
  records(): TaskRecord[];
  get(id: string): TaskRecord | undefined;
  onDidChange(listener: (record: TaskRecord | undefined) => void): { dispose(): void };
}

export class TasksTreeProvider extends Disposable implements vscode.TreeDataProvider<string> {
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Per row: what decides its place and menus. Only progress may change without a list refresh. */
  private shapes = new Map<string, string>();

  constructor(private readonly source: () => TaskSource | undefined, private readonly now: () => number = Date.now) {
    super();
  }

  /** Called once the tracker exists (it is built lazily after activation). */
  attach(source: TaskSource): void {
    this.register(
      source.onDidChange((record) => {
        // A progress tick redraws one row; a new task, a new status or a new sort key reshapes the list.
        if (record && this.shapes.get(record.localId) === shapeOf(record)) this.changed.fire(record.localId);
        else this.changed.fire(undefined);
      }),
    );
    this.changed.fire(undefined);
  }

  getChildren(element?: string): string[] {
    if (element) return [];
    const records = this.source()?.records() ?? [];
    this.shapes = new Map(records.map((r) => [r.localId, shapeOf(r)]));
    return records.map((r) => r.localId);
  }

  getTreeItem(localId: string): vscode.TreeItem {
    const r = this.source()?.get(localId);
    if (!r) return new vscode.TreeItem(localId);
    const item = new vscode.TreeItem(taskLabel(r), vscode.TreeItemCollapsibleState.None);
    item.id = r.localId;
    item.description = taskDescription(r, this.now());
    const icon = taskIcon(r);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = taskContextValue(r);
    item.tooltip = taskTooltip(r);
    item.accessibilityInformation = { label: `${taskLabel(r)}, ${statusText(r)}` };
    if (r.status === 'completed') {
      item.command = { command: 'airforce.openResult', title: vscode.l10n.t('Open Video'), arguments: [r.localId] };
    }
    return item;
  }
}

const shapeOf = (r: TaskRecord): string => `${r.status}|${r.created}|${r.savedPath ?? ''}|${r.taskId ?? ''}`;

export function statusText(r: TaskRecord): string {
  switch (r.status) {
    case 'waiting':
      return vscode.l10n.t('Waiting for a free slot');
    case 'queued':
      return vscode.l10n.t('Queued');
    case 'processing':
      return vscode.l10n.t('Processing {0}%', Math.round(r.progress));
    case 'completed':
      return r.savedPath ? vscode.l10n.t('Completed, saved') : vscode.l10n.t('Completed, not downloaded');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'expired':
      return vscode.l10n.t('Expired');
  }
}

function taskTooltip(r: TaskRecord): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${statusText(r)}**\n\n`);
  md.appendText(r.prompt);
  md.appendMarkdown('\n\n');
  const rows: [string, string | undefined][] = [
    [vscode.l10n.t('Task ID'), r.taskId],
    [vscode.l10n.t('Model'), r.model],
    [vscode.l10n.t('Mode'), r.mode],
    [vscode.l10n.t('Duration'), `${r.duration_seconds} s`],
    [vscode.l10n.t('Aspect ratio'), r.aspect_ratio],
    [vscode.l10n.t('Quality'), r.quality],
    [vscode.l10n.t('Input images'), r.inputImageSources.join(', ') || undefined],
    [vscode.l10n.t('Extra'), Object.keys(r.extra).length ? JSON.stringify(r.extra) : undefined],
    [vscode.l10n.t('Estimated cost'), r.costCents !== undefined ? `${(r.costCents / 100).toFixed(2)} USD` : undefined],
    [vscode.l10n.t('Created'), new Date(r.created * 1000).toLocaleString()],
    [vscode.l10n.t('Expires'), r.expiresAt ? new Date(r.expiresAt * 1000).toLocaleString() : undefined],
    [vscode.l10n.t('Saved as'), r.savedPath],
    [vscode.l10n.t('Error'), r.error ?? r.downloadError],
    [vscode.l10n.t('Request ID'), r.requestId],
  ];
  for (const [k, v] of rows) {
    if (v) {
      md.appendMarkdown(`${k}: `);
      md.appendText(v);
      md.appendMarkdown('  \n');
    }
  }
  return md;
}

export { isRunning };
