// The Tasks view. Elements are local ids, so a progress update re-renders one row without
// re-fetching the list (the record is looked up when the row is drawn).
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { JobRecord } from '../jobs/types';
import { groupChildren, groupIdOf, groupOf, topLevelRows, type CompareGroupSource } from '../compare/groupRows';
import { groupTreeItem, keptPrefix } from './compareGroupItem';
import { formatPercent, formatSeconds } from '../l10n/format';
import { kindLabel } from './kindLabel';
import { requestRows, type Row } from './requestRows';
import { formatCostCents } from './money';
import {
  firstFile,
  formatElapsed,
  isRunning,
  isSyncJob,
  rowNotice,
  shortText,
  taskContextValue,
  taskCosts,
  taskDescription,
  taskIcon,
  jobLabel,
  type PresentedRecord,
  type RowNotice,
} from './jobPresentation';

export interface TaskSource {
  records(): JobRecord[];
  get(id: string): JobRecord | undefined;
  onDidChange(listener: (record: JobRecord | undefined) => void): { dispose(): void };
}

export class TasksTreeProvider extends Disposable implements vscode.TreeDataProvider<string> {
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Per row: what decides its place and menus. Only progress may change without a list refresh. */
  private shapes = new Map<string, string>();
  /** Redraws rows that show a running wait clock ("waiting 0:42"), once a second while any is drawn. */
  private tick: ReturnType<typeof setTimeout> | undefined;
  private readonly ticking = new Set<string>();
  /** Which comparison job is kept (a comparison is one row with its jobs as children: compare/groupRows.ts). */
  private groups: CompareGroupSource | undefined;

