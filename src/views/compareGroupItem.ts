// A comparison's row in the Tasks view, drawn with vscode: its prompt, models, total cost and how
// many still run; the kept job's words. Which rows there are is compare/groupRows.ts's (pure).
import * as vscode from 'vscode';
import { GROUP_CONTEXT, groupElement, groupOf } from '../compare/groupRows';
import type { JobRecord } from '../jobs/types';
import { formatCostCents } from './money';
import { formatAge, isRunning, jobLabel } from './jobPresentation';

/** The comparison's row: its prompt, its models, the total cost, how many still run; click opens the grid. */
export function groupTreeItem(records: readonly JobRecord[], groupId: string, nowMs: number): vscode.TreeItem {
  const jobs = records.filter((r) => groupOf(r) === groupId);
  const first = jobs[jobs.length - 1];
  const label = vscode.l10n.t('Compare: {0}', first ? jobLabel(first) : groupId);
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
function costCents(r: JobRecord): number | undefined {
  const v = r.settledCostCents ?? r.costCents;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The words in front of a kept job's description. */
export function keptPrefix(): string {
  return vscode.l10n.t('★ kept');
}
