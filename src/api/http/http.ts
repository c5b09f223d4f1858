// The transport to Api.Airforce, shared by every endpoint: key and base URL checks, our own
// X-Request-ID, a timeout, retries with backoff, the JSON size cap, the error envelope and key
// redaction. Endpoints (video.ts, models.ts, …) only say what to send and which reader to use: JSON
// (zod-validated), SSE (a raw stream) or bytes (a raw binary body). Pure: fetch, clock, sleep and
// logger are injected.
//
// Retry rule: a 429/503 *response* proves the server refused the request, so any request may be
// sent again; after a network failure only a GET/DELETE is, because a POST that reached the server
// may be a new billed job (its endpoint decides how to find out).
import type { z } from 'zod/mini';
import { sleepOrAbortError, type Sleep } from '../../util/abort';
import type { Logger } from '../../util/logger';
import { redactingLogger, silentLogger } from '../../util/logger';
import { DEFAULT_MAX_JSON_BYTES } from './body';
import { AirforceError, CreateOutcomeUnknownError, errorFromResponse, isRetryableStatus, parseErrorBody, type AirforceErrorInit } from './errors';
import { formatPath } from './failureText';
import { createRedactor, redactDeep, type Redactor } from './redact';
import { parseJsonBody } from './parseJson';
import { JSON_TYPE, RequestSender, type Exchange, type ExchangeSpec, type Method, type RequestSpec } from './requestSender';
import { retryDelayMs, serverRetryAfterMs } from './retry';
import { fetchTransport, nodeTransport, type Transport } from './transport';

export { JSON_TYPE, type Exchange, type Method, type RequestSpec } from './requestSender';

export const DEFAULT_USER_AGENT = 'airforce-media/0.1.0';
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The longest a raw answer (audio bytes, an image answer kept alive by comments) may take to arrive whole. */
export const DEFAULT_STREAM_OVERALL_MS = 30 * 60_000;
export const DEFAULT_MAX_RETRIES = 4;
export const SSE_TYPE = 'text/event-stream';

export interface HttpOptions {
  /** Validated by assertSafeBaseUrl before any request. */
  baseUrl: string;
  /** Resolved per request; never stored on the object. */
  getApiKey: () => Promise<string | undefined>;
  /** A scripted fetch (tests); without it (and without `transport`) requests go on node:http(s) with one keep-alive Agent. */
  fetch?: typeof fetch;
  transport?: Transport;
  userAgent?: string;
  logger?: Logger;
  sleep?: Sleep;
  random?: () => number;
  /** The wait for an answer's headers, and for each chunk of its body (the idle limit); a JSON exchange's whole. */
  requestTimeoutMs?: number;
  /** A raw answer's whole read (default 30 min). */
  streamOverallMs?: number;
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

/** A 2xx answer whose body is left for the caller to read (its abort still ends it). */
export interface RawResult {
  response: Response;
  /** The id to log and record: the server's echo when trusted, else ours. */
  requestId: string;
}

export class Http {
  readonly log: Logger;
  readonly now: () => number;
  readonly maxJsonBytes: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly maxRetries: number;
  private readonly redactor: Redactor;
  private readonly sender: RequestSender;

  constructor(opts: HttpOptions) {
    this.redactor = opts.redactor ?? createRedactor();
    this.log = redactingLogger(opts.logger ?? silentLogger, this.redactor.redact);
    this.maxJsonBytes = Math.max(1, opts.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES);
    this.sleep = opts.sleep ?? sleepOrAbortError;
    this.random = opts.random ?? Math.random;
    this.maxRetries = Math.max(0, opts.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.now = opts.now ?? Date.now;
    this.sender = new RequestSender({
      baseUrl: opts.baseUrl,
      getApiKey: opts.getApiKey,
      transport: opts.transport ?? (opts.fetch ? fetchTransport(opts.fetch) : nodeTransport()),
      userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      streamOverallMs: opts.streamOverallMs ?? DEFAULT_STREAM_OVERALL_MS,
      maxJsonBytes: this.maxJsonBytes,
      now: this.now,
      log: this.log,
      redactor: this.redactor,
      error: (init) => this.error(init),
    });
  }

  /** Scrubs every key the transport has seen from a text the server wrote (shown in the UI). */
  readonly redact = (text: string): string => this.redactor.redact(text);

  /** The answer's JSON, checked against `schema`. */
  async json<S extends z.ZodMiniType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    return this.parse(schema, await this.send(spec), spec.method, spec.path);
  }

  /** Opens an SSE stream; resolves with the raw Response (status and content type checked, body unread). */
  async sse(spec: RequestSpec & { signal: AbortSignal }): Promise<Response> {
    // The progress stream's reader times it (stall timer); its abort destroys the socket.
    const ex = await this.send({ ...spec, accept: SSE_TYPE, raw: true, untimed: true });
    const response = ex.response;
    const type = ex.headers.get('content-type') ?? '';
    if (!response || !type.toLowerCase().startsWith(SSE_TYPE)) {
      await response?.body?.cancel().catch(() => undefined);
      throw this.error({
        message: `${spec.method} ${spec.path} answered ${type || 'no content type'} instead of ${SSE_TYPE}`,
        type: 'invalid_response',
        status: ex.status,
        requestId: ex.requestId,
      });
    }
    return response;
  }

