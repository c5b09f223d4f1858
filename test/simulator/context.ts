// Per-request state handed to every handler, and the one way handlers answer (so the
// reset-after-body fault and the error envelope apply everywhere alike).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import type { FaultContext } from './faults';
import { sendJson } from './http';
import type { FaultName, RequestLogEntry } from './types';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  entry: RequestLogEntry;
  match: FaultContext;
  rawBody: Buffer;
  /** reset-after-body fired: the request is processed, then the socket is destroyed unanswered. */
  resetAfterBody: boolean;
  /** hold-after-body fired: the request is processed, then never answered (the socket stays open). */
  holdAfterBody?: boolean;
  /** delay-after-body fired: the request is processed at once, its answer leaves this many ms later. */
  delayAfterBodyMs?: number;
  flatErrors: boolean;
}

export function noteFault(ctx: RequestContext, name: FaultName): void {
  ctx.entry.fault ??= name;
}

/** Destroys the socket instead of answering when reset-after-body fired; true if it did. */
export function resetIfFaulted(ctx: RequestContext): boolean {
  if (ctx.holdAfterBody) return true;
  if (!ctx.resetAfterBody) return false;
  ctx.req.socket.destroy();
  return true;
}

export function reply(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  if (resetIfFaulted(ctx)) return;
  if (ctx.delayAfterBodyMs) {
    setTimeout(() => ctx.res.destroyed || sendJson(ctx.res, status, body, headers), ctx.delayAfterBodyMs);
    return;
  }
  sendJson(ctx.res, status, body, headers);
}

export function replyError(ctx: RequestContext, err: ApiError, headers: Record<string, string | number> = {}): void {
  const retry: Record<string, number> = err.retryAfter === undefined ? {} : { 'Retry-After': err.retryAfter };
  reply(ctx, err.status, err.envelope(ctx.flatErrors), { ...retry, ...headers });
}
