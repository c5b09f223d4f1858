// GET /v1/video/tasks/:id/stream — `event: state` with the status payload on every change, then
// `event: done` / `data: [DONE]` at a terminal state and close. The stream-* faults bend this.
import type { ServerResponse } from 'node:http';
import type { TaskEngine } from './engine';
import { numericParam } from './faults';
import type { FaultSpec, SimTask } from './types';

export interface StreamOptions {
  engine: TaskEngine;
  view: (task: SimTask) => Record<string, unknown>;
  fault?: FaultSpec;
  keepAliveMs: number;
}

const TERMINAL = new Set(['completed', 'failed', 'expired']);
/** Real ms between the filler chunks of stream-keepalive-only / stream-unknown-events. */
const NOISE_MS = 20;
const UNKNOWN_EVENTS = ['heartbeat', 'progress-v2', 'metrics', 'provider-note'];

export function streamTask(res: ServerResponse, task: SimTask, opts: StreamOptions): void {
  const { engine, view, fault } = opts;
  // Faults act after N state events (default 1, so the client has seen the stream start).
  const afterN = fault ? Math.max(0, Math.floor(numericParam(fault, 1))) : 0;
  let sent = 0;
  let stopped = false;
  /** The last state payload written (stream-unknown-events repeats it). */
  let lastState = JSON.stringify(view(task));
  let noise: ReturnType<typeof setInterval> | undefined;

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();

  const stop = (): void => {
    stopped = true;
    engine.off('change', onChange);
    clearInterval(keepAlive);
    if (noise !== undefined) clearInterval(noise);
  };
  /** No more real state events, only `chunk()` every NOISE_MS, forever (until the client leaves). */
  const fill = (chunk: (n: number) => string): void => {
    stopped = true;
    engine.off('change', onChange);
    clearInterval(keepAlive);
    let n = 0;
    noise = setInterval(() => {
      if (!res.destroyed) res.write(chunk(n++));
    }, NOISE_MS);
    noise.unref();
  };
  const finish = (tail = ''): void => {
    stop();
    res.end(tail);
  };
  const cut = (): void => {
    stop();
    // Destroy only once the last event is on the wire, so the client sees it and then the break.
    res.write('', () => res.destroy());
  };

  /** Applies the fault once N state events are out; true when the stream must say no more. */
  const faultStops = (): boolean => {
    if (!fault || sent < afterN) return false;
    switch (fault.fault) {
      case 'stream-cut':
        cut();
        return true;
      case 'stream-stall':
        // Nothing more, not even keep-alives; the socket stays open until someone closes it.
        stop();
        return true;
      case 'stream-error-event':
        finish(`event: error\ndata: ${JSON.stringify({ message: 'Upstream progress feed failed (simulated).' })}\n\n`);
        return true;
      case 'stream-no-done':
        if (fault.param === undefined) return false;
        finish();
        return true;
      case 'stream-keepalive-only':
        fill(() => ': keep-alive\n\n');
        return true;
      case 'stream-unknown-events':
        // Unknown event kinds, and the last (non-terminal) state again and again: nothing moves.
        fill((n) =>
          n % 2 === 0
            ? `event: ${UNKNOWN_EVENTS[(n / 2) % UNKNOWN_EVENTS.length]}\ndata: ${JSON.stringify({ seq: n, task_id: task.task_id })}\n\n`
            : `event: state\ndata: ${lastState}\n\n`,
        );
        return true;
      default:
        return false;
    }
  };

  const send = (t: SimTask): void => {
    if (stopped) return;
    lastState = JSON.stringify(view(t));
    res.write(`event: state\ndata: ${lastState}\n\n`);
    sent += 1;
    if (fault?.fault === 'stream-malformed' && sent === 1) {
      res.write(`event: state\ndata: {"task_id":"${t.task_id}","status":"proc\n\n`);
    }
    if (faultStops()) return;
    if (TERMINAL.has(t.status)) {
      finish(fault?.fault === 'stream-no-done' ? '' : 'event: done\ndata: [DONE]\n\n');
    }
  };

  function onChange(t: SimTask): void {
    if (t.task_id === task.task_id) send(t);
  }

  const keepAlive = setInterval(() => {
    if (!stopped) res.write(': keep-alive\n\n');
  }, opts.keepAliveMs);
  keepAlive.unref();

  engine.on('change', onChange);
  res.on('close', stop);
  if (!faultStops()) send(task);
}