  /** A binary answer (audio, an image): 2xx resolves with the body unread; errors as for JSON. */
  async bytes(spec: RequestSpec & { accept?: string }): Promise<RawResult> {
    const ex = await this.send({ ...spec, accept: spec.accept ?? '*/*', raw: true });
    if (!ex.response) throw this.error({ message: `${spec.method} ${spec.path} answered without a body`, type: 'invalid_response', status: ex.status, requestId: ex.requestId });
    return { response: ex.response, requestId: ex.requestId };
  }

  /**
   * Sends until a 2xx exchange, following the retry rule above. Endpoints with their own reader
   * (a create that must never be re-sent blindly) use this with `parse`.
   */
  async send(spec: RequestSpec & { accept?: string; raw?: boolean; untimed?: boolean; answerTimeoutMs?: number }): Promise<Exchange> {
    const full: ExchangeSpec = { ...spec, accept: spec.accept ?? JSON_TYPE };
    const retryNetwork = spec.method !== 'POST';
    const retryOn429 = spec.retryOn429 ?? true;
    for (let attempt = 0; ; attempt++) {
      let ex: Exchange;
      try {
        ex = await this.sender.exchange(full);
      } catch (err) {
        if (!(err instanceof AirforceError) || err.type !== 'network_error') throw err;
        // Refused before the connection opened: nothing was sent, so it is a plain failure.
        if (spec.billed && !err.notSent) throw this.outcomeUnknown(spec, err);
        if (!retryNetwork || attempt >= this.maxRetries) throw err;
        await this.backoff(attempt, err, spec);
        continue;
      }
      if (ex.status >= 200 && ex.status < 300) return ex;
      const error = this.errorFor(ex, spec.method, spec.path);
      const retryable = isRetryableStatus(ex.status) && (ex.status !== 429 || retryOn429);
      if (!retryable || attempt >= this.maxRetries) throw error;
      await this.backoff(attempt, error, spec);
    }
  }

  /** A 2xx exchange's JSON, checked against `schema`, every string scrubbed of keys; a body over the cap is refused. */
  parse<S extends z.ZodMiniType>(schema: S, ex: Exchange, method: Method, path: string): z.output<S> {
    return redactDeep(
      parseJsonBody(schema, ex, `${method} ${path}`, this.maxJsonBytes, (init) => this.error(init)),
      this.redact,
    );
  }

  /**
   * A request body checked against its schema before anything is sent: a malformed body would only
   * earn a 400, or worse a billed surprise. `what` names it in the message ("video", "image").
   */
  checkBody<S extends z.ZodMiniType>(schema: S, body: unknown, what: string): void {
    const checked = schema.safeParse(body);
    if (checked.success) return;
    const issue = checked.error.issues[0];
    const where = formatPath(issue?.path ?? []);
    throw this.error({
      message: `The ${what} request is malformed at ${where}: ${issue?.message ?? 'invalid'}`,
      type: 'invalid_request',
      code: 'invalid_request_local',
      param: where,
    });
  }

  /**
   * Reads the answer of a billed POST the server accepted (2xx). A reading failure must say the work
   * was probably done and billed, or the person would send it again and pay twice: `advice` says so.
   */
  readAccepted<T>(read: () => T, advice: string): T {
    try {
      return read();
    } catch (err) {
      throw this.acceptedError(err, advice);
    }
  }

  /** A failure reading an accepted answer, with `advice` added (anything but an AirforceError is kept as is). */
  acceptedError(err: unknown, advice: string): unknown {
    if (!(err instanceof AirforceError)) return err;
    const { type, code, param, status, requestId } = err;
    return this.error({ message: `${err.message}. ${advice}`, type, code, param, status, requestId, cause: err });
  }

  /** Every error the transport builds goes through here, so the key in use never shows in its text. */
  error(init: AirforceErrorInit): AirforceError {
    return new AirforceError({ ...init, redact: this.redactor.redact });
  }

  private async backoff(attempt: number, cause: AirforceError, spec: RequestSpec): Promise<void> {
    const delay = retryDelayMs(attempt, cause.retryAfterMs, this.random);
    this.log.info(`${spec.method} ${spec.path} retry ${attempt + 1}/${this.maxRetries} in ${delay}ms after ${cause.status ?? cause.code ?? cause.type} ${cause.requestId ?? '-'}`);
    await this.sleep(delay, spec.signal);
  }

  private errorFor(ex: Exchange, method: Method, path: string): AirforceError {
    const body = parseErrorBody(ex.bodyText);
    const retryAfterMs = isRetryableStatus(ex.status) ? serverRetryAfterMs(ex.headers.get('retry-after'), body.retryAfterSeconds, this.now()) : undefined;
    return errorFromResponse({ status: ex.status, bodyText: ex.bodyText, requestId: ex.requestId, retryAfterMs, method, path, redact: this.redactor.redact });
  }

  /** A billed create whose connection was lost: it may have been made, so it is never re-sent here. */
  private outcomeUnknown(spec: RequestSpec, cause: AirforceError): AirforceError {
    this.log.warn(`${spec.method} ${spec.path} outcome unknown (${cause.code ?? cause.type}) ${cause.requestId ?? '-'}: not re-sent`);
    return new CreateOutcomeUnknownError({ requestId: cause.requestId, cause, ...spec.billed });
  }
}
