// The one HTTP client for Api.Airforce. Pure: fetch, clock, sleep and logger are injected, so it runs
// in the extension host, in tests against the simulator, and in the bench alike.
//
// Retry rules (from the API's conventions): GET/DELETE retry on 429, 503 and network failures; the
// create POST is retried only when a 429/503 *response* proves the server refused it, because every
// create that reaches the server is a new billed task. When its fate is unknown it is looked up in
// the task list instead of being re-sent.
import type { z } from 'zod/mini';
import type { Logger } from '../util/logger';
import { redactingLogger, silentLogger } from '../util/logger';
import { assertSafeBaseUrl, joinUrl } from './baseUrl';
import { DEFAULT_MAX_JSON_BYTES, formatBytes, readBodyCapped } from './body';
import { AirforceError, CreateOutcomeUnknownError, errorFromResponse, isRetryableStatus, parseErrorBody, type AirforceErrorInit } from './errors';
import { describeNetworkError, formatPath, networkCode } from './failureText';
import { assertSafeTaskId } from './ids';
import { KEY_PROBLEM_TEXT, keyFormatProblem } from './keyFormat';
import { createRedactor, type Redactor } from './redact';
import { newRequestId, trustedRequestId } from './requestId';
import { isAbortError, abortError, retryDelayMs, serverRetryAfterMs, sleep as defaultSleep, type Sleep } from './retry';
import {
  CreateVideoRequestSchema,
  DeleteResponseSchema,
  ModelListSchema,
  parseTaskList,
  TaskListEnvelopeSchema,
  VideoTaskSchema,
  type CreateVideoRequest,
  type DeleteResponse,
  type Model,
  type VideoTask,
} from './schemas';

export const DEFAULT_USER_AGENT = 'airforce-media/0.1.0';
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 4;
export { DEFAULT_MAX_JSON_BYTES, formatPath };
/** A task in the list counts as "ours" after a lost create if created no earlier than this before the POST. */
export const CREATE_LOOKUP_SLACK_MS = 60_000;

export interface ClientOptions {
  /** Validated by assertSafeBaseUrl before any request. */
  baseUrl: string;
  /** Resolved per request; never stored on the object. */
  getApiKey: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  userAgent?: string;
  logger?: Logger;
  sleep?: Sleep;
  random?: () => number;
  requestTimeoutMs?: number;
  maxRetries?: number;
  now?: () => number;
  /** Largest JSON body read; a bigger one is refused (response_too_large), never retried. Default 8 MiB. */
  maxJsonBytes?: number;
  /**
   * Learns every key the client resolves and scrubs it from errors and log lines. Pass the one the
   * host's logger also uses; the client makes its own otherwise.
   */
  redactor?: Redactor;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateVideoOptions extends CallOptions {
  /** false: a 429 is thrown at once, for callers that queue and re-try themselves. 503 is still retried. */
  retryOn429?: boolean;
}

type Method = 'GET' | 'POST' | 'DELETE';

/** One answered HTTP exchange. `response` is kept unread only for a successful stream. */
interface Exchange {
  status: number;
  headers: Headers;
  requestId: string;
  bodyText: string;
  /** The body was over maxJsonBytes and not read: bytes announced or read before stopping. */
  tooLarge?: number;
  response?: Response;
}

interface ExchangeSpec {
  method: Method;
  path: string;
  body?: string;
  accept: string;
  signal?: AbortSignal;
  /** Stream: resolve at the headers, leave a 2xx body unread. */
  stream?: boolean;
  /** The endpoint is public: without a key the request goes out unauthenticated. */
  keyOptional?: boolean;
}

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream';

export class AirforceClient {
  private readonly fetchImpl: typeof fetch;
  private readonly userAgent: string;
  private readonly log: Logger;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly now: () => number;
  private readonly getApiKey: () => Promise<string | undefined>;
  private readonly baseUrlText: string;
  private readonly maxJsonBytes: number;
  private readonly redactor: Redactor;
  private checkedBase: URL | AirforceError | undefined;

