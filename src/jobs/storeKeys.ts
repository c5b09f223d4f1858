// The task store's workspace-state key and a zod-free look at what it holds, so activation can tell
// whether any job needs following without loading the second bundle (schemas, client, tracker).
export const TASKS_KEY = 'airforce.tasks';

/** Final for start-up purposes: nothing to follow, look up or download until the person acts. */
function isSettled(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return true; // unreadable: the store drops it anyway
  const r = item as { status?: unknown; savedPath?: unknown; files?: unknown; downloadError?: unknown; imported?: unknown };
  if (r.status === 'failed' || r.status === 'expired') return true;
  if (r.status !== 'completed') return false;
  const saved = typeof r.savedPath === 'string' || (Array.isArray(r.files) && r.files.length > 0);
  return saved || typeof r.downloadError === 'string' || r.imported === true;
}

/** True when some stored job is still running, waiting, of unknown fate or finished but not saved. */
export function hasUnsettledJobs(stored: unknown): boolean {
  return Array.isArray(stored) && stored.some((item) => !isSettled(item));
}
