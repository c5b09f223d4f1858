// The Api.Airforce simulator: a real HTTP server on 127.0.0.1 with the video endpoints, a
// simulated clock, per-key limits, signed result files, a request log and fault injection.
//
//   const sim = await startSimulator({ keys: ['sk-air-test-key'], clockSpeed: 50 });
//   … point the client at sim.url …
//   await sim.close();
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes } from './api';
import { DEMO_KEY, KeyRing } from './auth';
import { SimClock } from './clock';
import { noteFault, reply, replyError, type RequestContext } from './context';
import { ConnectionCounter, type ConnectionCounts } from './connections';
import { ControlError, controlRoutes } from './control';
import { TaskEngine } from './engine';
import { ApiError } from './errors';
import { FaultRegistry, numericParam } from './faults';
import { ResultFileServer } from './files';
import { matchRoute, readBody, type Route } from './http';
import { MediaState } from './mediaState';
import { redactHeaders } from './requestLog';
import { generateResultBytes, loadFixtureMp4 } from './resultBytes';
import { UrlSigner } from './signing';
import { tricklingJson } from './slowAnswers';
import type { FaultSpec, RequestLogEntry, SimTask, SimulatorOptions, TaskPatch } from './types';

export { DEMO_KEY } from './auth';
export { MODELS } from './catalog';
export type * from './types';

export interface SimulatorEvents {
  /** A task changed status or progress. */
  change: [task: SimTask];
  /** A task reached `completed` (task.completedAtMs is set). */
  completed: [task: SimTask];
  /** A logged request finished (or its socket was closed). */
  request: [entry: RequestLogEntry];
}

const MiB = 1024 * 1024;

export class Simulator extends EventEmitter<SimulatorEvents> {
  readonly requests: RequestLogEntry[] = [];
  readonly resultBytes: Buffer;
  /** Answer errors in the flat `{error, message}` form instead of the envelope. */
  flatErrors = false;

  private readonly server: Server;
  private readonly clock: SimClock;
  private readonly engine: TaskEngine;
  private readonly faults = new FaultRegistry();
  private readonly signer = new UrlSigner();
  private readonly routes: Route<RequestContext>[];
  private readonly control: Route<RequestContext>[];
  private readonly maxBodyBytes: number;
  private readonly connectionCounter = new ConnectionCounter();
  /** Dubbing jobs, cloned voices and the consent text (media.ts, voiceClone.ts). */
  readonly media: MediaState;
  private address = '';

  constructor(private readonly options: SimulatorOptions = {}) {
    super();
    this.clock = new SimClock(options.clockSpeed ?? 1);
    this.engine = new TaskEngine(this.clock, options.taskSeconds ?? 40, options.seed ?? 1);
    this.engine.setMaxListeners(0); // one listener per open progress stream
    this.engine.on('change', (t) => this.emit('change', t));
    this.engine.on('completed', (t) => this.emit('completed', t));
    this.resultBytes = options.resultBytes ?? (options.resultSizeBytes !== undefined ? generateResultBytes(options.resultSizeBytes) : loadFixtureMp4());
    this.maxBodyBytes = options.maxBodyBytes ?? 25 * MiB;
    for (const f of options.faults ?? []) this.faults.add(f);
    this.media = new MediaState(this.clock, options.dubbingSeconds ?? 20);

    const keys = new KeyRing(options.keys ?? [DEMO_KEY]);
    const files = new ResultFileServer({
      signer: this.signer,
      clock: this.clock,
      tasks: this.engine.tasks,
      bytes: this.resultBytes,
      faults: this.faults,
    });
    this.routes = apiRoutes({
      keys,
      engine: this.engine,
      faults: this.faults,
      files,
      signer: this.signer,
      baseUrl: () => this.url,
      maxInFlight: options.maxInFlight ?? 4,
      clockSpeed: this.clock.speed,
      sseKeepAliveMs: options.sseKeepAliveMs ?? 15_000,
      media: this.media,
      maxUploadBytes: options.maxUploadBytes ?? 25 * MiB,
    });
    this.control = controlRoutes(this);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.connectionCounter.attach(this.server);
  }

  /** TCP connections accepted, and those that carried API requests, since the last reset. */
  get connections(): ConnectionCounts {
    return this.connectionCounter.counts();
  }

