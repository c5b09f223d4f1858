// Reads a 2xx JSON answer against its zod schema. Every failure is an invalid_response naming the
// first mismatch, so a changed API shows up as "unexpected response at data[1].id", not a crash.
import type { z } from 'zod/mini';
import { formatBytes } from './body';
import type { AirforceError, AirforceErrorInit } from './errors';
import { formatPath } from './failureText';

export interface ReadBody {
  status: number;
  requestId: string;
  bodyText: string;
  /** Set when the body was over the cap and not read. */
  tooLarge?: number;
}

export function parseJsonBody<S extends z.ZodMiniType>(
  schema: S,
  ex: ReadBody,
  label: string,
  maxJsonBytes: number,
  error: (init: AirforceErrorInit) => AirforceError,
): z.output<S> {
  if (ex.tooLarge !== undefined) {
    // Not a network error and not retried: asking again would only fetch the same flood.
    throw error({
      message: `${label} answered ${ex.status} with a body of ${formatBytes(ex.tooLarge)} or more, over the ${formatBytes(maxJsonBytes)} limit`,
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
    throw error({ message: `${label} answered ${ex.status} with a body that is not JSON`, type: 'invalid_response', status: ex.status, requestId: ex.requestId });
  }
  return checkJson(schema, json, ex, label, error);
}

/** Parsed JSON against its schema: an invalid_response naming the first mismatch. */
export function checkJson<S extends z.ZodMiniType>(
  schema: S,
  json: unknown,
  ex: Pick<ReadBody, 'status' | 'requestId'>,
  label: string,
  error: (init: AirforceErrorInit) => AirforceError,
): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = formatPath(issue?.path ?? []);
  throw error({
    message: `${label}: unexpected response at ${where}: ${issue?.message ?? 'invalid'}`,
    type: 'invalid_response',
    code: 'schema_mismatch',
    param: where,
    status: ex.status,
    requestId: ex.requestId,
  });
}
