// The video endpoints: create, get, list, delete and the progress stream of an asynchronous task.
//
// Every create that reaches the server is a new billed task, so the create POST is retried only when
// a 429/503 *response* proves the server refused it (the transport's rule). When its fate is
// unknown it fails with CreateOutcomeUnknownError and nothing is re-sent: the tracker looks the
// task up in the list, with the one matcher for lost creates (jobs/lostCreate.ts).
import type { Http } from './http/http';
import { parseCostHeader } from './http/costHeader';
import { assertSafeTaskId } from './http/ids';
import {
  CreateVideoRequestSchema,
  DeleteResponseSchema,
  parseTaskList,
  TaskListEnvelopeSchema,
  VideoTaskSchema,
  type CreateVideoRequest,
  type DeleteResponse,
  type VideoTask,
} from './schemas/schemas';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateVideoOptions extends CallOptions {
  /** false: a 429 is thrown at once, for callers that queue and re-try themselves. 503 is still retried. */
  retryOn429?: boolean;
}

const CREATE_PATH = '/v1/video/generations';
const LIST_PATH = '/v1/video/tasks';

export class VideoApi {
  constructor(private readonly http: Http) {}

  async get(taskId: string, opts: CallOptions = {}): Promise<VideoTask> {
    return this.http.json({ method: 'GET', path: taskPath(taskId), signal: opts.signal }, VideoTaskSchema);
  }

  /** One malformed entry (bad id, missing field) is left out with a warning; the rest still count. */
  async list(opts: CallOptions = {}): Promise<VideoTask[]> {
    const envelope = await this.http.json({ method: 'GET', path: LIST_PATH, signal: opts.signal }, TaskListEnvelopeSchema);
    const { tasks, dropped } = parseTaskList(envelope.data);
    for (const line of dropped) this.http.log.warn(`GET ${LIST_PATH}: entry left out, ${line}`);
    return tasks;
  }

  async delete(taskId: string, opts: CallOptions = {}): Promise<DeleteResponse> {
    return this.http.json({ method: 'DELETE', path: taskPath(taskId), signal: opts.signal }, DeleteResponseSchema);
  }

  /** Opens the SSE progress stream; resolves with the raw Response (status checked, body unread). */
  async stream(taskId: string, opts: { signal: AbortSignal }): Promise<Response> {
    return this.http.sse({ method: 'GET', path: `${taskPath(taskId)}/stream`, signal: opts.signal });
  }

  /** The created task; `cost_cents_settled` carries the answer's X-Cost-Cents header when it has one. */
  async create(req: CreateVideoRequest, opts: CreateVideoOptions = {}): Promise<CreatedVideoTask> {
    this.http.checkBody(CreateVideoRequestSchema, req, 'video');
    const body = JSON.stringify(req);
    const ex = await this.http.send({ method: 'POST', path: CREATE_PATH, body, signal: opts.signal, retryOn429: opts.retryOn429, billed: {} });
    // The server accepted the create: say so, or the person would re-send and pay twice.
    return this.http.readAccepted(
      () => withSettledCost(this.http.parse(VideoTaskSchema, ex, 'POST', CREATE_PATH), ex.headers.get('x-cost-cents')),
      'The task was probably created: check the task list before trying again',
    );
  }
}

/** A created task, with what the server billed for it (X-Cost-Cents) when it said so. */
export type CreatedVideoTask = VideoTask & { cost_cents_settled?: number };

/** Only the header sets the field: a body key of that name is not the server's bill. */
function withSettledCost(task: VideoTask, header: string | null): CreatedVideoTask {
  const out: CreatedVideoTask = { ...task };
  delete out.cost_cents_settled;
  const cents = parseCostHeader(header);
  if (cents !== undefined) out.cost_cents_settled = cents;
  return out;
}

/** Checked before anything is sent: `..` would turn `/v1/video/tasks/..` into `/v1/video/`. */
function taskPath(taskId: string): string {
  assertSafeTaskId(taskId);
  return `/v1/video/tasks/${encodeURIComponent(taskId)}`;
}
