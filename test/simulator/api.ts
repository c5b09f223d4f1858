// The public endpoints: models, video create / status / stream / list / delete, and result files.
import { audioRoutes } from './audio';
import type { KeyRing } from './auth';
import { MODELS } from './catalog';
import { noteFault, reply, resetIfFaulted, type RequestContext } from './context';
import type { TaskEngine } from './engine';
import { ApiError, invalid, notFound } from './errors';
import { numericParam, type FaultRegistry } from './faults';
import { imageRoutes } from './images';
import { mediaRoutes } from './media';
import type { MediaState } from './mediaState';
import { voiceCloneRoutes } from './voiceClone';
import type { ResultFileServer } from './files';
import { parseJsonBody, route, type Route } from './http';
import { summarizeBody } from './requestLog';
import type { UrlSigner } from './signing';
import { streamTask } from './sse';
import type { FaultName, SimTask } from './types';
import { validateCreate } from './validate';

const LIST_LIMIT = 100;
const STREAM_FAULTS: readonly FaultName[] = [
  'stream-cut',
  'stream-stall',
  'stream-malformed',
  'stream-no-done',
  'stream-error-event',
  'stream-keepalive-only',
  'stream-unknown-events',
];
const DEFAULT_FAIL_MESSAGE = 'The provider could not render this video (simulated failure).';

export interface ApiDeps {
  keys: KeyRing;
  engine: TaskEngine;
  faults: FaultRegistry;
  files: ResultFileServer;
  signer: UrlSigner;
  baseUrl: () => string;
  maxInFlight: number;
  clockSpeed: number;
  sseKeepAliveMs: number;
  media: MediaState;
  maxUploadBytes: number;
}

/** The status payload: what GET /v1/video/tasks/:id and every stream event carry. */
export function taskView(task: SimTask, signer: UrlSigner, baseUrl: string): Record<string, unknown> {
  return {
    task_id: task.task_id,
    status: task.status,
    progress: task.progress,
    result_url: task.status === 'completed' ? baseUrl + signer.resultPath(task.task_id, task.expires_at) : null,
    error: task.error,
    model: task.model,
    created: task.created,
    duration_seconds: task.duration_seconds,
    expires_at: task.expires_at,
    cost_cents: task.cost_cents,
    prompt: task.prompt,
    mode: task.mode,
    aspect_ratio: task.aspect_ratio,
    quality: task.quality,
    input_image_url: task.input_image_url,
  };
}

export function apiRoutes(d: ApiDeps): Route<RequestContext>[] {
  const view = (t: SimTask): Record<string, unknown> => taskView(t, d.signer, d.baseUrl());

  /** The caller's own, undeleted task, or 404 (another key's task is indistinguishable from none). */
  const ownTask = (owner: string, id: string): SimTask => {
    d.engine.reconcile();
    const task = d.engine.tasks.get(id);
    if (!task || task.owner !== owner || task.deleted) throw notFound(`Task '${id}' not found.`, 'task_not_found');
    return task;
  };

  return [
    ...audioRoutes(d),
    route('GET', '/v1/models', (ctx) => {
      d.keys.optional(ctx.req); // public, but a wrong key is still refused
      reply(ctx, 200, { object: 'list', data: MODELS }, { 'Cache-Control': 'public, max-age=60' });
    }),

    route('POST', '/v1/video/generations', (ctx) => {
      const owner = d.keys.require(ctx.req);
      const type = ctx.req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) {
        throw invalid('Content-Type must be application/json.', 'invalid_content_type');
      }
      const body = parseJsonBody(ctx.rawBody);
      ctx.entry.body = summarizeBody(body);
      const valid = validateCreate(body);

      const inFlight = d.engine.inFlight(owner);
      if (inFlight.length >= d.maxInFlight) {
        const wait = Math.max(1, Math.ceil(d.engine.secondsUntilFirstFinish(inFlight) / d.clockSpeed));
        throw new ApiError(
          429,
          'rate_limit',
          `Too many video tasks in flight (limit ${d.maxInFlight} per key). Retry when one finishes.`,
          'concurrent_tasks_limit',
          null,
          wait,
        );
      }

      const fail = d.faults.take(['task-fail'], ctx.match);
      if (fail) noteFault(ctx, 'task-fail');
      const failMessage = fail ? (typeof fail.param === 'string' ? fail.param : DEFAULT_FAIL_MESSAGE) : undefined;
      const task = d.engine.create(owner, valid, failMessage);
      reply(
        ctx,
        200,
        {
          task_id: task.task_id,
          status: 'queued',
          model: task.model,
          created: task.created,
          expires_at: task.expires_at,
          progress: 0,
          cost_cents: task.cost_cents,
        },
        { 'X-Cost-Cents': String(task.cost_cents) },
      );
    }),

    route('GET', '/v1/video/tasks', (ctx) => {
      const owner = d.keys.require(ctx.req);
      d.engine.reconcile();
      let mine = [...d.engine.tasks.values()].filter((t) => t.owner === owner && !t.deleted);
      // list-lag: an eventually consistent list that does not show the newest tasks yet.
      const lag = d.faults.take(['list-lag'], ctx.match);
      if (lag) {
        noteFault(ctx, 'list-lag');
        const newest = d.engine.now() - numericParam(lag, 60);
        mine = mine.filter((t) => t.created <= newest);
      }
      // list-no-prompt: the API does not promise `prompt` in list entries.
      const noPrompt = d.faults.take(['list-no-prompt'], ctx.match);
      if (noPrompt) noteFault(ctx, 'list-no-prompt');
      const entry = (t: SimTask): Record<string, unknown> => {
        const v = view(t);
        if (noPrompt) delete v.prompt;
        return v;
      };
      // Map order is creation order, so reversing gives newest first even within one second.
      reply(ctx, 200, { data: mine.reverse().slice(0, LIST_LIMIT).map(entry) });
    }),

    route('GET', '/v1/video/tasks/:id', (ctx, p) => {
      reply(ctx, 200, view(ownTask(d.keys.require(ctx.req), p.id)));
    }),

    route('DELETE', '/v1/video/tasks/:id', (ctx, p) => {
      const owner = d.keys.require(ctx.req);
      const task = d.engine.tasks.get(p.id);
      // Only hides the record: the work goes on (it still counts as in flight) and media stay.
      if (task && task.owner === owner) task.deleted = true;
      reply(ctx, 200, { deleted: true });
    }),

    route('GET', '/v1/video/tasks/:id/stream', (ctx, p) => {
      const task = ownTask(d.keys.require(ctx.req), p.id);
      if (resetIfFaulted(ctx)) return;
      const fault = d.faults.take(STREAM_FAULTS, ctx.match);
      if (fault) noteFault(ctx, fault.fault);
      streamTask(ctx.res, task, { engine: d.engine, view, fault, keepAliveMs: d.sseKeepAliveMs });
    }),

    route('GET', '/files/:id/video.mp4', (ctx, p) => {
      if (resetIfFaulted(ctx)) return;
      d.engine.reconcile();
      d.files.serve(ctx.req, ctx.res, p.id, ctx.url.searchParams, ctx.match, (name) => noteFault(ctx, name));
    }),

    ...imageRoutes(d),
    ...mediaRoutes(d),
    ...voiceCloneRoutes(d),
  ];
}
