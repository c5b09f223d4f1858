// The public endpoints: models, video create / status / stream / list / delete, and result files.
import { audioRoutes } from './audio';
import type { KeyRing } from './auth';
import { MODELS } from './catalog';
import { chatRoutes } from './chat';
import { noteFault, reply, resetIfFaulted, type RequestContext } from './context';
import type { TaskEngine } from './engine';
import { ApiError, invalid, notFound } from './errors';
import { numericParam, type FaultRegistry } from './faults';
import { imageFixtures, imageRoutes } from './images';
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

  /** task-echo-key: a careless server puts the caller's raw key into a task's prompt and result_url. */
  const echoKeyFault = (ctx: RequestContext): ((v: Record<string, unknown>) => Record<string, unknown>) => {
    if (!d.faults.take(['task-echo-key'], ctx.match)) return (v) => v;
    noteFault(ctx, 'task-echo-key');
    const key = (ctx.req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    return (v) => ({
      ...v,
      prompt: `${String(v.prompt ?? '')} (key ${key})`,
      ...(typeof v.result_url === 'string' ? { result_url: `${v.result_url}&k=${encodeURIComponent(key)}` } : {}),
    });
  };

  return [
    ...audioRoutes(d),
    route('GET', '/v1/models', (ctx) => {
      d.keys.optional(ctx.req); // public, but a wrong key is still refused
      const odd = d.faults.take(['catalog-odd-entry'], ctx.match);
      if (odd) noteFault(ctx, 'catalog-odd-entry');
      reply(ctx, 200, { object: 'list', data: odd ? oddCatalog(numericParam(odd, 2.5)) : MODELS }, { 'Cache-Control': 'public, max-age=60' });
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
        throw new ApiError(429, 'rate_limit', `Too many video tasks in flight (limit ${d.maxInFlight} per key). Retry when one finishes.`, 'concurrent_tasks_limit', null, wait);
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
      const echo = echoKeyFault(ctx);
      const entry = (t: SimTask): Record<string, unknown> => {
        const v = echo(view(t));
        if (noPrompt) delete v.prompt;
        return v;
      };
      // Map order is creation order, so reversing gives newest first even within one second.
      reply(ctx, 200, { data: mine.reverse().slice(0, LIST_LIMIT).map(entry) });
    }),

    route('GET', '/v1/video/tasks/:id', (ctx, p) => {
      const task = ownTask(d.keys.require(ctx.req), p.id);
      reply(ctx, 200, echoKeyFault(ctx)(view(task)));
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

    // Input images a request may name by URL (public, like any CDN file): the PNG fixture, and a
    // page that is not an image at all (what a careless link gives: an HTML page).
    route('GET', '/files/inputs/:name', (ctx, p) => {
      if (resetIfFaulted(ctx)) return;
      if (p.name === 'image.png') {
        const png = imageFixtures().png.bytes;
        ctx.res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
        return void ctx.res.end(png);
      }
      if (p.name === 'page.png') {
        const html = Buffer.from('<!DOCTYPE html><html><head><title>Not found</title></head><body>Sign in to view this image</body></html>');
        ctx.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': html.length });
        return void ctx.res.end(html);
      }
      throw notFound(`File '${p.name}' not found.`);
    }),

    route('GET', '/files/:id/video.mp4', (ctx, p) => {
      if (resetIfFaulted(ctx)) return;
      d.engine.reconcile();
      d.files.serve(ctx.req, ctx.res, p.id, ctx.url.searchParams, ctx.match, (name) => noteFault(ctx, name));
    }),

    ...imageRoutes(d),
    ...chatRoutes(d),
    ...mediaRoutes(d),
    ...voiceCloneRoutes(d),
  ];
}

/**
 * catalog-odd-entry: the first video model's min_duration_s becomes `min` (2.5 by default, not a
 * whole second), and an entry no client can use (video caps without numbers) is appended.
 */
function oddCatalog(min: number): unknown[] {
  const i = MODELS.findIndex((m) => m.video_caps);
  const out: unknown[] = MODELS.map((m, j) => (j === i && m.video_caps ? { ...m, video_caps: { ...m.video_caps, min_duration_s: min } } : m));
  out.push({ id: 'broken-video', object: 'model', output_modalities: ['video'], video_caps: { min_duration_s: 'five', max_duration_s: null } });
  return out;
}