  resetConnections(): void {
    this.connectionCounter.reset();
  }

  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  get url(): string {
    return this.address;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Server-side state of every task, deleted ones included. */
  get tasks(): ReadonlyMap<string, SimTask> {
    return this.engine.tasks;
  }

  listen(): Promise<this> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.address = `http://127.0.0.1:${this.port}`;
        resolve(this);
      });
    });
  }

  addFault(spec: FaultSpec): number {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  listFaults(): FaultSpec[] {
    return this.faults.list();
  }

  completeTask(id: string): SimTask {
    return this.engine.completeTask(id);
  }

  /** Forces status/progress/error; the task then stops following its schedule (expiry still applies). */
  setTaskState(id: string, patch: TaskPatch): SimTask {
    return this.engine.setTaskState(id, patch);
  }

  /** While on, tasks keep processing below 100 % until completeTask (or holdTasks(false)). */
  holdTasks(on: boolean): void {
    this.engine.hold(on);
  }

  /** Jumps the simulated clock forward, e.g. 86400 s to expire tasks and result URLs. */
  advanceClock(seconds: number): void {
    this.clock.advance(seconds);
    this.engine.reconcile();
  }

  /** Simulated unix time in seconds. */
  now(): number {
    return this.clock.now();
  }

  /** A freshly signed result URL for a task (whatever its state). */
  resultUrl(taskId: string): string {
    const task = this.engine.tasks.get(taskId);
    if (!task) throw new Error(`No task ${taskId}`);
    return this.url + this.signer.resultPath(taskId, task.expires_at);
  }

  /** Stops listening, destroys open sockets (streams, downloads) and timers. */
  close(): Promise<void> {
    this.engine.dispose();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const requestId = clientRequestId(req.headers['x-request-id']) ?? `req_${randomBytes(12).toString('hex')}`;
    res.setHeader('X-Request-ID', requestId);
    const isControl = url.pathname.startsWith('/__sim/');
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      status: 0,
      requestId,
      headers: redactHeaders(req.headers),
      at: Date.now(),
      connection: this.connectionCounter.idOf(req.socket, !isControl),
    };
    const ctx: RequestContext = {
      req,
      res,
      url,
      entry,
      match: { method, path: url.pathname },
      rawBody: Buffer.alloc(0),
      resetAfterBody: false,
      flatErrors: this.flatErrors,
    };

    if (!isControl) {
      this.track(ctx);
      if (this.faults.take(['reset-before-body'], ctx.match)) {
        noteFault(ctx, 'reset-before-body');
        req.socket.destroy();
        return;
      }
    }

    try {
      // A multipart upload is read by its handler as it streams (multipart.ts), never buffered here.
      const multipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
      ctx.rawBody = multipart && !isControl ? Buffer.alloc(0) : await readBody(req, this.maxBodyBytes);
      if (isControl) return this.dispatch(ctx, this.control);
      if (this.faults.take(['reset-after-body'], ctx.match)) {
        noteFault(ctx, 'reset-after-body');
        ctx.resetAfterBody = true;
      }
      if (this.faults.take(['hold-after-body'], ctx.match)) {
        noteFault(ctx, 'hold-after-body');
        ctx.holdAfterBody = true;
      }
      const delayed = this.faults.take(['delay-after-body'], ctx.match);
      if (delayed) {
        noteFault(ctx, 'delay-after-body');
        ctx.delayAfterBodyMs = numericParam(delayed, 500);
      }
      if (this.faults.take(['echo-key'], ctx.match)) {
        // A careless server: the caller's key comes back in X-Request-ID and in an error message.
        noteFault(ctx, 'echo-key');
        const key = bearerKey(req.headers.authorization);
        res.setHeader('X-Request-ID', key);
        throw new ApiError(400, 'invalid_request', `Request rejected for key ${key} (simulated echo).`, 'key_echo');
      }
      // refuse-model: a POST for model `param` is refused (400, nothing created or billed); the others go through.
      const refused = ctx.match.method === 'POST' ? this.faults.take(['refuse-model'], ctx.match, (f) => f.param === postedModel(ctx.rawBody)) : undefined;
      if (refused) {
        noteFault(ctx, 'refuse-model');
        throw new ApiError(400, 'invalid_request', `Model '${String(refused.param)}' is not available right now (simulated).`, 'model_unavailable', 'model');
      }
      const cap = this.faults.take(['rate-cap'], ctx.match);
      if (cap) {
        noteFault(ctx, 'rate-cap');
        throw cap.param === 'balance'
          ? new ApiError(429, 'rate_limit', 'Balance exhausted: add credits to continue (simulated).', 'balance_exhausted', null, 0)
          : new ApiError(429, 'rate_limit', 'Daily request cap reached for this key (simulated).', 'daily_cap_reached', null, 0);
      }
      const huge = this.faults.take(['huge-body'], ctx.match);
      if (huge) {
        noteFault(ctx, 'huge-body');
        // param: bytes, or "<bytes>,chunked" for a body without Content-Length.
        const [size, framing] = String(huge.param ?? '').split(',');
        return sendHugeJson(res, numericParam({ ...huge, param: size || undefined }, 64 * MiB), framing?.trim() === 'chunked');
      }
      const trickle = this.faults.take(['body-trickle'], ctx.match);
      if (trickle) {
        // A 200 JSON body that never ends: a space every param ms (default 100).
        noteFault(ctx, 'body-trickle');
        return tricklingJson(res, numericParam(trickle, 100));
      }
      const status = this.faults.take(['status-429', 'status-503'], ctx.match);
      if (status) {
        noteFault(ctx, status.fault);
        const retryAfter = Math.max(0, Number(status.param ?? 1)) || 0;
        throw status.fault === 'status-429'
          ? new ApiError(429, 'rate_limit', 'Rate limit reached (simulated).', 'rate_limited', null, retryAfter)
          : new ApiError(503, 'upstream_error', 'Every upstream key is failing right now (simulated).', 'upstream_unavailable', null, retryAfter);
      }
      await this.dispatch(ctx, this.routes);
    } catch (err) {
      this.fail(ctx, err);
    }
  }

  private async dispatch(ctx: RequestContext, routes: Route<RequestContext>[]): Promise<void> {
    try {
      const found = matchRoute(routes, ctx.entry.method, ctx.url.pathname);
      if (found.kind === 'none') throw new ApiError(404, 'not_found', `No route for ${ctx.url.pathname}.`, 'route_not_found');
      if (found.kind === 'wrong-method') {
        throw new ApiError(405, 'invalid_request', `Method ${ctx.entry.method} not allowed.`, 'method_not_allowed');
      }
      await found.route.handler(ctx, found.params);
    } catch (err) {
      this.fail(ctx, err);
    }
  }

  private fail(ctx: RequestContext, err: unknown): void {
    if (ctx.res.headersSent || ctx.res.destroyed) {
      ctx.res.destroy();
      return;
    }
    if (err instanceof ApiError) return replyError(ctx, err);
    if (err instanceof ControlError) return reply(ctx, err.status, { error: err.message });
    console.error('[simulator] handler failed:', err);
    replyError(ctx, new ApiError(500, 'internal_error', 'Internal simulator error.', 'internal_error'));
  }

  /** Logs the request now; its status is filled in when the head goes out. */
  private track(ctx: RequestContext): void {
    const { res, entry } = ctx;
    this.requests.push(entry);
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      entry.status = args[0];
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];
    res.once('close', () => {
      this.options.onRequest?.(entry);
      this.emit('request', entry);
    });
  }
}

/** A client's X-Request-ID is echoed when it is a sane header value. */
function clientRequestId(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && /^[\x21-\x7e]{1,200}$/.test(v) ? v : undefined;
}

/** The `model` of a JSON request body, if it has one. */
function postedModel(body: Buffer): unknown {
  try {
    return (JSON.parse(body.toString('utf8')) as { model?: unknown } | null)?.model;
  } catch {
    return undefined;
  }
}

/** The raw key of a `Bearer …` header (the echo-key fault sends it back). */
function bearerKey(value: string | undefined): string {
  return (value ?? '').replace(/^Bearer\s+/i, '');
}

/** A 200 JSON body of `size` bytes, streamed in 1 MiB chunks without holding it in memory. */
function sendHugeJson(res: ServerResponse, size: number, chunked: boolean): void {
  const head = '{"data":[],"padding":"';
  const tail = '"}';
  const chunk = Buffer.alloc(MiB, 'a');
  res.writeHead(200, { 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': String(size) }) });
  let left = Math.max(0, size - head.length - tail.length);
  res.write(head);
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(tail);
  };
  res.on('error', () => undefined);
  pump();
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return new Simulator(options).listen();
}
