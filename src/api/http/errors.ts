// Every failure the API layer reports is an AirforceError: the status class, the API's own
// message and the request id travel together so the UI can say what to do and support can trace it.
import { redactSecrets } from './redact';
import { ErrorEnvelopeSchema } from '../schemas/schemas';

export { redactSecrets };

/** Status → the API's documented error type, used when the body does not name one. */
const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'authentication_error',
  402: 'insufficient_balance',
  403: 'permission_error',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limit',
  500: 'internal_error',
  503: 'upstream_error',
};

export interface AirforceErrorInit {
  message: string;
  type: string;
  status?: number;
  code?: string;
  param?: string;
  requestId?: string;
  retryAfterMs?: number;
  /** The API's own human-readable message, when it sent one. */
  apiMessage?: string;
  /** A network failure before the connection opened: the request never reached the server. */
  notSent?: boolean;
  cause?: unknown;
  /**
   * Removes the exact key in use (the client's Redactor) from message, apiMessage and requestId.
   * Any `sk-air-…` token is removed either way; an echoed key must never reach a log or a toast.
   */
  redact?: (text: string) => string;
}

export class AirforceError extends Error {
  readonly status?: number;
  readonly type: string;
  readonly code?: string;
  readonly param?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly apiMessage?: string;
  /** True when the request provably never reached the server (connection refused, name not found). */
  readonly notSent: boolean;