  constructor(opts: ClientOptions) {
    this.baseUrlText = opts.baseUrl;
    this.getApiKey = opts.getApiKey;
    this.fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.redactor = opts.redactor ?? createRedactor();
    this.log = redactingLogger(opts.logger ?? silentLogger, this.redactor.redact);
    this.maxJsonBytes = Math.max(1, opts.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES);
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxRetries = Math.max(0, opts.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.now = opts.now ?? Date.now;
  }

  async listModels(opts: CallOptions = {}): Promise<Model[]> {
    // Public endpoint: a key only narrows the list to the caller's tier, so the Models view works before one is set.
    return (await this.requestJson('GET', '/v1/models', ModelListSchema, opts.signal, true)).data;
  }

  async getTask(taskId: string, opts: CallOptions = {}): Promise<VideoTask> {
    return this.scrubTask(await this.requestJson('GET', taskPath(taskId), VideoTaskSchema, opts.signal));
  }

  /** One malformed entry (bad id, missing field) is left out with a warning; the rest still count. */
  async listTasks(opts: CallOptions = {}): Promise<VideoTask[]> {
    const envelope = await this.requestJson('GET', '/v1/video/tasks', TaskListEnvelopeSchema, opts.signal);
    const { tasks, dropped } = parseTaskList(envelope.data);
    for (const line of dropped) this.log.warn(`GET /v1/video/tasks: entry left out, ${line}`);
    return tasks.map((t) => this.scrubTask(t));
  }

  async deleteTask(taskId: string, opts: CallOptions = {}): Promise<DeleteResponse> {
    return this.requestJson('DELETE', taskPath(taskId), DeleteResponseSchema, opts.signal);
  }

  /** Opens the SSE progress stream; resolves with the raw Response (status checked, body unread). */
  async streamTask(taskId: string, opts: { signal: AbortSignal }): Promise<Response> {
    const path = `${taskPath(taskId)}/stream`;
    const ex = await this.withRetries({ method: 'GET', path, accept: SSE_TYPE, signal: opts.signal, stream: true });
    const response = ex.response;
    const type = ex.headers.get('content-type') ?? '';
    if (!response || !type.toLowerCase().startsWith(SSE_TYPE)) {
      await response?.body?.cancel().catch(() => undefined);
      throw this.error({
        message: `GET ${path} answered ${type || 'no content type'} instead of ${SSE_TYPE}`,
        type: 'invalid_response',
        status: ex.status,
        requestId: ex.requestId,
      });
    }
    return response;
  }

  async createVideo(req: CreateVideoRequest, opts: CreateVideoOptions = {}): Promise<VideoTask> {
    const path = '/v1/video/generations';
    const checked = CreateVideoRequestSchema.safeParse(req);
    if (!checked.success) {
      // Caught before sending: a malformed body would only earn a 400 (or worse, a billed surprise).
      throw this.error({
        message: `The video request is malformed at ${formatPath(checked.error.issues[0]?.path ?? [])}: ${checked.error.issues[0]?.message ?? 'invalid'}`,
        type: 'invalid_request',
        code: 'invalid_request_local',
        param: formatPath(checked.error.issues[0]?.path ?? []),
      });
    }
    const body = JSON.stringify(req);
    const retryOn429 = opts.retryOn429 ?? true;
    const startedAt = this.now();
    for (let attempt = 0; ; attempt++) {
      let ex: Exchange;
      try {
        ex = await this.exchange({ method: 'POST', path, body, accept: JSON_TYPE, signal: opts.signal });
      } catch (err) {
        if (err instanceof AirforceError && err.type === 'network_error') {
          return this.recoverLostCreate(req, startedAt, err, opts.signal);
        }
        throw err;
      }
      if (ex.status >= 200 && ex.status < 300) {
        try {
          return this.scrubTask(this.parse(VideoTaskSchema, ex, 'POST', path));
        } catch (err) {
          // The server accepted the create: say so, or the user would re-send and pay twice.
          if (err instanceof AirforceError) {
            throw this.error({
              message: `${err.message}. The task was probably created: check the task list before trying again`,
              type: err.type,
              code: err.code,
              param: err.param,
              status: err.status,
              requestId: err.requestId,
              cause: err,
            });
          }
          throw err;
        }
      }
      const error = this.errorFor(ex, 'POST', path);
      const retryable = isRetryableStatus(ex.status) && (ex.status !== 429 || retryOn429);
      if (!retryable || attempt >= this.maxRetries) throw error;
      await this.backoff(attempt, error, opts.signal, 'POST', path);
    }
  }

  // ---- internals ----

  private async recoverLostCreate(
    req: CreateVideoRequest,
    startedAt: number,
    cause: AirforceError,
    signal: AbortSignal | undefined,
  ): Promise<VideoTask> {
    this.log.warn(
      `POST /v1/video/generations outcome unknown (${cause.code ?? cause.type}) ${cause.requestId ?? '-'}: looking the task up in the list instead of re-sending`,
    );
    let tasks: VideoTask[];
    try {
      tasks = await this.listTasks({ signal });
    } catch (err) {
      if (isAbortError(err)) throw err;
      throw new CreateOutcomeUnknownError({ requestId: cause.requestId, cause: err, detail: 'the task list could not be read either' });
    }
    const found = findCreatedTask(tasks, req, startedAt);
    if (found) {
      this.log.info(`POST /v1/video/generations recovered task ${found.task_id} from the task list (nothing re-sent)`);
      return found;
    }
    throw new CreateOutcomeUnknownError({ requestId: cause.requestId, cause });
  }

  private async requestJson<S extends z.ZodMiniType>(
    method: Method,
    path: string,
    schema: S,
    signal: AbortSignal | undefined,
    keyOptional = false,
  ): Promise<z.output<S>> {
    const ex = await this.withRetries({ method, path, accept: JSON_TYPE, signal, keyOptional });
    return this.parse(schema, ex, method, path);
  }

  /** Idempotent calls: retried on 429, 503 and network failures; resolves with a 2xx exchange. */
  private async withRetries(spec: ExchangeSpec): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      let ex: Exchange;
      try {
        ex = await this.exchange(spec);
      } catch (err) {
        if (err instanceof AirforceError && err.type === 'network_error' && attempt < this.maxRetries) {
          await this.backoff(attempt, err, spec.signal, spec.method, spec.path);
          continue;
        }
        throw err;
      }
      if (ex.status >= 200 && ex.status < 300) return ex;
      const error = this.errorFor(ex, spec.method, spec.path);
      if (!isRetryableStatus(ex.status) || attempt >= this.maxRetries) throw error;
      await this.backoff(attempt, error, spec.signal, spec.method, spec.path);
    }
  }