  constructor(
    private readonly source: () => TaskSource | undefined,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.register({ dispose: () => clearTimeout(this.tick) });
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

  /** A kept comparison job redraws the list. */
  attachGroups(groups: CompareGroupSource): void {
    this.groups = groups;
    this.register(groups.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(element?: string): string[] {
    const records = this.source()?.records() ?? [];
    const group = element === undefined ? undefined : groupIdOf(element);
    if (group !== undefined) return groupChildren(records, group);
    if (element) return [];
    this.shapes = new Map(records.map((r) => [r.localId, shapeOf(r)]));
    return topLevelRows(records);
  }

  getTreeItem(localId: string): vscode.TreeItem {
    const group = groupIdOf(localId);
    if (group !== undefined) return groupTreeItem(this.source()?.records() ?? [], group, this.now());
    const r = this.source()?.get(localId) as PresentedRecord | undefined;
    if (!r) return new vscode.TreeItem(localId);
    // A comparison's jobs share its prompt (shown on the group's row): each leads with its model.
    const g = groupOf(r);
    const label = g !== undefined ? r.model : jobLabel(r);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    const now = this.now();
    const notice = rowNotice(r);
    item.id = r.localId;
    const short = notice && noticeShort(notice, now);
    const description = taskDescription(r, now, g === undefined);
    item.description = short ? `${short} · ${description}` : description;
    if (g !== undefined && this.groups?.kept(g) === r.localId) item.description = `${keptPrefix()} · ${item.description}`;
    const icon = taskIcon(r);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = taskContextValue(r);
    item.tooltip = taskTooltip(r, notice);
    const kind = isSyncJob(r) ? `${kindText(r)}: ` : '';
    item.accessibilityInformation = { label: `${kind}${label}, ${statusText(r)}${short ? `, ${short}` : ''}` };
    if (notice?.kind === 'waiting' && notice.since !== undefined) this.tickLater(r.localId);
    item.command = openCommand(r);
    return item;
  }

  private tickLater(localId: string): void {
    this.ticking.add(localId);
    if (this.tick || this.isDisposed) return;
    this.tick = setTimeout(() => {
      this.tick = undefined;
      const ids = [...this.ticking];
      this.ticking.clear();
      for (const id of ids) if (this.shapes.has(id)) this.changed.fire(id);
    }, 1000);
  }
}

/** A click opens the result: a video through Open Result (it may still need downloading), another kind's first file directly. */
function openCommand(r: PresentedRecord): vscode.Command | undefined {
  if (r.status !== 'completed') return undefined;
  if (!isSyncJob(r)) return { command: 'airforce.openResult', title: vscode.l10n.t('Open Video'), arguments: [r.localId] };
  const file = firstFile(r);
  return file ? { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(file)] } : undefined;
}

export function kindText(r: PresentedRecord): string {
  return kindLabel(r.kind ?? 'video');
}

// Everything that changes the row's menus (context value) or its place reshapes the list.
const shapeOf = (r: PresentedRecord): string => `${r.status}|${r.created}|${r.savedPath ?? ''}|${r.taskId ?? ''}|${r.retryable === true}|${r.error ? 1 : 0}`;

export function statusText(r: PresentedRecord): string {
  const status: string = r.status;
  switch (status) {
    case 'waiting':
      // A synchronous job waits for its one POST to answer, not for a slot.
      if (isSyncJob(r) && !r.waitReason) return vscode.l10n.t('Generating…');
      return r.waitReason ? vscode.l10n.t('Waiting') : vscode.l10n.t('Waiting for a free slot');
    case 'queued':
      return vscode.l10n.t('Queued');
    case 'processing':
      return vscode.l10n.t('Processing {0}', formatPercent(r.progress, vscode.env.language));
    case 'completed':
      return r.savedPath ? vscode.l10n.t('Completed, saved') : vscode.l10n.t('Completed, not downloaded');
    case 'failed':
      return vscode.l10n.t('Failed');
    case 'expired':
      return vscode.l10n.t('Expired');
    case 'fate-unknown':
      return vscode.l10n.t('Sent — fate unknown');
    default:
      return vscode.l10n.t('Unknown status “{0}”', status === 'unrecognized' ? (r.rawStatus ?? '') : status);
  }
}

/** The words in front of the row's description. */
function noticeShort(notice: RowNotice, nowMs: number): string | undefined {
  switch (notice.kind) {
    case 'fate-unknown':
      return vscode.l10n.t('sent — fate unknown');
    case 'waiting': {
      const since = notice.since !== undefined ? formatElapsed(notice.since, nowMs) : undefined;
      if (since && notice.reason) return vscode.l10n.t('waiting {0} — {1}', since, shortText(notice.reason));
      if (since) return vscode.l10n.t('waiting {0}', since);
      return notice.reason ? vscode.l10n.t('waiting — {0}', shortText(notice.reason)) : undefined;
    }
    case 'retryable':
    case 'failed':
      return notice.error ? shortText(notice.error) : undefined;
    case 'unrecognized':
      return vscode.l10n.t('Unknown status “{0}”', notice.raw);
    case 'troubled':
      return vscode.l10n.t('problem: {0}', shortText(notice.error));
    case 'ready':
      return vscode.l10n.t('ready to download');
  }
}

/** The paragraph under the status line: what happened and what the actions do. */
function noticeExplanation(notice: RowNotice | undefined): string | undefined {
  switch (notice?.kind) {
    case 'fate-unknown':
      return vscode.l10n.t(
        'The request was sent, but the window closed or the connection dropped before the answer came, and it could not be found in the task list. It is not sent again by itself. Look Again checks the task list once more; Send Again sends the request a second time and may be billed twice.',
      );
    case 'waiting':
      return notice.since !== undefined ? vscode.l10n.t('{0} Waiting since {1}.', notice.reason ?? '', new Date(notice.since * 1000).toLocaleTimeString()).trim() : notice.reason;
    case 'retryable':
      return vscode.l10n.t('The server refused this request, so nothing was billed and sending it again is safe: Try Again.');
    case 'unrecognized':
      return vscode.l10n.t('The server reported a status this version does not know. The task is still followed until it ends.');
    case 'troubled':
      return vscode.l10n.t('Reading this task’s status keeps failing; it is still followed, with growing pauses.');
    default:
      return undefined;
  }
}

function taskTooltip(r: PresentedRecord, notice: RowNotice | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${statusText(r)}**\n\n`);
  // A synchronous request cannot be looked up in a task list: its own error says what is known.
  const explanation = isSyncJob(r) && notice?.kind === 'fate-unknown' && r.error ? r.error : noticeExplanation(notice);
  if (explanation) {
    md.appendText(explanation);
    md.appendMarkdown('\n\n');
  }
  md.appendText(r.prompt);
  md.appendMarkdown('\n\n');
  const rows = isSyncJob(r) ? syncRows(r) : videoRows(r);
  for (const [k, v] of rows) {
    if (v) {
      md.appendMarkdown(`${k}: `);
      md.appendText(v);
      md.appendMarkdown('  \n');
    }
  }
  return md;
}

/** Estimate and settled cost side by side (src/views/jobPresentation.ts taskCosts). */
function costRows(r: PresentedRecord): Row[] {
  const { estimate, settled, billed, implausible } = taskCosts(r);
  const paid = settled === undefined ? undefined : formatCostCents(settled, vscode.env.language);
  const shown = paid === undefined ? undefined : implausible ? vscode.l10n.t('{0} — implausible: not counted until accepted in Show Spending', paid) : billed ? paid : undefined;
  return [
    [vscode.l10n.t('Estimated cost'), estimate === undefined ? undefined : formatCostCents(estimate, vscode.env.language)],
    [vscode.l10n.t('Cost'), shown ?? (paid === undefined ? undefined : vscode.l10n.t('{0} (no X-Cost-Cents from the server: the task’s own figure)', paid))],
  ];
}

function videoRows(r: PresentedRecord): Row[] {
  return [
    [vscode.l10n.t('Task ID'), r.taskId],
    [vscode.l10n.t('Model'), r.model],
    [vscode.l10n.t('Mode'), r.mode],
    [vscode.l10n.t('Duration'), formatSeconds(r.duration_seconds, vscode.env.language)],
    [vscode.l10n.t('Aspect ratio'), r.aspect_ratio],
    [vscode.l10n.t('Quality'), r.quality],
    [vscode.l10n.t('Input images'), r.inputImageSources.join(', ') || undefined],
    ...requestRows(r.extra),
    ...costRows(r),
    ...commonRows(r),
  ];
}

/** Image, speech, music, sound effect: the kind, the request's own keys (`extra`), all saved files. */
function syncRows(r: PresentedRecord): Row[] {
  const files = r.files ?? [];
  return [
    [vscode.l10n.t('Kind'), kindText(r)],
    [vscode.l10n.t('Model'), r.model],
    [vscode.l10n.t('Aspect ratio'), r.aspect_ratio],
    [vscode.l10n.t('Quality'), r.quality],
    [vscode.l10n.t('Input images'), r.inputImageSources.join(', ') || undefined],
    ...requestRows(r.extra),
    ...costRows(r),
    ...commonRows(r),
    [vscode.l10n.t('Files'), files.length > 1 ? files.slice(1).join(', ') : undefined],
    // The synchronous kinds keep the answer's X-Request-ID as their id.
    [vscode.l10n.t('Request ID'), r.taskId && r.taskId !== r.requestId ? r.taskId : undefined],
  ];
}

function commonRows(r: PresentedRecord): Row[] {
  return [
    [vscode.l10n.t('Created'), new Date(r.created * 1000).toLocaleString()],
    [vscode.l10n.t('Expires'), r.expiresAt ? new Date(r.expiresAt * 1000).toLocaleString() : undefined],
    [vscode.l10n.t('Saved as'), r.savedPath],
    // A lost create's explanation above already says what its error would.
    [vscode.l10n.t('Error'), r.status === 'fate-unknown' ? undefined : (r.error ?? r.downloadError)],
    [vscode.l10n.t('Request ID'), r.requestId],
  ];
}

export { isRunning };
