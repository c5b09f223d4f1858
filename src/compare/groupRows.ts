// A comparison in the Tasks view: ONE row (where its newest job would be) with its jobs as children.
// Elements stay strings: a group's element is `compare:<group id>`, a job's is its local id. This is
// the pure grouping; the row itself is drawn by views/compareGroupItem.ts.
import type { JobRecord } from '../jobs/types';

export const GROUP_ELEMENT_PREFIX = 'compare:';
export const GROUP_CONTEXT = 'airforce.compare.group';

/** What the Tasks view needs of the comparisons: which job is kept (src/compare/groupStore.ts). */
export interface CompareGroupSource {
  kept(groupId: string): string | undefined;
  onDidChange(listener: (groupId: string) => void): { dispose(): void };
}

export const groupOf = (r: JobRecord): string | undefined => (r.origin?.type === 'compare' ? r.origin.group : undefined);
export const groupElement = (groupId: string): string => `${GROUP_ELEMENT_PREFIX}${groupId}`;
export const groupIdOf = (element: string): string | undefined => (element.startsWith(GROUP_ELEMENT_PREFIX) ? element.slice(GROUP_ELEMENT_PREFIX.length) : undefined);

/** The top-level elements, in the records' order: each comparison once, at its first job. */
export function topLevelRows(records: readonly JobRecord[]): string[] {
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

export function groupChildren(records: readonly JobRecord[], groupId: string): string[] {
  return records.filter((r) => groupOf(r) === groupId).map((r) => r.localId);
}