  private async backoff(attempt: number, cause: AirforceError, signal: AbortSignal | undefined, method: Method, path: string): Promise<void> {
    const delay = retryDelayMs(attempt, cause.retryAfterMs, this.random);
    this.log.info(
      `${method} ${path} retry ${attempt + 1}/${this.maxRetries} in ${delay}ms after ${cause.status ?? cause.code ?? cause.type} ${cause.requestId ?? '-'}`,
    );
    await this.sleep(delay, signal);
  }

  private errorFor(ex: Exchange, method: Method, path: string): AirforceError {
    const body = parseErrorBody(ex.bodyText);
    const retryAfterMs = isRetryableStatus(ex.status)
      ? serverRetryAfterMs(ex.headers.get('retry-after'), body.retryAfterSeconds, this.now())
      : undefined;
    return errorFromResponse({
      status: ex.status,
      bodyText: ex.bodyText,
      requestId: ex.requestId,
      retryAfterMs,
      method,
      path,
      redact: this.redactor.redact,
    });
  }

  /** The server's free texts about a task (its failure message, an unknown status) are shown in the UI. */
  private scrubTask(task: VideoTask): VideoTask {
    const out = { ...task };
    if (typeof out.error === 'string') out.error = this.redactor.redact(out.error);
    if (out.raw_status !== undefined) out.raw_status = this.redactor.redact(out.raw_status);
    return out;
  }

  /** Every error the client builds goes through here, so the key in use never shows in its text. */
  private error(init: AirforceErrorInit): AirforceError {
    return new AirforceError({ ...init, redact: this.redactor.redact });
  }

