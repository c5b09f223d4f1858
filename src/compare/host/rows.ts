// A comparison in the Tasks view: ONE row (where its newest job would be) with its jobs as children;
// the kept job says so. Elements stay strings: a group's element is `compare:<group id>`, a job's is
// its local id. The grouping is pure (topLevelRows, groupChildren); the row is drawn with vscode.
import * as vscode from 'vscode';
import type { TaskRecord } from '../../tasks/types';
import { formatCostCents } from '../../views/money';
import { formatAge, isRunning, taskLabel } from '../../views/taskPresentation';

export const GROUP_ELEMENT_PREFIX = 'compare:';
export const GROUP_CONTEXT = 'airforce.compare.group';

/** What the Tasks view needs of the comparisons: which job is kept (src/compare/groupStore.ts). */
export interface CompareGroupSource {
  kept(groupId: string): string | undefined;
  onDidChange(listener: (groupId: string) => void): { dispose(): void };
}

export const groupOf = (r: TaskRecord): string | undefined => (r.origin?.type === 'compare' ? r.origin.group : undefined);
export const groupElement = (groupId: string): string => `${GROUP_ELEMENT_PREFIX}${groupId}`;
export const groupIdOf = (element: string): string | undefined => (element.startsWith(GROUP_ELEMENT_PREFIX) ? element.slice(GROUP_ELEMENT_PREFIX.length) : undefined);

/** The top-level elements, in the records' order: each comparison once, at its first job. */
export function topLevelRows(records: readonly TaskRecord[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of records) {
    const g = groupOf(r);
    if (g === undefined) out.push(r.localId);
    else if (!seen.has(g)) {
      seen.add(g);
      out.push(groupElement(g));
    }
  }
  return out;
}

export function groupChildren(records: readonly TaskRecord[], groupId: string): string[] {
  return records.filter((r) => groupOf(r) === groupId).map((r) => r.localId);
}

/** The comparison's row: its prompt, its models, the total cost, how many still run; click opens the grid. */
export function groupTreeItem(records: readonly TaskRecord[], groupId: string, nowMs: number): vscode.TreeItem {
  const jobs = records.filter((r) => groupOf(r) === groupId);
  const first = jobs[jobs.length - 1];
  const label = vscode.l10n.t('Compare: {0}', first ? taskLabel(first) : groupId);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = groupElement(groupId);
  const models = [...new Set(jobs.map((j) => j.model))].reverse();
  const running = jobs.filter(isRunning).length;
  const total = jobs.reduce((sum, j) => sum + (costCents(j) ?? 0), 0);
  const parts = [models.join(', ')];
  if (total > 0) parts.push(formatCostCents(total, vscode.env.language));
  if (running > 0) parts.push(vscode.l10n.t('{0} running', running));
  if (first) parts.push(formatAge(first.created, nowMs));
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(running > 0 ? 'loading~spin' : 'split-horizontal');
  item.contextValue = GROUP_CONTEXT;
  item.tooltip = vscode.l10n.t('A comparison of {0} models on one prompt. Click to open its grid; "Compare Again" opens the form pre-filled.', models.length);
  item.command = { command: 'airforce.openComparison', title: vscode.l10n.t('Open Comparison'), arguments: [groupId] };
  return item;
}

/** The job's figure for the group's total: what it settled at, else its estimate. */
function costCents(r: TaskRecord): number | undefined {
  const v = r.settledCostCents ?? r.costCents;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The words in front of a kept job's description. */
export function keptPrefix(): string {
  return vscode.l10n.t('★ kept');
}
