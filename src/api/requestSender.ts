// One request and its answer, with no retries: the base-URL guard, the key (only ever in the
// Authorization header to the checked base URL), our own X-Request-ID, a timeout, and the answer's
// body read up to the JSON cap (or left unread for a raw 2xx). Throws an AbortError on the caller's
// abort and AirforceError(network_error) when no answer came; retries are http.ts's.
import { abortError, linkAbort } from '../util/abort';
import type { Logger } from '../util/logger';
import { assertSafeBaseUrl, joinUrl } from './baseUrl';
import { formatBytes, readBodyCapped } from './body';
import { AirforceError, type AirforceErrorInit } from './errors';
import { describeNetworkError, networkCode } from './failureText';
import { KEY_PROBLEM_TEXT, keyFormatProblem } from './keyFormat';
import { isStreamBody, webStream, type StreamBody } from './multipart';
import type { Redactor } from './redact';
import { newRequestId, trustedRequestId } from './requestId';

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
  /** Resolve at the headers, leave a 2xx body unread. */
  raw?: boolean;
}

export interface SenderOptions {
  baseUrl: string;
  getApiKey: () => Promise<string | undefined>;
  fetch: typeof fetch;
  userAgent: string;
  timeoutMs: number;
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

    // Our own controller: the caller's abort and our timeout both end the request, and both
    // hooks are removed afterwards so nothing outlives the call.
    const controller = new AbortController();
    let timedOut = false;
    const unlink = linkAbort(callerSignal, controller);
    const expire = (): void => {
      timedOut = true;
      controller.abort(new DOMException('The request timed out.', 'TimeoutError'));
    };
    const timer = setTimeout(expire, o.timeoutMs);
    // A streamed upload may take longer than the timeout: each chunk taken restarts it (an idle limit).
    const payload = isStreamBody(spec.body) ? webStream(spec.body, () => timer.refresh()) : spec.body;
    let keepCallerLink = false;
    const started = o.now();
    const label = `${spec.method} ${spec.path}`;
    try {
      const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers, body: payload, signal: controller.signal, redirect: 'error' };
      if (typeof payload === 'object') init.duplex = 'half';
      const response = await o.fetch(url, init);
      const echoedId = trustedRequestId(response.headers.get('x-request-id'), requestId, o.redactor.containsSecret);
      if (spec.raw && response.ok) {
        // The body lives on under the caller's signal; only the header timeout ends here.
        keepCallerLink = true;
        o.log.info(`${label} ${response.status} ${echoedId} ${o.now() - started}ms`);
        return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: '', response };
      }
      const body = await readBodyCapped(response, o.maxJsonBytes);
      const size = body.tooLarge === undefined ? '' : ` body over ${formatBytes(o.maxJsonBytes)} (${formatBytes(body.tooLarge)}+), not read`;
      o.log[body.tooLarge === undefined ? 'info' : 'warn'](`${label} ${response.status} ${echoedId} ${o.now() - started}ms${size}`);
      return { status: response.status, headers: response.headers, requestId: echoedId, bodyText: body.text, tooLarge: body.tooLarge };
    } catch (err) {
      if (callerSignal?.aborted) {
        o.log.info(`${label} cancelled ${requestId} ${o.now() - started}ms`);
        throw abortError(callerSignal);
      }
      const code = timedOut ? 'timeout' : networkCode(err);
      const detail = timedOut ? `no answer within ${Math.round(o.timeoutMs / 1000)} s` : describeNetworkError(err);
      o.log.warn(`${label} ${code} ${requestId} ${o.now() - started}ms`);
      throw o.error({ message: `${label} failed: ${detail}`, type: 'network_error', code, requestId, cause: err });
    } finally {
      clearTimeout(timer);
      if (!keepCallerLink) unlink();
    }
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
