// Fault injection. Each handler asks for the faults that make sense at its point (`take`), so a
// fault without a `match` fires on every request of its natural scope:
//   status-429, status-503, reset-before-body, reset-after-body → any API or file request
//   task-fail → a POST /v1/video/generations that creates a task
//   stream-*  → GET /v1/video/tasks/:id/stream
//   download-truncate, download-slow, range-ignored, url-expired → GET /files/…
// `times` counts firings (unlimited when omitted).
import { FAULT_NAMES, type FaultMatch, type FaultName, type FaultSpec } from './types';

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
}

export interface FaultContext {
  method: string;
  path: string;
}

export class FaultRegistry {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    if (!FAULT_NAMES.includes(spec.fault)) throw new Error(`Unknown fault '${String(spec.fault)}'`);
    const remaining = spec.times ?? Number.POSITIVE_INFINITY;
    if (!(remaining > 0)) throw new Error('times must be > 0');
    const id = this.nextId++;
    this.active.push({ id, spec, remaining });
    return id;
  }

  clear(): void {
    this.active.length = 0;
  }

  list(): FaultSpec[] {
    return this.active.map((f) => ({ ...f.spec, times: f.remaining }));
  }

  /** The first active fault among `names` matching the request (and `accept`, when given); consumes one firing. */
  take(names: readonly FaultName[], ctx: FaultContext, accept?: (spec: FaultSpec) => boolean): FaultSpec | undefined {
    const i = this.active.findIndex((f) => names.includes(f.spec.fault) && matches(f.spec.match, ctx) && (!accept || accept(f.spec)));
    if (i < 0) return undefined;
    const f = this.active[i];
    f.remaining -= 1;
    if (f.remaining <= 0) this.active.splice(i, 1);
    return f.spec;
  }
}

function matches(match: FaultMatch | undefined, ctx: FaultContext): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== ctx.method.toUpperCase()) return false;
  const p = match.path;
  if (p === undefined) return true;
  if (p instanceof RegExp) return p.test(ctx.path);
  return p.endsWith('*') ? ctx.path.startsWith(p.slice(0, -1)) : ctx.path === p;
}

/** Reads a fault spec sent as JSON to POST /__sim/faults (`match.pathRegex` carries a RegExp). */
export function faultSpecFromJson(raw: unknown): FaultSpec {
  if (typeof raw !== 'object' || raw === null) throw new Error('fault spec must be an object');
  const r = raw as Record<string, unknown>;
  if (typeof r.fault !== 'string' || !(FAULT_NAMES as readonly string[]).includes(r.fault)) {
    throw new Error(`fault must be one of ${FAULT_NAMES.join(', ')}`);
  }
  const spec: FaultSpec = { fault: r.fault as FaultName };
  if (typeof r.times === 'number') spec.times = r.times;
  if (typeof r.param === 'number' || typeof r.param === 'string') spec.param = r.param;
  if (typeof r.match === 'object' && r.match !== null) {
    const m = r.match as Record<string, unknown>;
    spec.match = {};
    if (typeof m.method === 'string') spec.match.method = m.method;
    if (typeof m.path === 'string') spec.match.path = m.path;
    if (typeof m.pathRegex === 'string') spec.match.path = new RegExp(m.pathRegex);
  }
  return spec;
}

export function numericParam(spec: FaultSpec, fallback: number): number {
  const n = typeof spec.param === 'string' ? Number(spec.param) : spec.param;
  return n !== undefined && Number.isFinite(n) ? n : fallback;
}
