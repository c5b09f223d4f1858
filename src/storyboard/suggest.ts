// The alternatives a storyboard diagnostic names (shot ids above, model ids, voices): the closest
// few by edit distance, then "and N more". Listing every one made each message as long as the
// document (4,000 shots with a broken @ref: 141 MiB of messages, seconds per keystroke), so the
// list is capped and the search is bounded per analysis pass.

/** How many alternatives a message names before "and N more". */
export const MAX_LISTED = 3;
/** Distance computations allowed in one analysis pass; past it, messages keep what was found so far. */
export const DEFAULT_COMPARE_BUDGET = 5_000;
/** Ids longer than this are compared on their first characters only. */
const MAX_COMPARED_CHARS = 48;

// Two rows reused by every call: the typing path must not allocate per comparison.
let rowA = new Uint16Array(MAX_COMPARED_CHARS + 1);
let rowB = new Uint16Array(MAX_COMPARED_CHARS + 1);

/** Levenshtein distance, stopping early once every path exceeds `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a.length > MAX_COMPARED_CHARS) a = a.slice(0, MAX_COMPARED_CHARS);
  if (b.length > MAX_COMPARED_CHARS) b = b.slice(0, MAX_COMPARED_CHARS);
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = rowA;
  let row = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  rowA = prev;
  rowB = row;
  return prev[b.length]!;
}

/** 5000 → "5,000" (toLocaleString costs microseconds per call: too slow for every shot on every keystroke). */
const grouped = (n: number): string =>
  n < 1000 ? String(n) : n < 1e6 ? `${Math.floor(n / 1000)},${String(n % 1000).padStart(3, '0')}` : String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** "a, b, c and 12 more" (or "none"). `shown` are already chosen; `total` counts every alternative. */
export function listWithMore(shown: readonly string[], total: number): string {
  if (shown.length === 0) return 'none';
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${grouped(rest)} more` : shown.join(', ');
}

interface Found {
  scanned: number;
  best: { id: string; d: number; at: number }[];
}

/**
 * Finds the closest candidates for misspelt names within one analysis pass. Candidates may grow
 * between calls (shots above); a name asked again only compares the candidates added since, and all
 * comparisons together stay within the budget.
 */
export class Suggester {
  private readonly memo = new Map<string, Found>();
  private left: number;

  constructor(budget = DEFAULT_COMPARE_BUDGET) {
    this.left = budget;
  }

  /** The closest `MAX_LISTED` of `candidates` to `name` (ties: earlier first), formatted with "and N more". */
  suggest(name: string, candidates: readonly string[], format: (id: string) => string = (id) => id, key = ''): string {
    // Few enough to name them all: in their own order, nothing to rank.
    if (candidates.length <= MAX_LISTED) return listWithMore(candidates.map(format), candidates.length);
    const memoKey = `${key}\u0000${name}`;
    let found = this.memo.get(memoKey);
    if (!found && this.left <= 0) return nearest(candidates, format);
    if (!found || found.scanned > candidates.length) {
      found = { scanned: 0, best: [] };
      this.memo.set(memoKey, found);
    }
    const lower = name.toLowerCase();
    for (; found.scanned < candidates.length && this.left > 0; found.scanned++, this.left--) {
      const id = candidates[found.scanned]!;
      const worst = found.best.length < MAX_LISTED ? Number.POSITIVE_INFINITY : found.best[found.best.length - 1]!.d;
      const d = editDistance(lower, id.toLowerCase(), worst);
      if (d >= worst) continue;
      found.best.push({ id, d, at: found.scanned });
      found.best.sort((x, y) => x.d - y.d || x.at - y.at);
      found.best.length = Math.min(found.best.length, MAX_LISTED);
    }
    if (found.best.length === 0) return nearest(candidates, format);
    return listWithMore(
      found.best.map((b) => format(b.id)),
      candidates.length,
    );
  }
}

/** Out of budget before anything was ranked: the last few of the list (the shots just above) instead. */
function nearest(candidates: readonly string[], format: (id: string) => string): string {
  return listWithMore(candidates.slice(-MAX_LISTED).reverse().map(format), candidates.length);
}

/** The first few of a list (no name to be close to), with "and N more". */
export function firstFew(items: readonly string[], format: (id: string) => string = (id) => id): string {
  return listWithMore(items.slice(0, MAX_LISTED).map(format), items.length);
}