  constructor(init: AirforceErrorInit) {
    const clean = (text: string): string => redactSecrets(init.redact ? init.redact(text) : text);
    super(clean(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AirforceError';
    this.type = clean(init.type);
    this.status = init.status;
    this.code = init.code === undefined ? undefined : clean(init.code);
    this.param = init.param === undefined ? undefined : clean(init.param);
    this.requestId = init.requestId === undefined ? undefined : clean(init.requestId);
    this.retryAfterMs = init.retryAfterMs;
    this.apiMessage = init.apiMessage === undefined ? undefined : clean(init.apiMessage);
    this.notSent = init.notSent === true;
  }

  /** One actionable sentence for a notification, with the request id to quote. */
  userMessage(): string {
    return withRequestId(describe(this), this.requestId);
  }
}

/** What a lost image or audio create tells the person (there is no list to look it up in). */
export const USAGE_ADVICE = 'Check your usage before trying again.';

/**
 * The create POST may or may not have reached the server (connection lost after the body was sent)
 * and no matching task was found: nothing was re-sent, because every create that arrives is billed.
 */
export class CreateOutcomeUnknownError extends AirforceError {
  /** `subject`/`advice` word it for other creates (default: the video request, the task list). */
  constructor(init: { requestId?: string; cause?: unknown; detail?: string; subject?: string; advice?: string }) {
    super({
      message:
        `The ${init.subject ?? 'video request'} may or may not have been accepted (the connection was lost` +
        (init.detail ? `: ${init.detail}` : '') +
        `). Nothing was re-sent. ${init.advice ?? 'Check the task list before trying again.'}`,
      // Not 'network_error': a caller that retries network errors must not re-send this create.
      type: 'outcome_unknown',
      code: 'create_outcome_unknown',
      requestId: init.requestId,
      cause: init.cause,
    });
    this.name = 'CreateOutcomeUnknownError';
  }
}

/** The API asks for retries on 429 and 503 only; every other status is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

export function isAirforceError(value: unknown): value is AirforceError {
  return value instanceof AirforceError;
}

export interface ParsedErrorBody {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  /** The body's `retry_after`, in seconds, as sent. */
  retryAfterSeconds?: number;
}

/** Reads either envelope shape; a body that is not JSON (a proxy's HTML page) yields its text, trimmed. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const plain = text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return plain ? { message: plain.slice(0, 300) } : {};
  }
  const parsed = ErrorEnvelopeSchema.safeParse(json);
  if (!parsed.success) return {};
  const env = parsed.data;
  if (typeof env.error === 'string') {
    // Flat shape: `error` is either the message or a machine code next to `message`.
    const flat = env as { error: string; message?: string; type?: string | null; code?: string | null; param?: string | null; retry_after?: number | null };
    return {
      message: flat.message ?? flat.error,
      type: flat.type ?? undefined,
      code: flat.code ?? (flat.message ? flat.error : undefined),
      param: flat.param ?? undefined,
      retryAfterSeconds: flat.retry_after ?? undefined,
    };
  }
  const inner = env.error as { message?: string; type?: string | null; code?: string | null; param?: string | null; retry_after?: number | null };
  const outer = env.retry_after as number | null | undefined;
  return {
    message: inner.message,
    type: inner.type ?? undefined,
    code: inner.code ?? undefined,
    param: inner.param ?? undefined,
    retryAfterSeconds: inner.retry_after ?? outer ?? undefined,
  };
}

export function defaultTypeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** Builds the error for a non-2xx response; `retryAfterMs` is computed by the caller (retry.ts). */
export function errorFromResponse(init: {
  status: number;
  bodyText: string;
  requestId?: string;
  retryAfterMs?: number;
  method: string;
  path: string;
  redact?: (text: string) => string;
}): AirforceError {
  const body = parseErrorBody(init.bodyText);
  const type = body.type ?? defaultTypeForStatus(init.status);
  return new AirforceError({
    message: `${init.method} ${init.path} failed with ${init.status} ${type}${body.message ? `: ${body.message}` : ''}`,
    type,
    status: init.status,
    code: body.code,
    param: body.param,
    requestId: init.requestId,
    retryAfterMs: init.retryAfterMs,
    apiMessage: body.message,
    redact: init.redact,
  });
}

function withRequestId(sentence: string, requestId: string | undefined): string {
  return requestId ? `${sentence} (Request ID: ${requestId})` : sentence;
}

/** ` Airforce said: "…".` when the API explained itself, else empty. */
function said(err: AirforceError): string {
  const msg = err.apiMessage?.trim();
  return msg ? ` Airforce said: "${msg.replace(/[.\s]+$/, '')}".` : '';
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function describe(err: AirforceError): string {
  switch (err.code) {
    case 'missing_api_key':
      return 'No Airforce API key is set: run "Airforce: Set API Key" to add one.';
    case 'create_outcome_unknown':
    case 'unsafe_base_url':
    case 'unsafe_task_id':
    case 'unusable_api_key':
    case 'answer_stalled':
    case 'answer_too_slow':
    case 'answer_cut':
      return err.message;
    case 'provider_error':
      return `The provider failed to generate it; nothing was billed: try again.${said(err)}`;
    case 'response_too_large':
      return `Airforce sent a response far larger than expected, so it was not read (${err.message}). Try again later; report it if it keeps happening.`;
    case 'free_tier_gated':
      return `This model is not available on your current Airforce plan: upgrade your plan to use it.${said(err)}`;
  }
  switch (err.type) {
    case 'network_error':
      return err.code === 'timeout'
        ? 'Airforce did not answer in time: check your connection and the "airforce.baseUrl" setting, then try again.'
        : 'Could not reach Airforce: check your connection and the "airforce.baseUrl" setting, then try again.';
    case 'invalid_response':
      return `Airforce sent a response this extension does not understand (${err.message}); try again or update the extension.`;
  }
  switch (err.status) {
    case 400:
      return `Airforce refused the request${err.param ? ` (field "${err.param}")` : ''}: fix it and try again.${said(err)}`;
    case 401:
      return `Airforce rejected the API key: set it again with "Airforce: Set API Key".${said(err)}`;
    case 402:
      return `Your Airforce balance is too low: top up your balance, then try again.${said(err)}`;
    case 403:
      return `Your Airforce key or plan does not allow this request: check your plan or upgrade it.${said(err)}`;
    case 404:
      return `Airforce could not find it: the task may have expired, been deleted or belong to another key.${said(err)}`;
    case 413:
      return `The request is too large: use smaller input images.${said(err)}`;
    case 429:
      return `Airforce limit reached: ${err.retryAfterMs !== undefined ? `retry in ${seconds(err.retryAfterMs)} s` : 'wait a moment and retry'} (at most 4 videos can be in progress per key).${said(err)}`;
    case 500:
      return `Airforce had an internal error: try again, and quote the request id if it keeps happening.${said(err)}`;
    case 503:
      return `The model's provider is unavailable right now: try another model or wait a few minutes.${said(err)}`;
  }
  return err.apiMessage ? `Airforce request failed: ${err.apiMessage}` : err.message;
}
