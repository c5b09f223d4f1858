// One request and its answer, with no retries: the base-URL guard, the key (only ever in the
// Authorization header to the checked base URL), our own X-Request-ID, and our own timers: the
// headers within `timeoutMs`, then every body read bounded by an idle timer (timedBody.ts) and an
// overall deadline — `timeoutMs` for a JSON answer (read up to the JSON cap), `streamOverallMs` for a
// raw 2xx body (audio bytes, an image answer) left for the caller. A timer that fires aborts the
// request, which destroys its socket (transport.ts). Throws an AbortError on the caller's abort and
// AirforceError(network_error) when no answer came; retries are http.ts's.
import { abortError, linkAbort } from '../../util/abort';
import type { Logger } from '../../util/logger';
import { assertSafeBaseUrl, joinUrl } from './baseUrl';
import { formatBytes, readBodyCapped } from './body';
import { AirforceError, type AirforceErrorInit } from './errors';
import { describeNetworkError, networkCode } from './failureText';
import { KEY_PROBLEM_TEXT, keyFormatProblem } from '../rules/keyFormat';
import { isStreamBody, type StreamBody } from './multipart';
import type { Redactor } from './redact';
import { newRequestId, trustedRequestId } from './requestId';
import { timedBody, type BodyTimers } from './timedBody';
import { nothingSent, type Transport } from './transport';

export const JSON_TYPE = 'application/json';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: Method;
  path: string;
  /** A JSON text, sent as application/json; or a streamed body (multipart.ts) with its own type and length. */
  body?: string | StreamBody;
  signal?: AbortSignal;
  /** The endpoint is public: without a key the request goes out unauthenticated. */
  keyOptional?: boolean;
  /** false: a 429 is thrown at once, for callers that queue and re-try themselves. 503 is still retried. */
  retryOn429?: boolean;
  /**
   * A billed create: a lost connection is CreateOutcomeUnknownError (never re-sent, whatever the
   * method); `subject` and `advice` word its message (default: the video request, the task list).
   */
  billed?: { subject?: string; advice?: string };
}

/** One answered HTTP exchange. `response` is kept unread only for a successful raw (stream, bytes) read. */
export interface Exchange {
  status: number;
  headers: Headers;
  requestId: string;
  bodyText: string;
  /** The body was over maxJsonBytes and not read: bytes announced or read before stopping. */
  tooLarge?: number;
  response?: Response;
}

export interface ExchangeSpec extends RequestSpec {
  accept: string;
  /** Resolve at the headers, leave a 2xx body unread (its reads still timed, unless `untimed`). */
  raw?: boolean;
  /** A raw body its reader times itself (the progress stream's stall timer): only the caller's abort ends it. */
  untimed?: boolean;
  /** A streamed upload: how long the server may take to answer once the last byte left (default timeoutMs). */
  answerTimeoutMs?: number;
}

export interface SenderOptions {
  baseUrl: string;
  getApiKey: () => Promise<string | undefined>;
  transport: Transport;
  userAgent: string;
  /** The wait for the headers, the idle limit of every body read, and the whole of a JSON exchange. */
  timeoutMs: number;
  /** The whole of a raw body's read (audio, an image answer kept alive by comments). */
  streamOverallMs: number;
  maxJsonBytes: number;
  now: () => number;
  log: Logger;
  redactor: Redactor;
  /** Builds every error, so the key in use never shows in its text. */
  error: (init: AirforceErrorInit) => AirforceError;
}

export class RequestSender {
  private checkedBase: URL | AirforceError | undefined;

  constructor(private readonly o: SenderOptions) {}

