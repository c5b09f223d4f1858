// API errors as the real service sends them: an HTTP status plus the envelope
// {error:{message,type,code,param}} (or, when a test asks for it, the flat {error, message} form).

export type ErrorType =
  'invalid_request' | 'authentication_error' | 'insufficient_balance' | 'permission_error' | 'not_found' | 'payload_too_large' | 'rate_limit' | 'internal_error' | 'upstream_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    /** Seconds; sent as the Retry-After header and `retry_after` in the body. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  envelope(flat = false): Record<string, unknown> {
    const retry = this.retryAfter === undefined ? {} : { retry_after: this.retryAfter };
    if (flat) return { error: this.type, message: this.message, code: this.code, ...retry };
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param, ...retry } };
  }
}

export const invalid = (message: string, code: string, param: string | null = null): ApiError => new ApiError(400, 'invalid_request', message, code, param);

export const notFound = (message: string, code = 'not_found'): ApiError => new ApiError(404, 'not_found', message, code);

export const unauthorized = (message: string, code: 'missing_api_key' | 'invalid_api_key'): ApiError => new ApiError(401, 'authentication_error', message, code);
