// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function, so the download's CPU
// can be attributed without opening DevTools. Pure: unit-tested in test/unit/bench/loadFigures.test.ts.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Microseconds between consecutive samples (the first is from startTime). */
  timeDeltas?: number[];
}

export interface SelfTimeRow {
  /** `name (file:line)`; `(program)`, `(garbage collector)` and `(idle)` stay as V8 names them. */
  frame: string;
  selfMs: number;
  /** Share of the non-idle time, 0–1. */
  share: number;
}

/**
 * Self time per frame (function + file + line), largest first. A sample's time is the delta to the
 * NEXT sample (what V8's own DevTools view does); idle time is counted apart and left out of shares.
 */
export function selfTimeByFrame(profile: CpuProfile, top = 15): { rows: SelfTimeRow[]; busyMs: number; idleMs: number } {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    if (!node) continue;
    const us = Math.max(0, deltas[i + 1] ?? 0);
    const key = frameName(node);
    if (key === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    totals.set(key, (totals.get(key) ?? 0) + us);
  }
  const rows = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, selfMs: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return { rows, busyMs: busyUs / 1000, idleMs: idleUs / 1000 };
}

export function frameName(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
  return `${name} (${file}:${lineNumber + 1})`;
}