  /** One request/response. Throws AbortError on caller abort, AirforceError(network_error) otherwise. */
  async exchange(spec: ExchangeSpec): Promise<Exchange> {
    const { o } = this;
    const url = joinUrl(this.base(), spec.path);
    const requestId = newRequestId();
    const headers = await this.headersFor(spec, requestId);
    const callerSignal = spec.signal;
    if (callerSignal?.aborted) throw abortError(callerSignal);

    // Our own controller: the caller's abort and our timers all end the request (the transport
    // destroys the socket), and every hook is removed once the exchange (or a raw body) is over.
    const controller = new AbortController();
    let timedOut = false;
    const unlink = linkAbort(callerSignal, controller);
    const timeout = (what: string): Error => {
      timedOut = true;
      return new DOMException(what, 'TimeoutError');
    };
    const expire = (): void => controller.abort(timeout('The request timed out.'));
    let limitMs = o.timeoutMs;
    let timer = setTimeout(expire, limitMs);
    // Deadlines on the real clock (`o.now` may be a test's clock, for logs and Retry-After dates).
    let deadline = Date.now() + limitMs;
    // A streamed upload may take longer than the timeout: each chunk taken restarts it (an idle limit).
    // Once its last byte left, the server has `answerTimeoutMs` to answer (a transcription of a long
    // file takes a while), counted from then, not from the start of the upload.
    // The body's last read may come after the exchange ended (a server that answered early): no new
    // timer then, or it would keep the host alive for the whole answer timeout.
    let over = false;
    const sent = (): void => {
      if (over) return;
      clearTimeout(timer);
      limitMs = spec.answerTimeoutMs ?? o.timeoutMs;
      timer = setTimeout(expire, limitMs);
      deadline = Date.now() + limitMs;
    };
    const payload = isStreamBody(spec.body) ? refreshing(spec.body, () => over || timer.refresh(), sent) : spec.body;
    let keepCallerLink = false;
    const started = o.now();
    const label = `${spec.method} ${spec.path}`;
    try {
      const response = await o.transport(url, { method: spec.method, headers, body: payload, signal: controller.signal });
      clearTimeout(timer);
      const echoedId = trustedRequestId(response.headers.get('x-request-id'), requestId, o.redactor.containsSecret);
      if (spec.raw && response.ok) {
        // The body lives on under the caller's signal, its reads timed unless its reader times them.
        keepCallerLink = true;
        o.log.info(`${label} ${response.status} ${echoedId} ${o.now() - started}ms`);
        const timed = spec.untimed ? response : this.timedRaw(response, label, echoedId, controller, unlink);
        return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: '', response: timed };
      }
      const body = await readBodyCapped(this.timedJson(response, deadline, controller, timeout), o.maxJsonBytes);
      const size = body.tooLarge === undefined ? '' : ` body over ${formatBytes(o.maxJsonBytes)} (${formatBytes(body.tooLarge)}+), not read`;
      o.log[body.tooLarge === undefined ? 'info' : 'warn'](`${label} ${response.status} ${echoedId} ${o.now() - started}ms${size}`);
      return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: body.text, tooLarge: body.tooLarge };
    } catch (err) {
      if (callerSignal?.aborted) {
        o.log.info(`${label} cancelled ${requestId} ${o.now() - started}ms`);
        throw abortError(callerSignal);
      }
      controller.abort(err); // whatever broke, the socket goes
      const code = timedOut ? 'timeout' : networkCode(err);
      const detail = timedOut ? `no answer within ${Math.round(limitMs / 1000)} s` : describeNetworkError(err);
      const unsent = !timedOut && nothingSent(err);
      o.log.warn(`${label} ${code} ${requestId} ${o.now() - started}ms${unsent ? ' (nothing sent)' : ''}`);
      throw o.error({ message: `${label} failed: ${detail}`, type: 'network_error', code, requestId, cause: err, notSent: unsent });
    } finally {
      over = true;
      clearTimeout(timer);
      if (!keepCallerLink) unlink();
    }
  }

  /** A JSON answer's body under the exchange's own deadline (and the same idle limit). */
  private timedJson(
    response: Response,
    deadline: number,
    controller: AbortController,
    timeout: (what: string) => Error,
  ): { headers: Headers; body: ReadableStream<Uint8Array> | null } {
    if (!response.body) return response;
    const t: BodyTimers = {
      idleMs: this.o.timeoutMs,
      deadline,
      now: Date.now,
      expired: () => timeout('The answer did not finish in time.'),
      broken: (cause) => cause as Error,
      abort: (reason) => controller.abort(reason),
    };
    return { headers: response.headers, body: timedBody(response.body, t) };
  }

  /**
   * A raw 2xx body under an idle limit and a generous overall one. Its failures carry the 2xx status:
   * the server accepted (and billed) the request, only its answer was lost.
   */
  private timedRaw(response: Response, label: string, requestId: string, controller: AbortController, unlink: () => void): Response {
    const { o } = this;
    if (!response.body) {
      unlink();
      return response;
    }
    const status = response.status;
    const lost = (code: string, why: string, cause?: unknown): AirforceError => o.error({ message: `${label}: ${why}`, type: 'network_error', code, status, requestId, cause });
    const t: BodyTimers = {
      idleMs: o.timeoutMs,
      deadline: Date.now() + o.streamOverallMs,
      now: Date.now,
      expired: (kind, received) => {
        o.log.warn(`${label} ${status} ${requestId} answer ${kind === 'idle' ? 'stalled' : 'too slow'} after ${formatBytes(received)}`);
        return kind === 'idle'
          ? lost('answer_stalled', `the answer stopped: nothing arrived for ${Math.round(o.timeoutMs / 1000)} s after ${formatBytes(received)}`)
          : lost('answer_too_slow', `the answer was still arriving after ${Math.round(o.streamOverallMs / 60_000)} min (${formatBytes(received)} read)`);
      },
      broken: (cause, received) => {
        const signal = controller.signal;
        if (signal.aborted && !(signal.reason instanceof AirforceError)) return abortError(signal);
        return lost('answer_cut', `the answer was cut off after ${formatBytes(received)}: ${describeNetworkError(cause)}`, cause);
      },
      abort: (reason) => controller.abort(reason),
      onEnd: unlink,
    };
    return new Response(timedBody(response.body, t), { status, statusText: response.statusText, headers: response.headers });
  }

  private base(): URL {
    if (this.checkedBase === undefined) {
      try {
        this.checkedBase = assertSafeBaseUrl(this.o.baseUrl);
      } catch (err) {
        this.checkedBase = err instanceof AirforceError ? err : this.o.error({ message: String(err), type: 'configuration_error', code: 'unsafe_base_url' });
      }
    }
    if (this.checkedBase instanceof AirforceError) throw this.checkedBase;
    return this.checkedBase;
  }

  /** The headers for one request, after checking the key can be sent at all. */
  private async headersFor(spec: ExchangeSpec, requestId: string): Promise<Record<string, string>> {
    const key = this.o.redactor.remember(await this.o.getApiKey());
    if (!key && !spec.keyOptional) {
      throw this.o.error({ message: 'No Airforce API key is set', type: 'authentication_error', code: 'missing_api_key' });
    }
    // AIRFORCE_API_KEY skips the input check; a line break or control character must not reach a header.
    const keyProblem = key ? keyFormatProblem(key, { requirePrefix: false }) : undefined;
    if (keyProblem) {
      throw this.o.error({
        message: `The Airforce API key in use cannot be sent: ${KEY_PROBLEM_TEXT[keyProblem]} Set it again with "Airforce: Set API Key" (or fix AIRFORCE_API_KEY).`,
        type: 'configuration_error',
        code: 'unusable_api_key',
      });
    }
    const headers: Record<string, string> = {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      'User-Agent': this.o.userAgent,
      'X-Request-ID': requestId,
      Accept: spec.accept,
    };
    if (isStreamBody(spec.body)) {
      headers['Content-Type'] = spec.body.contentType;
      headers['Content-Length'] = String(spec.body.length);
    } else if (spec.body !== undefined) headers['Content-Type'] = JSON_TYPE;
    return headers;
  }
}

/** The body's bytes, opened afresh for this attempt, calling `onChunk` as each is taken. */
async function* refreshing(body: StreamBody, onChunk: () => void, onEnd: () => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body.open()) {
    onChunk();
    yield chunk;
  }
  onEnd();
}
