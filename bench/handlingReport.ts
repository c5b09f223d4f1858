// The simulator's own handling time per request, measured inside its (child) process: from the
// moment Node has parsed the request head to the moment the last byte of the answer is handed to
// the socket. A header cannot carry it (the body is still to be written when headers go out), so
// the child prints one JSON line per request on stdout and the parent matches it by X-Request-ID.
// Uses node:diagnostics_channel, so the simulator itself needs no change.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HandlingReport {
  requestId: string;
  method: string;
  path: string;
  /** Request head parsed → response finished, in ms (sub-ms precision). */
  ms: number;
}

interface HttpServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

/** Child side: reports every request this process serves through `write` (one line each). */
export function reportHandlingTimes(write: (line: string) => void): void {
  const started = new WeakMap<ServerResponse, number>();
  subscribe('http.server.request.start', (message) => {
    started.set((message as HttpServerMessage).response, performance.now());
  });
  subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as HttpServerMessage;
    const start = started.get(response);
    if (start === undefined) return;
    const id = response.getHeader('x-request-id');
    const report: HandlingReport = {
      requestId: typeof id === 'string' ? id : String(id ?? ''),
      method: request.method ?? '',
      path: new URL(request.url ?? '/', 'http://sim').pathname,
      ms: performance.now() - start,
    };
    write(`${JSON.stringify({ handled: report })}\n`);
  });
}

/** Parent side: the report in one stdout line, or undefined for any other line. */
export function parseHandlingLine(line: string): HandlingReport | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const h = (parsed as { handled?: Partial<HandlingReport> } | null)?.handled;
  if (typeof h !== 'object' || h === null) return undefined;
  if (typeof h.requestId !== 'string' || h.requestId === '' || typeof h.method !== 'string' || typeof h.path !== 'string') return undefined;
  if (typeof h.ms !== 'number' || !Number.isFinite(h.ms) || h.ms < 0) return undefined;
  return { requestId: h.requestId, method: h.method, path: h.path, ms: h.ms };
}
