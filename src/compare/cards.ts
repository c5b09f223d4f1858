// The grid's cards, from a group and the tracker's records: one card per model, showing that model's
// newest job in the group (a Retry adds a newer one). Pure: the host adds the files' webview URIs.
import { jobCosts } from '../spending/spend';
import type { JobRecord } from '../jobs/types';
import { jobViewOf } from '../generate/jobViewData';
import type { CompareGroup } from './groupStore';
import type { SharedField } from './fields';

export type CardStatus = ReturnType<typeof jobViewOf>['status'];

export interface CardJob {
  localId: string;
  status: CardStatus;
  progress: number;
  /** Epoch ms: the elapsed clock counts from here (the record's creation, this machine's clock). */
  startedAt: number;
  /** Epoch ms the clock stops at (ended jobs). */
  endedAt?: number;
  estimateCents?: number;
  /** What it cost once completed (the server's X-Cost-Cents, else the task's own figure). */
  settledCents?: number;
  error?: string;
  waitReason?: string;
  /** Saved files in the job's order; the host turns them into webview URIs (the app never sees a path). */
  fileCount: number;
  kept: boolean;
}

export interface CardData {
  model: string;
  /** Shared fields this model does not have (shown, not sent). */
  unsupported: SharedField[];
  job?: CardJob;
}

/** The group's jobs: records whose origin names it. */
export function groupRecords(records: readonly JobRecord[], groupId: string): JobRecord[] {
  return records.filter((r) => r.origin?.type === 'compare' && r.origin.group === groupId);
}

/** Each model's newest job in the group. */
export function latestByModel(records: readonly JobRecord[]): Map<string, JobRecord> {
  const out = new Map<string, JobRecord>();
  for (const r of records) {
    const seen = out.get(r.model);
    if (!seen || r.created > seen.created || (r.created === seen.created && (r.sentAt ?? 0) > (seen.sentAt ?? 0))) out.set(r.model, r);
  }
  return out;
}

export const savedFilesOf = (r: JobRecord): string[] => (r.files && r.files.length > 0 ? [...r.files] : r.savedPath ? [r.savedPath] : []);

/**
 * `unsupported` per model comes from the caller (it knows the models' caps); a job's clock stops at its
 * completedAt, else where `endedAt` says (when it was first seen ended).
 */
export function cardsOf(
  group: CompareGroup,
  records: readonly JobRecord[],
  unsupported: (model: string) => SharedField[],
  endedAt: (r: JobRecord) => number | undefined,
): CardData[] {
  const latest = latestByModel(groupRecords(records, group.id));
  return group.form.models.map((model) => {
    const r = latest.get(model);
    const card: CardData = { model, unsupported: unsupported(model) };
    if (r) card.job = jobOf(r, r.completedAt !== undefined ? r.completedAt * 1000 : endedAt(r), group.kept === r.localId);
    return card;
  });
}

function jobOf(r: JobRecord, endedAt: number | undefined, kept: boolean): CardJob {
  const view = jobViewOf(r, endedAt);
  const { estimate, settled } = jobCosts(r);
  return {
    localId: r.localId,
    status: view.status,
    progress: view.progress,
    startedAt: view.startedAt,
    ...(view.endedAt !== undefined ? { endedAt: view.endedAt } : {}),
    ...(estimate !== undefined ? { estimateCents: estimate } : {}),
    ...(settled !== undefined ? { settledCents: settled } : {}),
    ...(view.error ? { error: view.error } : view.downloadError ? { error: view.downloadError } : {}),
    ...(view.waitReason ? { waitReason: view.waitReason } : {}),
    fileCount: savedFilesOf(r).length,
    kept,
  };
}

/**
 * Retry is for failed cards only. A job whose fate is unknown may have been billed: it is never sent
 * again from here (the Tasks view's Look Again / Send Again say so).
 */
export function canRetry(job: CardJob | undefined): boolean {
  return !!job && job.status === 'failed';
}

/** A card may be kept once it has a saved result. */
export function canKeep(job: CardJob | undefined): boolean {
  return !!job && job.status === 'completed' && job.fileCount > 0;
}
