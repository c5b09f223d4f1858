// /__sim/* — the same controls as the in-process API, over HTTP, for code in another process
// (the VS Code integration tests, the demo). Never logged, never faulted, no key needed.
import { reply, type RequestContext } from './context';
import type { ConnectionCounts } from './connections';
import { faultSpecFromJson } from './faults';
import { parseJsonBody, route, type Route } from './http';
import type { FaultSpec, RequestLogEntry, SimTask, TaskPatch } from './types';

export interface SimControls {
  readonly requests: RequestLogEntry[];
  readonly tasks: ReadonlyMap<string, SimTask>;
  addFault(spec: FaultSpec): number;
  clearFaults(): void;
  listFaults(): FaultSpec[];
  completeTask(id: string): SimTask;
  setTaskState(id: string, patch: TaskPatch): SimTask;
  holdTasks(on: boolean): void;
  advanceClock(seconds: number): void;
  flatErrors: boolean;
  readonly connections: ConnectionCounts;
  resetConnections(): void;
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function controlRoutes(sim: SimControls): Route<RequestContext>[] {
  const body = (ctx: RequestContext): Record<string, unknown> => record(parseJsonBody(ctx.rawBody));
  const known = (id: string): string => {
    if (!sim.tasks.has(id)) throw new ControlError(404, `No task ${id}`);
    return id;
  };

  return [
    route('GET', '/__sim/requests', (ctx) => reply(ctx, 200, { data: sim.requests })),
    route('DELETE', '/__sim/requests', (ctx) => {
      sim.requests.length = 0;
      reply(ctx, 200, { ok: true });
    }),
    route('GET', '/__sim/faults', (ctx) => {
      const data = sim.listFaults().map((f) => ({ ...f, match: f.match && { ...f.match, path: f.match.path?.toString() } }));
      reply(ctx, 200, { data });
    }),
    route('POST', '/__sim/faults', (ctx) => {
      let spec: FaultSpec;
      try {
        spec = faultSpecFromJson(parseJsonBody(ctx.rawBody));
      } catch (e) {
        throw new ControlError(400, e instanceof Error ? e.message : String(e));
      }
      reply(ctx, 201, { ok: true, id: sim.addFault(spec) });
    }),
    route('DELETE', '/__sim/faults', (ctx) => {
      sim.clearFaults();
      reply(ctx, 200, { ok: true });
    }),
    route('GET', '/__sim/tasks', (ctx) => reply(ctx, 200, { data: [...sim.tasks.values()] })),
    route('POST', '/__sim/tasks/:id/complete', (ctx, p) => reply(ctx, 200, sim.completeTask(known(p.id)))),
    route('PATCH', '/__sim/tasks/:id', (ctx, p) => {
      const b = body(ctx);
      const patch: TaskPatch = {};
      if (typeof b.status === 'string') patch.status = b.status as TaskPatch['status'];
      if (typeof b.progress === 'number') patch.progress = b.progress;
      if (typeof b.error === 'string' || b.error === null) patch.error = b.error;
      reply(ctx, 200, sim.setTaskState(known(p.id), patch));
    }),
    route('POST', '/__sim/hold', (ctx) => {
      sim.holdTasks(body(ctx).hold !== false);
      reply(ctx, 200, { ok: true });
    }),
    route('POST', '/__sim/clock', (ctx) => {
      const seconds = Number(body(ctx).advanceSeconds);
      if (!Number.isFinite(seconds) || seconds < 0) throw new ControlError(400, 'advanceSeconds must be a number >= 0');
      sim.advanceClock(seconds);
      reply(ctx, 200, { ok: true });
    }),
    route('GET', '/__sim/connections', (ctx) => reply(ctx, 200, sim.connections)),
    route('DELETE', '/__sim/connections', (ctx) => {
      sim.resetConnections();
      reply(ctx, 200, { ok: true });
    }),
    route('POST', '/__sim/config', (ctx) => {
      const b = body(ctx);
      if (typeof b.flatErrors === 'boolean') sim.flatErrors = b.flatErrors;
      reply(ctx, 200, { ok: true, flatErrors: sim.flatErrors });
    }),
  ];
}

/** Errors of the control surface (plain {error} bodies: this is not the API). */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
