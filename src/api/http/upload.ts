// One billed multipart upload (transcription, dubbing, isolation, voice changer, cloning): the size
// limit checked before anything is sent, and the server's 413 mapped to the same error; progress as
// the connection takes the bytes; cancellable. A connection lost *before the last byte left* cannot
// have made anything (the server never had the whole request), so it is a plain failure that may be
// sent again; lost after it, the fate is unknown (CreateOutcomeUnknownError, never re-sent).
import { MAX_SOURCE_BYTES } from '../rules/validationMedia';
import { formatBytes } from './body';
import { AirforceError, CreateOutcomeUnknownError, USAGE_ADVICE } from './errors';
import type { Exchange, Http } from './http';
import { multipartBody, type FormPart, type MultipartBody, type StreamBody } from './multipart';

/**
 * How long the server may work on an upload once its last byte left: a long recording's transcript
 * or isolated voice takes minutes, and a request cut then has an unknown (probably billed) fate.
 */
export const UPLOAD_ANSWER_TIMEOUT_MS = 10 * 60_000;

/** The default limit on an upload's file bytes (the API documents none): the one the validator checks. */
export const DEFAULT_MAX_UPLOAD_BYTES = MAX_SOURCE_BYTES;

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes handed to the connection so far, of `total` (the whole body). */
  onProgress?: (sent: number, total: number) => void;
  /** Largest sum of file bytes sent; default DEFAULT_MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  /** The server's time to answer once the body is sent; default UPLOAD_ANSWER_TIMEOUT_MS. */
  answerTimeoutMs?: number;
}

export interface UploadSpec {
  path: string;
  parts: readonly FormPart[];
  /** Names the request in a lost-connection message ("transcription request"). */
  subject: string;
  accept: string;
  /** Resolve at the headers with the 2xx body unread (audio answers). */
  raw?: boolean;
}

/** What the person reads for a file over the limit, whether we or the server found it. */
export function uploadTooLarge(http: Http, limitBytes: number | undefined, init: { requestId?: string; apiMessage?: string } = {}): AirforceError {
  const limit = limitBytes === undefined ? "the server's limit" : `the limit of ${formatBytes(limitBytes)}`;
  return http.error({
    message: `The file is too large to upload: it is over ${limit}. Use a shorter or more compressed file.`,
    type: 'payload_too_large',
    code: 'upload_too_large',
    ...init,
  });
}

/** Lays out the body and checks the limit: nothing is sent for a file over it. */
export async function prepareUpload(http: Http, parts: readonly FormPart[], maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<MultipartBody> {
  let body: MultipartBody;
  try {
    body = await multipartBody(parts);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw http.error({
      message: `The file to upload cannot be read${typeof code === 'string' ? ` (${code})` : ''}; nothing was sent.`,
      type: 'invalid_request',
      code: 'upload_unreadable',
      cause: err,
    });
  }
  if (body.fileBytes > maxBytes) throw uploadTooLarge(http, maxBytes);
  return body;
}

/** Sends the upload; resolves with the 2xx exchange (unread when `raw`). */
export async function sendUpload(http: Http, spec: UploadSpec, opts: UploadOptions = {}): Promise<Exchange> {
  const body = await prepareUpload(http, spec.parts, opts.maxBytes);
  let sent = 0;
  const counted: StreamBody = {
    contentType: body.contentType,
    length: body.length,
    open: () =>
      counting(body, (n) => {
        sent += n;
        opts.onProgress?.(sent, body.length);
      }),
  };
  try {
    return await http.send({
      method: 'POST',
      path: spec.path,
      body: counted,
      signal: opts.signal,
      accept: spec.accept,
      raw: spec.raw,
      answerTimeoutMs: opts.answerTimeoutMs ?? UPLOAD_ANSWER_TIMEOUT_MS,
      billed: { subject: spec.subject, advice: USAGE_ADVICE },
    });
  } catch (err) {
    if (err instanceof CreateOutcomeUnknownError && sent < body.length) {
      // The server never had the whole body: nothing was made or billed.
      const cause = err.cause instanceof AirforceError ? err.cause : undefined;
      const stalled = cause?.code === 'timeout';
      throw http.error({
        message: stalled
          ? `The upload stalled after ${formatBytes(sent)} of ${formatBytes(body.length)}; nothing was billed. Try again.`
          : `The connection was lost during the upload (${formatBytes(sent)} of ${formatBytes(body.length)}); nothing was billed. Try again.`,
        type: 'network_error',
        code: stalled ? 'upload_stalled' : 'upload_cut',
        requestId: err.requestId,
        cause: err,
      });
    }
    if (err instanceof AirforceError && err.status === 413) throw uploadTooLarge(http, undefined, { requestId: err.requestId, apiMessage: err.apiMessage });
    throw err;
  }
}

async function* counting(body: StreamBody, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body.open()) {
    add(chunk.byteLength);
    yield chunk;
  }
}