  private parse<S extends z.ZodMiniType>(schema: S, ex: Exchange, method: Method, path: string): z.output<S> {
    if (ex.tooLarge !== undefined) {
      // Not a network error and not retried: asking again would only fetch the same flood.
      throw this.error({
        message: `${method} ${path} answered ${ex.status} with a body of ${formatBytes(ex.tooLarge)} or more, over the ${formatBytes(this.maxJsonBytes)} limit`,
        type: 'invalid_response',
        code: 'response_too_large',
        status: ex.status,
        requestId: ex.requestId,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(ex.bodyText);
    } catch {
      throw this.error({
        message: `${method} ${path} answered ${ex.status} with a body that is not JSON`,
        type: 'invalid_response',
        status: ex.status,
        requestId: ex.requestId,
      });
    }
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = formatPath(issue?.path ?? []);
    throw this.error({
      message: `${method} ${path}: unexpected response at ${where}: ${issue?.message ?? 'invalid'}`,
      type: 'invalid_response',
      code: 'schema_mismatch',
      param: where,
      status: ex.status,
      requestId: ex.requestId,
    });
  }

  private base(): URL {
    if (this.checkedBase === undefined) {
      try {
        this.checkedBase = assertSafeBaseUrl(this.baseUrlText);
      } catch (err) {
        this.checkedBase = err instanceof AirforceError ? err : this.error({ message: String(err), type: 'configuration_error', code: 'unsafe_base_url' });
      }
    }
    if (this.checkedBase instanceof AirforceError) throw this.checkedBase;
    return this.checkedBase;
  }

  /** One request/response. Throws AbortError on caller abort, AirforceError(network_error) otherwise. */
  private async exchange(spec: ExchangeSpec): Promise<Exchange> {
    const url = joinUrl(this.base(), spec.path);
    const key = this.redactor.remember(await this.getApiKey());
    if (!key && !spec.keyOptional) {
      throw this.error({
        message: 'No Airforce API key is set',
        type: 'authentication_error',
        code: 'missing_api_key',
      });
    }
    // AIRFORCE_API_KEY skips the input check; a line break or control character must not reach a header.
    const keyProblem = key ? keyFormatProblem(key, { requirePrefix: false }) : undefined;
    if (keyProblem) {
      throw this.error({
        message: `The Airforce API key in use cannot be sent: ${KEY_PROBLEM_TEXT[keyProblem]} Set it again with "Airforce: Set API Key" (or fix AIRFORCE_API_KEY).`,
        type: 'configuration_error',
        code: 'unusable_api_key',
      });
    }
    const callerSignal = spec.signal;
    if (callerSignal?.aborted) throw abortError(callerSignal);

    const requestId = newRequestId();
    const headers: Record<string, string> = {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      'User-Agent': this.userAgent,
      'X-Request-ID': requestId,
      Accept: spec.accept,
    };
    if (spec.body !== undefined) headers['Content-Type'] = JSON_TYPE;

    // Our own controller: the caller's abort and our timeout both end the request, and both
    // hooks are removed afterwards so nothing outlives the call.
    const controller = new AbortController();
    let timedOut = false;
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The request timed out.', 'TimeoutError'));
    }, this.timeoutMs);
    let keepCallerLink = false;
    const started = this.now();
    const label = `${spec.method} ${spec.path}`;
    try {
      const response = await this.fetchImpl(url, {
        method: spec.method,
        headers,
        body: spec.body,
        signal: controller.signal,
        redirect: 'error',
      });
      const echoedId = trustedRequestId(response.headers.get('x-request-id'), requestId, this.redactor.containsSecret);
      if (spec.stream && response.ok) {
        // The stream lives on under the caller's signal; only the header timeout ends here.
        keepCallerLink = true;
        this.log.info(`${label} ${response.status} ${echoedId} ${this.now() - started}ms`);
        return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: '', response };
      }
      const body = await readBodyCapped(response, this.maxJsonBytes);
      const size = body.tooLarge === undefined ? '' : ` body over ${formatBytes(this.maxJsonBytes)} (${formatBytes(body.tooLarge)}+), not read`;
      this.log[body.tooLarge === undefined ? 'info' : 'warn'](`${label} ${response.status} ${echoedId} ${this.now() - started}ms${size}`);
      return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: body.text, tooLarge: body.tooLarge };
    } catch (err) {
      if (callerSignal?.aborted) {
        this.log.info(`${label} cancelled ${requestId} ${this.now() - started}ms`);
        throw abortError(callerSignal);
      }
      const code = timedOut ? 'timeout' : networkCode(err);
      const detail = timedOut ? `no answer within ${Math.round(this.timeoutMs / 1000)} s` : describeNetworkError(err);
      this.log.warn(`${label} ${code} ${requestId} ${this.now() - started}ms`);
      throw this.error({
        message: `${label} failed: ${detail}`,
        type: 'network_error',
        code,
        requestId,
        cause: err,
      });
    } finally {
      clearTimeout(timer);
      if (!keepCallerLink) callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** After a lost create: the newest listed task with the same prompt and model, created since the POST (less slack). */
export function findCreatedTask(tasks: readonly VideoTask[], req: CreateVideoRequest, startedAtMs: number): VideoTask | undefined {
  const earliest = (startedAtMs - CREATE_LOOKUP_SLACK_MS) / 1000;
  return tasks.find(
    (t) => t.prompt === req.prompt && t.model === req.model && typeof t.created === 'number' && t.created >= earliest,
  );
}

/** Checked before anything is sent: `..` would turn `/v1/video/tasks/..` into `/v1/video/`. */
function taskPath(taskId: string): string {
  assertSafeTaskId(taskId);
  return `/v1/video/tasks/${encodeURIComponent(taskId)}`;
}
